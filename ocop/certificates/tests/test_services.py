"""Services for the decision workflow, re-evaluation, revocation, and the SQL status."""

import io
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from ocop.certificates import legal, services, validity
from ocop.certificates.documents import revocation_decision_docx
from ocop.certificates.models import Certificate, Revocation
from ocop.certificates.selectors import current_certificates_for, status_in, with_status
from ocop.core.documents import docx_text
from ocop.notifications.models import Notification
from ocop.territory.models import AdministrativeUnit
from tests.factories import ProductFactory


def province(code="51"):
    return AdministrativeUnit.objects.get(level="province", code=code, valid_to__isnull=True)


@pytest.fixture
def decision(db):
    return services.decision_create(
        actor=None, number="88/QĐ-UBND", decided_on=date(2026, 6, 20), level="province", issuing_unit=province()
    )


@pytest.mark.django_db
def test_decision_create_picks_the_regime_and_names_the_issuer(decision):
    assert decision.regime_key == "qd26-2026"
    assert decision.issuer_name == "UBND tỉnh Quảng Ngãi"
    central = services.decision_create(actor=None, number="5/QĐ-BNNMT", decided_on=date(2026, 6, 20), level="central")
    assert central.issuer_name == "Bộ Nông nghiệp và Môi trường" and central.issuing_unit is None


@pytest.mark.django_db
def test_decision_create_refuses_a_district_after_the_reform(db):
    district = AdministrativeUnit.objects.get(level="district", code="614")
    with pytest.raises(ValidationError, match="cấp huyện"):
        services.decision_create(
            actor=None, number="1/QĐ-UBND", decided_on=date(2025, 8, 1), level="district", issuing_unit=district
        )


@pytest.mark.django_db
def test_certificate_issue_computes_expiry_and_checks_stars_and_score(decision):
    product = ProductFactory()
    certificate = services.certificate_issue(
        actor=None, decision=decision, product=product, number="9/GCN", stars=4, score=Decimal("71.5")
    )
    assert certificate.expires_on == date(2029, 6, 20)
    assert certificate.product_name == product.name and len(certificate.public_code) == 10
    assert certificate.events.get().kind == "issued"
    with pytest.raises(ValidationError) as error:
        services.certificate_issue(actor=None, decision=decision, product=ProductFactory(), number="10/GCN", stars=5)
    assert "không công nhận sản phẩm 5 sao" in str(error.value)
    with pytest.raises(ValidationError) as error:
        services.certificate_issue(
            actor=None, decision=decision, product=ProductFactory(), number="11/GCN", stars=4, score=Decimal("69.9")
        )
    assert "chỉ đạt hạng 3 sao" in str(error.value)  # bands are half-open: 69.9 is 3★
    with pytest.raises(ValidationError, match="đã có trong sổ"):
        services.certificate_issue(actor=None, decision=decision, product=ProductFactory(), number="9/gcn ", stars=3)


@pytest.mark.django_db
def test_a_new_certificate_replaces_the_old_one_and_closes_its_reevaluation(decision):
    product = ProductFactory()
    old_decision = services.decision_create(
        actor=None, number="7/QĐ-UBND", decided_on=date(2023, 12, 1), level="district",
        issuing_unit=AdministrativeUnit.objects.get(level="district", code="614"),
    )
    old = services.certificate_issue(actor=None, decision=old_decision, product=product, number="1/GCN", stars=3)
    assert old.expires_on == date(2026, 12, 1)
    services.certificate_mark_reevaluation_filed(actor=None, certificate=old, filed_on=date(2026, 6, 20))
    new = services.certificate_issue(
        actor=None, decision=services.decision_create(
            actor=None, number="99/QĐ-UBND", decided_on=date(2026, 8, 1), level="province", issuing_unit=province()
        ), product=product, number="2/GCN", stars=4, replaces=old,
    )
    old.refresh_from_db()
    assert old.replaced_by == new and old.replaced_on == date(2026, 8, 1)
    assert old.reevaluation_decided_on == date(2026, 8, 1)
    assert validity.certificate_status(old, date(2026, 8, 1)) == validity.REPLACED
    assert current_certificates_for([product.pk], on=date(2026, 8, 2)) == {product.pk: new}
    assert current_certificates_for([product.pk], on=date(2026, 7, 31)) == {product.pk: old}


@pytest.mark.django_db
def test_marking_a_reevaluation_filed_obeys_the_guard(decision):
    certificate = services.certificate_issue(actor=None, decision=decision, product=ProductFactory(), number="3/GCN", stars=3)
    with pytest.raises(ValidationError, match="Chưa đến thời hạn"):
        services.certificate_mark_reevaluation_filed(actor=None, certificate=certificate, filed_on=date(2026, 11, 1))


