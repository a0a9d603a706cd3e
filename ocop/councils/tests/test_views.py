"""Pages and forbidden paths."""

import pytest
from django.urls import reverse

from ocop.councils import services
from ocop.councils.models import CouncilEvaluation
from ocop.evaluation.models import Dossier, DossierState

from .helpers import sheet_with_total

pytestmark = pytest.mark.django_db


@pytest.fixture
def evaluation(demo, users):
    dossier = Dossier.objects.get(product__name="Cà phê hạt rang Đắk Tơ Lung", state=DossierState.ACCEPTED)
    return services.evaluation_open(actor=users["hoidong1"], council=demo["province_council"], dossier=dossier)


def test_it_shows_the_queue_and_the_sheet_with_evidence_to_a_member(client_for, evaluation):
    client = client_for("hoidong2")
    assert evaluation.dossier.product.name in client.get("/hoi-dong/viec-cham-diem/").content.decode()
    page = client.get(f"/hoi-dong/danh-gia/{evaluation.pk}/cham-diem/").content.decode()
    assert "Tài liệu minh chứng của hồ sơ" in page and "Nộp phiếu" in page


def test_it_hides_points_before_closing_and_refuses_others(client_for, users, evaluation):
    member = evaluation.council.members.get(user=users["hoidong2"])
    services.sheet_save(actor=users["hoidong2"], evaluation=evaluation, points=sheet_with_total(13, 63), submit=True)
    page = client_for("hoidong1").get(f"/hoi-dong/danh-gia/{evaluation.pk}/").content.decode()
    assert "1/3 thành viên đã chấm" in page and "63.00" not in page and "63,00" not in page
    assert member.pk
    assert client_for("hoidong1").get(f"/hoi-dong/danh-gia/{evaluation.pk}/bien-ban.docx").status_code == 403


def test_forbidden_paths(client_for, evaluation):
    assert client_for("tuvan1").get(f"/hoi-dong/danh-gia/{evaluation.pk}/cham-diem/").status_code == 403
    assert client_for("hoidong2").post(f"/hoi-dong/danh-gia/{evaluation.pk}/ket-thuc/").status_code == 403
    assert client_for("hoidong2").get(f"/hoi-dong/{evaluation.council_id}/quyet-dinh/").status_code == 403
    assert client_for("chuthe1").get(f"/hoi-dong/danh-gia/{evaluation.pk}/").status_code == 404
    assert client_for("xa.dakkoi").get(f"/hoi-dong/{evaluation.council_id}/").status_code == 404


def test_a_conflicted_member_is_refused_the_sheet_with_a_message(client_for, evaluation):
    client = client_for("hoidong3")
    client.post(f"/hoi-dong/danh-gia/{evaluation.pk}/xung-dot/", {"reason": "Người thân là thành viên HTX."})
    response = client.get(f"/hoi-dong/danh-gia/{evaluation.pk}/cham-diem/")
    assert response.status_code == 403
    assert "xung đột lợi ích" in client.get(f"/hoi-dong/danh-gia/{evaluation.pk}/").content.decode()
    assert not CouncilEvaluation.objects.get(pk=evaluation.pk).sheets.filter(member__user__username="hoidong3").exists()


def test_it_shows_the_product_history(client_for, demo):
    from ocop.products.models import Product

    product = Product.objects.get(name="Măng rừng khô")
    page = client_for("tinh").get(f"/hoi-dong/san-pham/{product.pk}/lich-su/").content.decode()
    assert "1234/QĐ-UBND" in page and "64" in page


def _png() -> bytes:
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), (200, 30, 30)).save(buffer, format="PNG")
    return buffer.getvalue()


