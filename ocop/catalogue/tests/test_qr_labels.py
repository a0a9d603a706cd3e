import pytest
from django.urls import reverse

from ocop.accounts.models import Role, User
from ocop.accounts.services import role_assign
from ocop.catalogue.codes import product_code
from ocop.catalogue.tests.helpers import issue_certificate
from ocop.core.documents import pdf_text
from ocop.core.qr import qr_png, qr_svg
from ocop.jobs.models import Job
from ocop.jobs.testing import run_worker
from tests.factories import ProducerFactory, ProductFactory, current_commune


@pytest.fixture
def coffee(db):
    product = ProductFactory(name="Cà phê bột Robusta", producer=ProducerFactory(name="HTX Đăk Kôi"))
    issue_certificate(product, stars=4)
    return product


@pytest.mark.django_db
def test_the_product_qr_encodes_the_site_url_plus_the_product_page(client, coffee, settings):
    settings.OCOP_SITE_URL = "https://ocop.quangngai.gov.vn"
    code = product_code(coffee.pk)
    expected = f"https://ocop.quangngai.gov.vn/ocop/san-pham/{code}/"
    svg = client.get(reverse("catalogue:product_qr_svg", args=[code]))
    assert svg["Content-Type"].startswith("image/svg+xml")
    # segno is deterministic: the same payload gives the same symbol, so equality with the
    # code generated for the expected address proves what the served code encodes.
    assert svg.content.decode() == qr_svg(expected)
    png = client.get(reverse("catalogue:product_qr_png", args=[code]))
    assert png["Content-Type"] == "image/png" and png.content == qr_png(expected)
    assert expected in client.get(reverse("catalogue:product", args=[code])).content.decode()


@pytest.mark.django_db
def test_the_certificate_qr_encodes_its_public_verification_page(client, coffee, settings):
    settings.OCOP_SITE_URL = "https://ocop.quangngai.gov.vn"
    certificate = coffee.certificates.get()
    path = reverse("certificates:verify", args=[certificate.public_code])
    response = client.get(reverse("catalogue:certificate_qr_svg", args=[certificate.public_code]))
    assert response.content.decode() == qr_svg("https://ocop.quangngai.gov.vn" + path)
    assert client.get(reverse("catalogue:certificate_qr_png", args=[certificate.public_code])).status_code == 200
    assert client.get(reverse("catalogue:certificate_qr_svg", args=["KHONGCOMA2"])).status_code == 404
    # The page it leads to exists and needs no login.
    assert client.get(path).status_code == 200


def _user(username, role, **scope):
    user = User.objects.create_user(username=username, password="x")
    role_assign(actor=None, user=user, role=role, **scope)
    return user


@pytest.mark.django_db
def test_label_sheets_need_a_login(client, coffee):
    response = client.get(reverse("catalogue:labels_pdf"), {"sp": coffee.pk})
    assert response.status_code == 302 and "/tai-khoan/dang-nhap/" in response["Location"]


@pytest.mark.django_db
def test_council_members_may_not_print_labels(client, coffee):
    from ocop.territory.models import AdministrativeUnit

    province = AdministrativeUnit.objects.get(level="province", code="51", valid_to__isnull=True)
    client.force_login(_user("hoidong", Role.COUNCIL_MEMBER, unit=province))
    assert client.get(reverse("catalogue:labels")).status_code == 403


@pytest.mark.django_db
def test_the_commune_officer_prints_a_pdf_sheet_of_labels_with_name_stars_and_qr(client, coffee):
    client.force_login(_user("xa", Role.COMMUNE_OFFICER, unit=current_commune("23485")))
    page = client.get(reverse("catalogue:labels"))
    assert "Cà phê bột Robusta" in page.content.decode()
    response = client.get(reverse("catalogue:labels_pdf"), {"sp": [coffee.pk], "so_nhan": "3"})
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert text.count("Cà phê bột Robusta") == 3
    assert "OCOP 4 sao" in text
    assert f"/ocop/san-pham/{product_code(coffee.pk)}/" in text.replace("\n", "")


@pytest.mark.django_db
def test_a_producer_prints_labels_for_its_own_products_only(client, coffee):
    other = ProductFactory(name="Gạo của chủ thể khác", producer=ProducerFactory(commune=current_commune("23497")))
    issue_certificate(other, stars=3, expires_in_days=500)
    client.force_login(_user("chuthe", Role.PRODUCER, producer=coffee.producer))
    page = client.get(reverse("catalogue:labels")).content.decode()
    assert "Cà phê bột Robusta" in page and "Gạo của chủ thể khác" not in page
    response = client.get(reverse("catalogue:labels_pdf"), {"sp": [coffee.pk, other.pk]})
    text = pdf_text(response.content)
    assert "Cà phê bột Robusta" in text and "Gạo của chủ thể khác" not in text
    # Only someone else's product chosen: nothing to print, said plainly (never a 200 page
    # where a PDF was promised), with the way back to the form.
    response = client.get(reverse("catalogue:labels_pdf"), {"sp": [other.pk]})
    assert response.status_code == 400 and response["Content-Type"].startswith("text/html")
    html = response.content.decode()
    assert "không có trong phạm vi của bạn" in html and reverse("catalogue:labels") in html