@pytest.mark.django_db
def test_current_certificates_for_reads_many_products_in_one_query(decision, django_assert_num_queries):
    products = [ProductFactory() for _ in range(4)]
    for index, product in enumerate(products[:3]):
        services.certificate_issue(actor=None, decision=decision, product=product, number=f"C{index}", stars=3 + index % 2)
    with django_assert_num_queries(1):
        result = current_certificates_for([p.pk for p in products], on=date(2026, 7, 1))
    assert set(result) == {p.pk for p in products[:3]}
    assert result[products[1].pk].stars == 4


def _boundary_certificates():
    """Certificates expiring on one day, in every re-evaluation, revocation and replacement
    case, and the days around each boundary of the rules (offsets from expiry)."""
    product = ProductFactory()
    decision = services.decision_create(
        actor=None, number="X/QĐ", decided_on=date(2023, 3, 1), level="district",
        issuing_unit=AdministrativeUnit.objects.get(level="district", code="614"),
    )
    expires = date(2026, 3, 1)
    variants = [
        {},
        {"reevaluation_filed_on": expires - timedelta(days=150)},
        {"reevaluation_filed_on": expires - timedelta(days=60)},
        {"reevaluation_filed_on": expires - timedelta(days=60), "reevaluation_decided_on": expires + timedelta(days=30)},
        {"reevaluation_filed_on": expires + timedelta(days=3)},
        {"revoked_on": expires - timedelta(days=200)},
        {"replaced_on": expires - timedelta(days=100)},
    ]
    certificates = []
    for index, fields in enumerate(variants):
        certificate = Certificate.objects.create(
            decision=decision, product=ProductFactory() if index else product, product_name="p", producer_name="q",
            number=f"N{index}", number_key=f"N{index}", stars=3, issued_on=date(2023, 3, 1), expires_on=expires,
            public_code=f"CODE{index:06d}", **fields,
        )
        certificates.append(certificate)
    offsets = [-400, -181, -180, -179, -121, -120, -119, -1, 0, 1, 29, 30, 31, 179, 180, 181, 182, 400]
    return certificates, [expires + timedelta(days=offset) for offset in offsets]


def test_sql_and_python_statuses_agree_on_every_boundary(db):
    """with_status (SQL CASE) must give what validity.certificate_status gives."""
    certificates, days = _boundary_certificates()
    for day in days:
        offset = (day - certificates[0].expires_on).days
        sql = dict(with_status(Certificate.objects.filter(pk__in=[c.pk for c in certificates]), day).values_list("pk", "status"))
        for certificate in certificates:
            assert sql[certificate.pk] == validity.certificate_status(certificate, day), (offset, certificate.number)


def test_the_expiry_bounds_of_a_status_filter_never_leave_out_a_certificate(db):
    """status_in adds the expiry dates a status implies (so an index reads them): on every
    boundary it must select exactly what the status alone selects."""
    certificates, days = _boundary_certificates()
    groups = [[status] for status in validity.STATUSES] + [sorted(validity.IN_FORCE), sorted(validity.DUE)]
    for day in days:
        every = with_status(Certificate.objects.filter(pk__in=[c.pk for c in certificates]), day)
        for statuses in groups:
            plain = set(every.filter(status__in=statuses).values_list("pk", flat=True))
            bounded = set(status_in(every, statuses, day).values_list("pk", flat=True))
            assert bounded == plain, (day, statuses)
    # The bounds are there: "in force" reads only certificates expiring from 180 days ago.
    sql = str(status_in(with_status(Certificate.objects.all(), days[0]), validity.IN_FORCE, days[0]).query)
    assert '"expires_on" >=' in sql


# -- revocation --------------------------------------------------------------------------------


def png_upload(name="bien-ban.png"):
    buffer = io.BytesIO()
    Image.new("RGB", (10, 10), (10, 120, 40)).save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


@pytest.fixture
def coffee_certificate(demo):
    return Certificate.objects.get(product__name="Cà phê bột Robusta Đăk Kôi")


