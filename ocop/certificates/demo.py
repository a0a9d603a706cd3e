"""Sample register for the Kon Rẫy scenario (`manage.py ocop_demo`), idempotent.

Dates are chosen relative to today (`timezone.localdate()`), so the demo always shows one
certificate of each kind: valid, inside its re-evaluation window (chuthe1's coffee, Xã Đăk
Kôi), late, extended while a late re-evaluation is pending (a product of the former Xã Đắk
Tơ Lung, now Xã Đăk Kôi), expired and revoked. Certificates issued before 1/7/2025 come from
UBND huyện Kon Rẫy (3★, QĐ 148) or UBND tỉnh Kon Tum (4★); later ones from UBND tỉnh Quảng
Ngãi. Also a few compliance documents, an inspection plan, an inspection record that led to
the revocation, and a commune officer's label check.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone

from ocop.accounts.models import Agency, User
from ocop.certificates import services
from ocop.certificates.models import Certificate, DecisionLevel, RecognitionDecision
from ocop.core.demo import KON_RAY_DISTRICT, KON_TUM_LEGACY, QUANG_NGAI, current_unit, legacy_unit
from ocop.criteria.regimes import add_months
from ocop.products.models import Product
from ocop.territory.models import UnitLevel

REFORM_DAY = date(2025, 7, 1)

# (key, product name, stars, score, expiry relative to today in days, certificate number)
DEMO_CERTIFICATES = [
    ("valid", "Sâm dây khô Kon Rẫy", 4, "78.50", 700, "01/GCN-OCOP"),
    ("valid2", "Chè dây Tân Lập", 3, "64.00", 420, "02/GCN-OCOP"),
    ("window", "Cà phê bột Robusta Đăk Kôi", 3, "66.25", 150, "03/GCN-OCOP"),
    ("late", "Mật ong hoa cà phê Đắk Pne", 3, "58.00", 60, "04/GCN-OCOP"),
    ("extended", "Cà phê hạt rang Đắk Tơ Lung", 3, "61.00", -40, "05/GCN-OCOP"),
    ("expired", "Thịt heo đen gác bếp", 3, "55.50", -100, "06/GCN-OCOP"),
    ("revoked", "Rượu cần Đắk Ruồng", 3, "57.00", 380, "07/GCN-OCOP"),
]


def _issuer_for(issued_on: date, stars: int):
    """(level, issuing unit, regime key) of a plausible decision on `issued_on`."""
    if issued_on < REFORM_DAY:
        if stars == 3:
            return DecisionLevel.DISTRICT, legacy_unit(UnitLevel.DISTRICT, KON_RAY_DISTRICT)
        return DecisionLevel.PROVINCE, legacy_unit(UnitLevel.PROVINCE, KON_TUM_LEGACY)
    return DecisionLevel.PROVINCE, current_unit(UnitLevel.PROVINCE, QUANG_NGAI)


def _decision(issued_on: date, stars: int, serial: int) -> RecognitionDecision:
    level, unit = _issuer_for(issued_on, stars)
    number = f"{300 + serial}/QĐ-UBND"
    existing = RecognitionDecision.objects.filter(number=number, decided_on=issued_on, is_sample=True).first()
    if existing is not None:
        return existing
    return services.decision_create(
        actor=None,
        number=number,
        decided_on=issued_on,
        level=level,
        issuing_unit=unit,
        signer="Nguyễn Văn An" if level == DecisionLevel.DISTRICT else "Trần Thị Bích",
        is_sample=True,
    )


def load_certificates(context: dict) -> None:
    today = timezone.localdate()
    certificates: dict[str, Certificate] = {}
    for serial, (key, product_name, stars, score, expiry_offset, number) in enumerate(DEMO_CERTIFICATES, start=1):
        product = Product.objects.select_related("producer").get(name=product_name, is_sample=True)
        existing = Certificate.objects.filter(product=product, is_sample=True).order_by("pk").first()
        if existing is not None:
            certificates[key] = existing
            continue
        target_expiry = today + timedelta(days=expiry_offset)
        issued_on = add_months(target_expiry, -36)
        if issued_on >= today:  # never in the future, whatever the offsets
            issued_on = today - timedelta(days=1)
        decision = _decision(issued_on, stars, serial)
        certificates[key] = services.certificate_issue(
            actor=None,
            decision=decision,
            product=product,
            number=number,
            stars=stars,
            score=Decimal(score),
            is_sample=True,
        )
    context["certificates"] = certificates

    # A late re-evaluation filed 60 days before expiry keeps the certificate alive (Điều 12.3).
    extended = certificates["extended"]
    if extended.reevaluation_filed_on is None:
        services.certificate_mark_reevaluation_filed(
            actor=None,
            certificate=extended,
            filed_on=extended.expires_on - timedelta(days=60),
            reference="Hồ sơ nộp tại UBND xã Đăk Kôi (dữ liệu mẫu)",
        )


def load_monitoring(context: dict) -> None:
    from ocop.monitoring import services as monitoring_services
    from ocop.monitoring.models import (
        CheckResult,
        ComplianceDocument,
        ComplianceKind,
        InspectionPlan,
        InspectionRecord,
        PlanKind,
        RecordKind,
    )

    today = timezone.localdate()
    certificates = context["certificates"]
    province = current_unit(UnitLevel.PROVINCE, QUANG_NGAI)
    plan = InspectionPlan.objects.filter(is_sample=True).first()
    if plan is None:
        plan = monitoring_services.inspection_plan_create(
            actor=None,
            is_sample=True,
            title=f"Kiểm tra, giám sát sản phẩm OCOP định kỳ năm {today.year}",
            kind=PlanKind.PERIODIC,
            period_start=date(today.year, 1, 1),
            period_end=date(today.year, 12, 31),
            unit=province,
            lead_agency=Agency.objects.filter(name__startswith="Sở Nông nghiệp và Môi trường").first(),
            content="Kiểm tra việc duy trì tiêu chí, sử dụng nhãn hiệu OCOP và an toàn thực phẩm của sản phẩm còn hiệu lực.",
        )

    coffee = certificates["window"].product
    honey = certificates["late"].product
    documents = [
        (coffee, ComplianceKind.FOOD_SAFETY, "45/2024/NNPTNT-KT", "Chi cục Quản lý chất lượng nông lâm thủy sản", today - timedelta(days=1075), today + timedelta(days=20)),
        (coffee, ComplianceKind.QUALITY_DECLARATION, "01/HTXĐK/2024", "Hợp tác xã Nông nghiệp Đăk Kôi (tự công bố)", today - timedelta(days=900), None),
        (honey, ComplianceKind.LAB_TEST, "KN-2025-0712", "Trung tâm Kỹ thuật Tiêu chuẩn Đo lường Chất lượng", today - timedelta(days=375), today - timedelta(days=10)),
    ]
    for product, kind, number, issuer, issued_on, expires_on in documents:
        if ComplianceDocument.objects.filter(product=product, number=number).exists():
            continue
        monitoring_services.compliance_document_create(
            actor=None, product=product, is_sample=True, kind=kind, number=number, issuer=issuer,
            issued_on=issued_on, expires_on=expires_on, notes="Dữ liệu mẫu.",
        )

    # The inspection that found the OCOP mark misused, and the revocation it led to (Điều 8.1.d).
    revoked = certificates["revoked"]
    record = InspectionRecord.objects.filter(product=revoked.product, is_sample=True, kind=RecordKind.INSPECTION).first()
    if record is None:
        record = monitoring_services.inspection_record_create(
            actor=None,
            product=revoked.product,
            is_sample=True,
            plan=plan,
            inspected_on=today - timedelta(days=35),
            inspectors="Đoàn kiểm tra Sở Nông nghiệp và Môi trường tỉnh Quảng Ngãi",
            criteria_maintained=CheckResult.PASS,
            mark_use=CheckResult.FAIL,
            labels=CheckResult.FAIL,
            food_safety=CheckResult.PASS,
            findings="Dán nhãn OCOP 3 sao lên sản phẩm “Rượu ghè men lá” chưa được công nhận, gây nhầm lẫn với sản phẩm được công nhận.",
            follow_up="Thu hồi toàn bộ nhãn dán sai trên thị trường.",
            follow_up_deadline=today - timedelta(days=20),
        )
    if record.revocation_id is None and revoked.revoked_on is None:
        record = monitoring_services.inspection_propose_revocation(
            actor=None,
            record=record,
            ground="d",
            facts=record.findings,
            conclusion_reference="Kết luận kiểm tra số 18/KL-SNNMT của Sở Nông nghiệp và Môi trường",
            conclusion_on=today - timedelta(days=33),
        )
        services.revocation_decide(
            actor=None,
            revocation=record.revocation,
            decision_number="1520/QĐ-UBND",
            decided_on=today - timedelta(days=25),
            signer="Trần Thị Bích",
        )

    # A commune officer's label check of chuthe1's coffee (Xã Đăk Kôi): all in order.
    if not InspectionRecord.objects.filter(product=coffee, kind=RecordKind.LABEL_CHECK, is_sample=True).exists():
        officer = User.objects.filter(username="xa.dakkoi").first()
        monitoring_services.inspection_record_create(
            actor=officer,
            product=coffee,
            kind=RecordKind.LABEL_CHECK,
            is_sample=True,
            inspected_on=today - timedelta(days=12),
            inspectors=officer.get_full_name() if officer else "Cán bộ xã Đăk Kôi",
            mark_use=CheckResult.PASS,
            labels=CheckResult.PASS,
            findings="Nhãn OCOP 3 sao dùng đúng sản phẩm được công nhận, còn hiệu lực.",
        )


DEMO_STEPS = [load_certificates, load_monitoring]
