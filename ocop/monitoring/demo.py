"""Sample monitoring for the Kon Rẫy scenario (`manage.py ocop_demo`), idempotent.

Runs after the certificates' demo step (app order): a few compliance documents of the
certified products, an inspection plan, an inspection record that led to the revocation of
the demo's revoked certificate, and a commune officer's label check.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.utils import timezone

from ocop.accounts.models import Agency, User
from ocop.certificates import services as certificate_services
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
from ocop.territory.demo import QUANG_NGAI, current_unit
from ocop.territory.models import UnitLevel


def load_monitoring(context: dict) -> None:
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
        certificate_services.revocation_decide(
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


DEMO_STEPS = [load_monitoring]