def test_site_visit_photos_are_private_and_checked(client_for, demo, evaluation, settings):
    from pathlib import Path

    from django.core.files.uploadedfile import SimpleUploadedFile

    from ocop.core.storage import private_root
    from ocop.councils.models import AdvisoryRecord, Council

    team = Council.objects.get(advisory_for=demo["province_council"])
    url = f"/hoi-dong/{team.pk}/tu-van/{evaluation.dossier_id}/"
    visit = {"kind": "site_visit", "happened_on": "2026-08-03", "people": "Tổ tư vấn", "text": "Xưởng rang sạch."}
    client = client_for("tuvan1")

    fake = SimpleUploadedFile("anh.png", b"MZ\x90\x00 not an image", content_type="image/png")
    refused = client.post(url, {**visit, "photo": fake})
    assert refused.status_code == 200 and "ảnh" in refused.content.decode().lower()
    assert not AdvisoryRecord.objects.filter(council=team).exists()

    client.post(url, {**visit, "photo": SimpleUploadedFile("xuong.png", _png(), content_type="image/png")})
    record = AdvisoryRecord.objects.get(council=team)
    stored = Path(record.photo.path)
    assert private_root().resolve() in stored.resolve().parents and "xuong" not in stored.name
    assert Path(settings.MEDIA_ROOT).resolve() not in stored.resolve().parents

    photo_url = f"{url}anh/{record.pk}/"
    assert url in client.get(url).content.decode() and photo_url in client.get(url).content.decode()
    response = client.get(photo_url)
    assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"\x89PNG")
    for outsider in ("chuthe1", "xa.dakkoi"):
        assert client_for(outsider).get(photo_url).status_code == 404


def test_only_the_office_downloads_the_forwarding_letter_of_a_forwarded_product(client_for, demo, users):
    from ocop.councils.models import Outcome

    forwarded = CouncilEvaluation.objects.filter(outcome=Outcome.FORWARD).select_related("council").first()
    assert forwarded is not None  # the 2024 district scenario forwards the 72-point product
    url = f"/hoi-dong/danh-gia/{forwarded.pk}/de-nghi-cap-tren.docx"
    response = client_for("huyen").get(url)
    assert response.status_code == 200 and response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert client_for("chuthe1").get(url).status_code == 404
    assert client_for("hoidong2").get(url).status_code in (403, 404)


def test_the_office_summary_is_for_the_office_only(client_for, evaluation):
    url = f"/hoi-dong/{evaluation.council_id}/bao-cao-tong-hop.docx"
    from ocop.core.documents import docx_text

    response = client_for("tinh").get(url)
    assert response.status_code == 200 and evaluation.dossier.product.name in docx_text(response.content)
    assert client_for("hoidong2").get(url).status_code == 403
    assert client_for("chuthe1").get(url).status_code == 404


def test_the_province_home_leads_to_starting_scoring_then_to_the_decision(client_for, demo, users):
    from ocop.councils import selectors
    from ocop.evaluation.models import EvaluationRound
    from tests.factories import ProductFactory

    council = demo["province_council"]
    dossier = Dossier.objects.get(product__name="Cà phê hạt rang Đắk Tơ Lung", state=DossierState.ACCEPTED)
    pairs, count = selectors.scoring_to_start(actor=users["tinh"], limit=5)
    assert (council, dossier) in pairs and count == len(pairs)
    assert selectors.scoring_to_start(actor=users["chuthe1"], limit=5) == ([], 0)
    assert selectors.scoring_to_start(actor=users["xa.dakkoi"], limit=5) == ([], 0)
    page = client_for("tinh").get("/").content.decode()
    assert "Hồ sơ đã tiếp nhận, chờ Hội đồng bắt đầu chấm điểm" in page
    assert f'href="/hoi-dong/{council.pk}/">Bắt đầu chấm điểm</a>' in page

    # Accepted into a round no council holds yet: listed too, leading to the councils.
    product = ProductFactory(commune=dossier.commune)
    other = Dossier.objects.create(
        product=product, producer=product.producer, commune=dossier.commune, province=dossier.province,
        kind=dossier.kind, regime_key=dossier.regime_key, filed_on=dossier.filed_on, state=DossierState.ACCEPTED,
        round=EvaluationRound.objects.create(level="province", unit=council.unit, regime_key=dossier.regime_key,
                                             year=2027, number=8, name="Đợt chưa có hội đồng"),
    )
    pairs, count = selectors.scoring_to_start(actor=users["tinh"], limit=50)
    assert (None, other) in pairs and (council, dossier) in pairs and count == len(pairs)
    assert "Lập hội đồng hoặc gắn đợt cho hội đồng" in client_for("tinh").get("/").content.decode()
    other.delete()

    evaluation = services.evaluation_open(actor=users["tinh"], council=council, dossier=dossier)
    for username in ("hoidong1", "hoidong2", "hoidong3"):
        services.sheet_save(actor=users[username], evaluation=evaluation, points=sheet_with_total(13, 76), submit=True)
    assert services.evaluation_close(actor=users["hoidong1"], evaluation=evaluation).closed
    assert dossier not in [d for _, d in selectors.scoring_to_start(actor=users["tinh"], limit=5)[0]]
    evaluations, _ = selectors.results_to_act_on(actor=users["tinh"], limit=5)
    assert evaluation in evaluations
    page = client_for("tinh").get("/").content.decode()
    assert f'href="/hoi-dong/{council.pk}/quyet-dinh/">Lập quyết định công nhận</a>' in page
    assert selectors.results_to_act_on(actor=users["hoidong2"], limit=5) == ([], 0)


