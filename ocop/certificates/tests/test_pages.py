"""Register, dashboard, certificate page, public verification, generated files."""

import io
from datetime import date, timedelta

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from ocop.certificates import documents, services, validity
from ocop.certificates.models import Certificate
from ocop.core.documents import pdf_text
from ocop.producers.services import producer_update
from ocop.territory.models import AdministrativeUnit
from tests.factories import ProducerFactory, ProductFactory, legacy_commune


@pytest.fixture
def coffee(demo):
    return Certificate.objects.get(product__name="Cà phê bột Robusta Đăk Kôi")


def add_certificates(count: int) -> None:
    """More certificates in today's and former communes of Quảng Ngãi, across statuses."""
    district = AdministrativeUnit.objects.get(level="district", code="614")
    decision = services.decision_create(
        actor=None, number="777/QĐ-UBND", decided_on=date(2024, 1, 10), level="district", issuing_unit=district
    )
    communes = [legacy_commune(code) for code in ("23482", "23485", "23488", "23491")]
    for index in range(count):
        producer = ProducerFactory(commune=communes[index % len(communes)])
        product = ProductFactory(producer=producer)
        services.certificate_issue(actor=None, decision=decision, product=product, number=f"X{index}", stars=3)


def count_queries(client, url, params=None) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params or {})
    assert response.status_code == 200
    return len(queries)


@pytest.mark.django_db
@pytest.mark.parametrize("url_name", ["certificates:list", "certificates:dashboard", "monitoring:index"])
def test_list_pages_cost_the_same_queries_for_few_and_many_rows(client_for, demo, url_name):
    client = client_for("tinh")
    url = reverse(url_name)
    client.get(url)  # reads what pages keep between requests (the unit filter's options)
    few = count_queries(client, url)
    add_certificates(30)
    many = count_queries(client, url)
    assert few == many
    assert count_queries(client, url, {"trang_thai": "due", "sao": "3"}) <= many + 1


@pytest.mark.django_db
def test_the_dashboard_counts_by_status_and_stars_for_a_former_unit(client_for, demo):
    former = AdministrativeUnit.objects.get(level="district", code="614")
    response = client_for("tinh").get(reverse("certificates:dashboard"), {"don_vi": former.pk})
    table = {row["status"]: row for row in response.context["table"]}
    # Under the former Huyện Kon Rẫy: the certificates of products registered in its communes.
    assert table["extended_pending"]["stars"] == [1, 0, 0]
    assert table["revoked"]["total"] == 1
    due = [certificate.product_name for certificate, _ in response.context["rows"]]
    assert "Cà phê hạt rang Đắk Tơ Lung" in due and "Sâm dây khô Kon Rẫy" not in due
    today_unit = AdministrativeUnit.objects.get(level="commune", code="23485", valid_to__isnull=True)
    response = client_for("tinh").get(reverse("certificates:dashboard"), {"don_vi": today_unit.pk})
    names = {certificate.product_name for certificate, _ in response.context["rows"]}
    # Today's Xã Đăk Kôi covers chuthe1's coffee and the former Đắk Tơ Lung's and Đắk Kôi's.
    assert names == {"Cà phê bột Robusta Đăk Kôi", "Cà phê hạt rang Đắk Tơ Lung", "Thịt heo đen gác bếp"}
    page = response.content.decode()
    assert "Giấy chứng nhận cần xử lý" in page and "Giấy tờ tuân thủ sắp hết hạn" in page
    assert "45/2024/NNPTNT-KT" in page


@pytest.mark.django_db
def test_the_dashboard_answers_for_any_day(client_for, demo):
    coffee = Certificate.objects.get(product__name="Cà phê bột Robusta Đăk Kôi")
    later = coffee.expires_on + timedelta(days=1)
    response = client_for("tinh").get(reverse("certificates:dashboard"), {"ngay": later.isoformat()})
    statuses = {c.product_name: c.status for c, _ in response.context["rows"]}
    assert statuses["Cà phê bột Robusta Đăk Kôi"] == "expired"


@pytest.mark.django_db
def test_the_certificate_page_says_reevaluation_can_start_and_records_a_filing(client_for, coffee):
    client = client_for("tinh")
    page = client.get(reverse("certificates:detail", args=[coffee.pk])).content.decode()
    assert "Trong thời hạn nộp hồ sơ đánh giá lại" in page
    assert "Có thể bắt đầu đánh giá lại" in page and "Bắt đầu đánh giá lại" in page
    today = timezone.localdate()
    response = client.post(reverse("certificates:reevaluation_filed", args=[coffee.pk]), {"filed_on": today.isoformat(), "reference": "Số 12"})
    assert response.status_code == 302
    coffee.refresh_from_db()
    assert coffee.reevaluation_filed_on == today
    assert validity.certificate_status(coffee, today) == validity.VALID
    page = client.get(reverse("certificates:detail", args=[coffee.pk])).content.decode()
    assert "đang chờ kết quả" in page


