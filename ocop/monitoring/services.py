"""Writes of monitoring records: validated, atomic, audited."""

from __future__ import annotations

from datetime import date

from auditlog.context import set_actor
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from ocop.certificates import services as certificate_services
from ocop.certificates.selectors import current_certificates_for
from ocop.core.registers import record_save
from ocop.core.uploads import check_document_upload
from ocop.monitoring.models import (
    CheckResult,
    ComplianceDocument,
    InspectionPlan,
    InspectionRecord,
    RecordKind,
)

PLAN_FIELDS = {"title", "kind", "period_start", "period_end", "unit", "lead_agency", "lead_agency_name", "content"}
RECORD_FIELDS = {
    "plan", "inspected_on", "inspectors", "criteria_maintained", "mark_use", "labels", "food_safety",
    "findings", "follow_up", "follow_up_deadline",
}
# A commune officer's label check covers the mark and the labels only.
LABEL_CHECK_FIELDS = {"inspected_on", "inspectors", "mark_use", "labels", "findings", "follow_up", "follow_up_deadline"}
DOCUMENT_FIELDS = {"kind", "number", "issuer", "issued_on", "expires_on", "notes"}


def _only(fields: dict, allowed: set[str]) -> dict:
    unknown = set(fields) - allowed
    if unknown:
        raise ValueError(f"Fields not accepted: {', '.join(sorted(unknown))}")
    return fields


@transaction.atomic
def inspection_plan_create(*, actor, is_sample: bool = False, **fields) -> InspectionPlan:
    plan = InspectionPlan(**_only(fields, PLAN_FIELDS), is_sample=is_sample, created_by=actor)
    return record_save(plan, actor=actor)


@transaction.atomic
def inspection_record_create(
    *, actor, product, kind: str = RecordKind.INSPECTION, is_sample: bool = False, **fields
) -> InspectionRecord:
    """Record an inspection (or a commune's label check) of `product`; the certificate in
    force on the inspection day is attached automatically."""
    allowed = LABEL_CHECK_FIELDS if kind == RecordKind.LABEL_CHECK else RECORD_FIELDS
    record = InspectionRecord(
        product=product, kind=kind, is_sample=is_sample, created_by=actor, **_only(fields, allowed)
    )
    if record.inspected_on and record.inspected_on > timezone.localdate():
        raise ValidationError({"inspected_on": "Ngày kiểm tra không được ở tương lai."})
    if kind == RecordKind.LABEL_CHECK:
        record.criteria_maintained = CheckResult.NOT_CHECKED
        record.food_safety = CheckResult.NOT_CHECKED
    if record.inspected_on:
        record.certificate = current_certificates_for([product.pk], on=record.inspected_on).get(product.pk)
    return record_save(record, actor=actor)


@transaction.atomic
def inspection_propose_revocation(
    *, actor, record: InspectionRecord, ground: str, facts: str, conclusion_reference: str,
    conclusion_on: date, evidence=None,
) -> InspectionRecord:
    """From an inspection record, propose revoking the certificate it concerns (Điều 8.1.b–d
    on the strength of the inspection) and link the two."""
    if record.certificate_id is None:
        raise ValidationError("Biên bản này không gắn với giấy chứng nhận còn hiệu lực nào.")
    if record.revocation_id is not None:
        raise ValidationError("Biên bản này đã có đề nghị thu hồi.")
    revocation = certificate_services.revocation_propose(
        actor=actor,
        certificate=record.certificate,
        ground=ground,
        facts=facts,
        conclusion_reference=conclusion_reference,
        conclusion_on=conclusion_on,
        evidence=evidence,
    )
    record.revocation = revocation
    with set_actor(actor):
        record.save(update_fields=["revocation", "updated_at"])
    return record


@transaction.atomic
def compliance_document_create(*, actor, product, file=None, is_sample: bool = False, **fields) -> ComplianceDocument:
    document = ComplianceDocument(product=product, is_sample=is_sample, created_by=actor, **_only(fields, DOCUMENT_FIELDS))
    if file is not None:
        extension = check_document_upload(file).extension
        document.file_name = file.name[:255]
        file.name = f"giay-to.{extension}"
        document.file = file
    document.full_clean(exclude=["file"])
    with set_actor(actor):
        document.save()
    return document