@pytest.mark.django_db
def test_a_councils_decisions_and_certificates_come_as_one_zip_made_by_a_job(client_for, demo, users):
    import io
    import zipfile

    from docx import Document
    from pypdf import PdfReader

    from ocop.councils.models import CouncilEvaluation
    from ocop.jobs.models import Job
    from ocop.jobs.testing import run_worker

    evaluation = CouncilEvaluation.objects.filter(decision__isnull=False, certificate__isnull=False).select_related("council", "certificate").first()
    assert evaluation is not None, "the demo issues certificates through a council"
    council = evaluation.council
    client = client_for("tinh")
    assert "Lập toàn bộ quyết định và giấy chứng nhận" in client.get(reverse("councils:detail", args=[council.pk])).content.decode()
    response = client.post(reverse("councils:documents", args=[council.pk]), {"ma_yeu_cau": "z1"})
    job = Job.objects.get()
    assert response["Location"] == reverse("jobs:detail", args=[job.public_id])
    # Not the council's office: refused, no job.
    assert client_for("chuthe1").post(reverse("councils:documents", args=[council.pk])).status_code in (403, 404)
    assert Job.objects.count() == 1

    run_worker()

    job.refresh_from_db()
    assert job.state == "succeeded", job.errors
    certified = CouncilEvaluation.objects.filter(council=council, certificate__isnull=False).select_related("certificate")
    decisions = set(CouncilEvaluation.objects.filter(council=council, decision__isnull=False).values_list("decision_id", flat=True))
    assert job.total == len(decisions) + certified.count() and job.done == job.total
    download = client_for("tinh").get(reverse("jobs:download", args=[job.public_id]))
    archive = zipfile.ZipFile(io.BytesIO(b"".join(download.streaming_content)))
    names = archive.namelist()
    assert sorted(n for n in names if n.startswith("quyet-dinh/")) == sorted(f"quyet-dinh/quyet-dinh-{pk}.docx" for pk in decisions)
    first = certified.first().certificate
    pdf = PdfReader(io.BytesIO(archive.read(f"giay-chung-nhan/{first.number.replace('/', '-')}.pdf")))
    assert first.public_code in "".join(page.extract_text() for page in pdf.pages)
    decision_text = "\n".join(p.text for p in Document(io.BytesIO(archive.read(f"quyet-dinh/quyet-dinh-{first.decision_id}.docx"))).paragraphs)
    assert "QUYẾT ĐỊNH" in decision_text.upper()
    assert client_for("xa.dakkoi").get(reverse("jobs:download", args=[job.public_id])).status_code == 404