@pytest.mark.django_db
def test_the_public_page_shows_the_status_plainly_and_no_private_contact(client, coffee):
    producer = coffee.product.producer
    producer_update(actor=None, producer=producer, phone="0912345678", email="htx@example.com", public_contact=False)
    url = reverse("certificates:verify", args=[coffee.public_code])
    page = client.get(url).content.decode()
    assert "Còn hiệu lực" in page and "Cà phê bột Robusta Đăk Kôi" in page
    assert coffee.expires_on.strftime("%d/%m/%Y") in page and coffee.issued_on.strftime("%d/%m/%Y") in page
    assert "0912345678" not in page and "htx@example.com" not in page
    assert "Y Hiền" not in page  # the representative is personal data
    producer_update(actor=None, producer=producer, public_contact=True)
    page = client.get(url).content.decode()
    assert "0912345678" in page
    # The QR is its own image (drawn by its own request, not on every visit of this page).
    qr = reverse("catalogue:certificate_qr_svg", args=[coffee.public_code])
    assert f'<img src="{qr}"' in page and "<svg" not in page
    assert client.get(qr).content.decode().count("<svg") == 1


@pytest.mark.django_db
def test_the_public_page_of_an_expired_certificate_says_so(client, demo):
    expired = Certificate.objects.get(product__name="Thịt heo đen gác bếp")
    page = client.get(reverse("certificates:verify", args=[expired.public_code.lower()])).content.decode()
    assert "Đã hết hiệu lực" in page


@pytest.mark.django_db
def test_the_qr_code_encodes_the_site_address_of_the_verification_page(coffee, monkeypatch):
    payloads = []
    monkeypatch.setattr(documents, "qr_svg", lambda payload, **kw: payloads.append(payload) or "<svg></svg>")
    documents.certificate_qr_svg(coffee)
    assert payloads == [f"{settings.OCOP_SITE_URL}/giay-chung-nhan/xac-minh/{coffee.public_code}/"]


@pytest.mark.django_db
def test_the_printed_certificate_is_a_pdf_with_the_product_and_its_code(client_for, coffee):
    response = client_for("chuthe1").get(reverse("certificates:pdf", args=[coffee.pk]))
    assert response["Content-Type"] == "application/pdf"
    text = " ".join(pdf_text(response.content).split())  # lines wrap differently per code
    assert "GIẤY CHỨNG NHẬN" in text
    assert "Cà phê bột Robusta Đăk Kôi" in text
    assert f"Mã xác minh {coffee.public_code}" in text
    assert coffee.expires_on.strftime("%d/%m/%Y") in text


@pytest.mark.django_db
def test_the_register_exports_to_excel_with_statuses_in_vietnamese(client_for, demo):
    response = client_for("tinh").get(reverse("certificates:list"), {"xuat": "xlsx"})
    # Written in constant memory to a temporary file and streamed from it.
    assert response.streaming and response["Content-Disposition"].startswith("attachment;")
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    assert workbook["Thông tin"]["A1"].value == "Tình trạng tính đến ngày"
    sheet = workbook.worksheets[0]
    rows = [[c.value for c in r] for r in sheet.iter_rows()]
    assert rows[0][:3] == ["Số giấy chứng nhận", "Tên sản phẩm", "Chủ thể"]
    by_product = {r[1]: r for r in rows[1:]}
    assert by_product["Cà phê hạt rang Đắk Tơ Lung"][3] == "Xã Đắk Tơ Lung (nay là Xã Đăk Kôi)"
    assert by_product["Cà phê hạt rang Đắk Tơ Lung"][11] == "Gia hạn chờ kết quả đánh giá lại"
    assert by_product["Rượu cần Đắk Ruồng"][11] == "Đã thu hồi"


@pytest.mark.django_db
def test_the_register_export_follows_the_filters_of_the_page(client_for, demo):
    client = client_for("tinh")
    stars = str(client.get(reverse("certificates:list")).context["rows"][0][0].stars)
    listed = {c.number for c, _ in client.get(reverse("certificates:list"), {"sao": stars}).context["rows"]}
    response = client.get(reverse("certificates:list"), {"sao": stars, "xuat": "xlsx"})
    rows = [[c.value for c in r] for r in load_workbook(io.BytesIO(b"".join(response.streaming_content))).worksheets[0].iter_rows()]
    assert listed and {r[0] for r in rows[1:]} == listed and all(r[4] == int(stars) for r in rows[1:])
    # The page's export link carries its filters.
    assert f"sao={stars}&amp;xuat=xlsx" in client.get(reverse("certificates:list"), {"sao": stars}).content.decode()


@pytest.mark.django_db
def test_the_navigation_offers_the_register_and_monitoring_to_the_right_roles(client_for):
    labels = [item.label for item in client_for("xa.dakkoi").get(reverse("core:home")).context["nav_items"]]
    assert "Giấy chứng nhận" in labels and "Kiểm tra, giám sát" in labels
    labels = [item.label for item in client_for("chuthe1").get(reverse("core:home")).context["nav_items"]]
    assert "Giấy chứng nhận" in labels and "Kiểm tra, giám sát" not in labels