@pytest.mark.django_db
def test_a_full_sheet_holds_24_labels_and_more_go_to_a_second_page(client, coffee):
    import io

    from pypdf import PdfReader

    client.force_login(_user("tinh", Role.PROVINCE_OFFICE, unit=current_commune("23485").parent))
    second = ProductFactory(name="Mật ong rừng")
    issue_certificate(second, stars=3, expires_in_days=500)
    url = reverse("catalogue:labels_pdf") + f"?sp={coffee.pk}&sp={second.pk}&so_nhan=24"
    # More than one sheet is made by a job: the page says how much, the button starts it.
    page = client.get(url)
    assert page.status_code == 200 and page["Content-Type"].startswith("text/html")
    assert "48 nhãn của 2 sản phẩm, trên 2 trang A4." in page.content.decode()
    started = client.post(url, {"ma_yeu_cau": "mot-lan"})
    assert client.post(url, {"ma_yeu_cau": "mot-lan"})["Location"] == started["Location"]  # sent twice, one job
    job = Job.objects.get(kind="qr-labels")
    assert started.status_code == 302 and started["Location"] == reverse("jobs:detail", args=[job.public_id])
    run_worker()
    job.refresh_from_db()
    assert job.state == Job.State.SUCCEEDED and job.result["message"] == "Đã lập 48 nhãn trên 2 trang A4."
    download = client.get(reverse("jobs:download", args=[job.public_id]))
    assert download.status_code == 200
    data = b"".join(download.streaming_content)
    reader = PdfReader(io.BytesIO(data))
    assert len(reader.pages) == 2
    assert "Mật ong rừng" in pdf_text(data) and "Cà phê bột Robusta" in pdf_text(data)
    # The sheets are their owner's only.
    client.force_login(_user("xa.khac", Role.COMMUNE_OFFICER, unit=current_commune("23497")))
    assert client.get(reverse("jobs:download", args=[job.public_id])).status_code == 404


@pytest.mark.django_db
def test_a_label_job_reads_the_owners_scope_when_it_runs(client, coffee):
    """A job asked for products outside its owner's scope (another commune's, or a product
    that left the scope since) prints nothing of them and says why. One sheet is made at
    once, without a job."""
    from ocop.jobs.services import job_submit

    other = ProductFactory(name="Gạo xã bên", producer=ProducerFactory(commune=current_commune("23497")))
    issue_certificate(other, stars=3, expires_in_days=500)
    officer = _user("xa", Role.COMMUNE_OFFICER, unit=current_commune("23485"))
    client.force_login(officer)
    one_sheet = client.get(reverse("catalogue:labels_pdf"), {"sp": coffee.pk, "so_nhan": "24"})
    assert one_sheet["Content-Type"] == "application/pdf" and not Job.objects.exists()
    job = job_submit(actor=officer, kind="qr-labels", title="Nhãn", key="k", params={"ids": [other.pk], "copies": 30})
    run_worker()
    job.refresh_from_db()
    assert job.state == Job.State.FAILED and "không còn trong phạm vi" in job.errors[0]


@pytest.mark.django_db
def test_label_sheets_live_in_the_officer_area_and_the_old_public_addresses_redirect_there(client, coffee):
    assert reverse("catalogue:labels") == "/san-pham/nhan-qr/"
    assert reverse("catalogue:labels_pdf") == "/san-pham/nhan-qr/in.pdf"
    response = client.get("/ocop/nhan-qr/", {"q": "ca phe"})
    assert response.status_code == 301 and response["Location"] == "/san-pham/nhan-qr/?q=ca+phe"
    response = client.get("/ocop/nhan-qr/in.pdf", {"sp": coffee.pk})
    assert response.status_code == 301 and response["Location"] == f"/san-pham/nhan-qr/in.pdf?sp={coffee.pk}"
    # Anonymous visitors are sent to the login page, from the officer address.
    response = client.get("/san-pham/nhan-qr/")
    assert response.status_code == 302 and response["Location"].startswith("/tai-khoan/dang-nhap/?next=/san-pham/nhan-qr/")


@pytest.mark.django_db
def test_the_pdf_link_with_nothing_chosen_answers_a_clear_error_not_a_page(client, coffee):
    client.force_login(_user("xa", Role.COMMUNE_OFFICER, unit=current_commune("23485")))
    for params in ({}, {"sp": ["abc"]}, {"so_nhan": "3"}):
        response = client.get(reverse("catalogue:labels_pdf"), params)
        assert response.status_code == 400, params
        assert "Chưa chọn sản phẩm nào để in nhãn" in response.content.decode()
    # The same link with a product chosen is a real PDF.
    response = client.get(reverse("catalogue:labels_pdf"), {"sp": coffee.pk})
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


@pytest.mark.django_db
def test_a_commune_officer_may_not_print_labels_of_another_communes_products(client, coffee):
    other = ProductFactory(name="Gạo xã bên", producer=ProducerFactory(commune=current_commune("23497")))
    issue_certificate(other, stars=3, expires_in_days=500)
    client.force_login(_user("xa.khac", Role.COMMUNE_OFFICER, unit=current_commune("23497")))
    page = client.get(reverse("catalogue:labels")).content.decode()
    assert "Gạo xã bên" in page and "Cà phê bột Robusta" not in page
    response = client.get(reverse("catalogue:labels_pdf"), {"sp": [coffee.pk]})
    assert response.status_code == 400
    response = client.get(reverse("catalogue:labels_pdf"), {"sp": [coffee.pk, other.pk]})
    text = pdf_text(response.content)
    assert "Gạo xã bên" in text and "Cà phê bột Robusta" not in text