@pytest.mark.django_db
def test_revocation_follows_article_8_from_proposal_to_decision(coffee_certificate, users):
    today = timezone.localdate()
    revocation = services.revocation_propose(
        actor=users["tinh"], certificate=coffee_certificate, ground="dd",
        facts="HTX đã ngừng sản xuất cà phê bột từ tháng 6.", conclusion_reference="Xác nhận số 3/XN-UBND của UBND xã Đăk Kôi",
        conclusion_on=today - timedelta(days=16), evidence=png_upload(),
    )
    assert revocation.deadline == today - timedelta(days=1)  # 15 days from the conclusion (Điều 8.4)
    assert revocation.is_overdue(today)
    assert revocation.authority == "Chủ tịch Ủy ban nhân dân cấp tỉnh"  # 3★ (Điều 8.2.a)
    assert revocation.evidence_name == "bien-ban.png" and revocation.evidence.name.endswith(".png")
    draft = docx_text(revocation_decision_docx(revocation))
    assert "Về việc thu hồi Giấy chứng nhận sản phẩm OCOP" in draft
    assert "CHỦ TỊCH ỦY BAN NHÂN DÂN CẤP TỈNH" in draft
    assert "điểm đ khoản 1 Điều 8" in draft and "Cà phê bột Robusta Đăk Kôi" in draft
    assert "Số:       /QĐ-UBND" in draft

    services.revocation_decide(
        actor=users["tinh"], revocation=revocation, decision_number="2001/QĐ-UBND", decided_on=today, signer="Trần Thị Bích"
    )
    coffee_certificate.refresh_from_db()
    assert coffee_certificate.revoked_on == today
    assert validity.certificate_status(coffee_certificate, today) == validity.REVOKED
    assert set(Notification.objects.filter(event_key=f"cert:{coffee_certificate.pk}:revoked").values_list(
        "recipient__username", flat=True)) == {"chuthe1", "xa.dakkoi"}
    revocation.refresh_from_db()
    final = docx_text(revocation_decision_docx(revocation))
    assert "Số: 2001/QĐ-UBND" in final and "Trần Thị Bích" in final
    with pytest.raises(ValidationError, match="đã bị thu hồi"):
        services.revocation_propose(
            actor=users["tinh"], certificate=coffee_certificate, ground="a", facts="x", conclusion_reference="y",
            conclusion_on=today,
        )


@pytest.mark.django_db
def test_a_five_star_revocation_is_for_the_minister(db):
    central = services.decision_create(actor=None, number="5/QĐ-BNNMT", decided_on=date(2026, 6, 20), level="central")
    certificate = services.certificate_issue(actor=None, decision=central, product=ProductFactory(), number="5S", stars=5)
    assert legal.revocation_authority(5).authority == "Bộ trưởng Bộ Nông nghiệp và Môi trường"
    revocation = services.revocation_propose(
        actor=None, certificate=certificate, ground="c", facts="Vi phạm ATTP", conclusion_reference="KL 1",
        conclusion_on=timezone.localdate(),
    )
    assert revocation.authority == "Bộ trưởng Bộ Nông nghiệp và Môi trường"
    text = docx_text(revocation_decision_docx(revocation))
    assert "BỘ NÔNG NGHIỆP VÀ MÔI TRƯỜNG" in text and "BỘ TRƯỞNG" in text


@pytest.mark.django_db
@pytest.mark.parametrize(
    "name, content",
    [("virus.pdf", b"MZ\x90\x00 executable"), ("anh.png", b"%PDF-1.4 pretending"), ("giay.pdf", b"GIF89a not a pdf")],
)
def test_evidence_must_be_a_pdf_or_an_image_by_content(coffee_certificate, client_for, name, content):
    response = client_for("tinh").post(
        reverse("certificates:revocation_propose", args=[coffee_certificate.pk]),
        {"ground": "b", "facts": "x", "conclusion_reference": "KL", "conclusion_on": timezone.localdate().isoformat(),
         "evidence": SimpleUploadedFile(name, content)},
    )
    if content.startswith(b"%PDF"):
        # A real PDF header is a PDF whatever the name says.
        assert response.status_code == 302
    else:
        assert response.status_code == 200
        assert "không phải là PDF hoặc ảnh hợp lệ" in response.content.decode()
        assert not Revocation.objects.filter(certificate=coffee_certificate).exists()


@pytest.mark.django_db
def test_a_revoked_certificate_shows_as_revoked_everywhere(demo, client_for, client):
    revoked = Certificate.objects.get(product__name="Rượu cần Đắk Ruồng")
    page = client.get(reverse("certificates:verify", args=[revoked.public_code])).content.decode()
    assert "Đã bị thu hồi" in page and "1520/QĐ-UBND" in page
    listing = client_for("tinh").get(reverse("certificates:list"), {"trang_thai": "revoked"})
    assert [c.number for c, _ in listing.context["rows"]] == [revoked.number]
    detail = client_for("tinh").get(reverse("certificates:detail", args=[revoked.pk])).content.decode()
    assert "Đã thu hồi" in detail and "Chưa thể đánh giá lại" in detail