def test_a_reevaluation_dossier_is_started_from_a_certificate_in_its_window(client_for, users, coffee):
    from ocop.evaluation.models import Dossier, DossierKind
    from ocop.notifications.models import Notification

    page = client_for("tinh").get(reverse("certificates:detail", args=[coffee.pk])).content.decode()
    assert "Bắt đầu đánh giá lại" in page and reverse("certificates:reevaluation_start", args=[coffee.pk]) in page
    response = client_for("tinh").post(reverse("certificates:reevaluation_start", args=[coffee.pk]))
    dossier = Dossier.objects.get(certificate_ref=coffee.pk)
    assert response.status_code == 302 and response["Location"] == reverse("evaluation:detail", args=[dossier.pk])
    assert dossier.kind == DossierKind.REEVALUATION and dossier.product_id == coffee.product_id
    assert dossier.certificate_expires_on == coffee.expires_on
    assert Notification.objects.filter(recipient=users["chuthe1"], url=response["Location"]).exists()
    # The producer completes it: the dossier is theirs to edit.
    assert client_for("chuthe1").get(reverse("evaluation:mau01", args=[dossier.pk])).status_code == 200


def test_a_reevaluation_is_refused_outside_the_window_and_for_outsiders(client_for, demo):
    from ocop.evaluation.models import Dossier

    far = Certificate.objects.get(product__name="Sâm dây khô Kon Rẫy")  # 700 days left
    response = client_for("tinh").post(reverse("certificates:reevaluation_start", args=[far.pk]), follow=True)
    assert "Chưa đến thời hạn nộp hồ sơ đánh giá lại" in response.content.decode()
    coffee = Certificate.objects.get(product__name="Cà phê bột Robusta Đăk Kôi")
    assert client_for("chuthe2").post(reverse("certificates:reevaluation_start", args=[coffee.pk])).status_code == 404
    assert client_for("chuthe2").get(reverse("certificates:reevaluation_start", args=[coffee.pk])).status_code in (404, 405)
    assert not Dossier.objects.filter(certificate_ref__in=[far.pk, coffee.pk]).exists()


@pytest.mark.django_db
def test_a_long_register_export_is_made_by_a_job_and_downloaded_by_its_owner_only(client_for, demo, settings, users):
    from ocop.jobs.models import Job
    from ocop.jobs.testing import run_worker

    settings.OCOP_SYNC_EXPORT_MAX_ROWS = 0
    client = client_for("tinh")
    page = client.get(reverse("certificates:list"), {"sao": "4", "xuat": "xlsx"})
    assert "được lập trên máy chủ" in page.content.decode() and not page.streaming
    listed = {c.number for c, _ in client.get(reverse("certificates:list"), {"sao": "4"}).context["rows"]}
    response = client.post(reverse("certificates:list") + "?sao=4&xuat=xlsx", {"ma_yeu_cau": "t1"})
    job = Job.objects.get()
    assert response["Location"] == reverse("jobs:detail", args=[job.public_id])
    # The same form sent again finds the same job.
    client.post(reverse("certificates:list") + "?sao=4&xuat=xlsx", {"ma_yeu_cau": "t1"})
    assert Job.objects.count() == 1

    run_worker()

    job.refresh_from_db()
    assert job.state == "succeeded" and job.total == len(listed) and job.done == job.total
    download = client.get(reverse("jobs:download", args=[job.public_id]))
    workbook = load_workbook(io.BytesIO(b"".join(download.streaming_content)))
    assert workbook["Thông tin"]["A1"].value == "Tình trạng tính đến ngày"
    rows = [[c.value for c in r] for r in workbook.worksheets[0].iter_rows()]
    assert rows[0][:3] == ["Số giấy chứng nhận", "Tên sản phẩm", "Chủ thể"]
    assert {r[0] for r in rows[1:]} == listed and all(r[4] == 4 for r in rows[1:])
    other = client_for("xa.dakkoi")
    assert other.get(reverse("jobs:download", args=[job.public_id])).status_code == 404


@pytest.mark.django_db
def test_the_qr_landing_page_reads_one_row_and_nothing_it_does_not_show(client, coffee, django_assert_num_queries):
    # The most visited page: one query, with only the columns the page shows (a deferred
    # column the template touched would add a query per scan and fail this count).
    producer_update(actor=None, producer=coffee.product.producer, phone="0912345678", public_contact=True)
    url = reverse("certificates:verify", args=[coffee.public_code])
    client.get(url)
    with django_assert_num_queries(1) as captured:
        page = client.get(url).content.decode()
    assert "0912345678" in page and coffee.decision.issuer_name in page and coffee.number in page
    sql = captured.captured_queries[0]["sql"]
    assert "representative" not in sql and "tax_code" not in sql  # columns the page never shows
