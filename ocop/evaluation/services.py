"""Writes of dossiers, evidence, commune reports, rounds and the working-day calendar.

Every write is atomic, validated, records its actor, and raises ValidationError with
Vietnamese messages. `dossier_transition` is the only function that changes a dossier's
state: it looks the move up in the regime's transition table (`workflow.WORKFLOWS`),
applies the guard (PermissionDenied) and the checks (ValidationError), runs the move's side
effects, writes a DossierEvent and notifies the people concerned.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, time
from typing import Any

from auditlog.context import set_actor
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max, Q
from django.urls import reverse
from django.utils import timezone

from ocop.accounts.models import Role, User
from ocop.core.text import lower_first
from ocop.core.uploads import check_document_upload
from ocop.criteria.regimes import RegimeNotFound, get_regime, regime_for
from ocop.evaluation import hooks, legal, workflow
from ocop.evaluation.completeness import (
    dossier_missing,
    part_totals_problem,
    self_assessment_problem,
)
from ocop.evaluation.models import (
    CLOSED_STATES,
    COMMUNE_CLOCK_STATES,
    EDITABLE_STATES,
    CalendarDay,
    CommuneReport,
    Dossier,
    DossierDocument,
    DossierEvent,
    DossierKind,
    DossierState,
    EvaluationLevel,
    EvaluationRound,
    EvidenceDocument,
    RoundStatus,
)
from ocop.territory.models import AdministrativeUnit, UnitCoverage, UnitLevel


def _today() -> date:
    return timezone.localdate()


# -- creating and editing ------------------------------------------------------------------

MAU01_FIELDS = (
    "representative_name",
    "representative_title",
    "contact_address",
    "phone",
    "email",
    "samples_offered",
)
MAU02_FIELDS = (
    "representative_gender",
    "representative_ethnicity",
    "representative_residence",
    "product_specification",
    "producer_history",
    "organisation_structure",
    "results_production",
    "results_quality",
    "results_market",
    "results_business",
    "changes_summary",
    "business_plan",
    "self_assessment",
    "self_part_totals",
)
EDITABLE_FIELDS = MAU01_FIELDS + MAU02_FIELDS
# Copied from the product's previous dossier into a new one (upgrade, re-evaluation).
PREFILL_FIELDS = tuple(
    f for f in EDITABLE_FIELDS if f not in ("samples_offered", "self_assessment", "self_part_totals", "changes_summary")
)


def _province_of(unit: AdministrativeUnit) -> AdministrativeUnit:
    node = unit
    while node is not None and node.level != UnitLevel.PROVINCE:
        node = node.parent
    if node is None:
        raise ValidationError("Không xác định được tỉnh của xã tiếp nhận hồ sơ.")
    return node


def commune_on(product, day: date) -> AdministrativeUnit:
    """The commune that receives a dossier filed on `day`: the product's commune if it was
    valid then, else the unit it became (a 2026 dossier of a product registered under a
    commune merged on 1/7/2025 goes to today's commune)."""
    from ocop.territory.selectors import current_units_map

    commune = product.commune
    if commune.is_valid_on(day):
        return commune
    successors = current_units_map([commune.pk], on=day).get(commune.pk) or []
    return successors[0] if successors else commune


def _latest_self_assessment(product, regime):
    from ocop.criteria.selectors import latest_self_assessments

    if regime.criteria_version is None:
        return None
    assessment = latest_self_assessments([product.pk]).get(product.pk)
    if (
        assessment is not None
        and assessment.criteria_version == regime.criteria_version
        and assessment.criteria_set == product.category.criteria_set
    ):
        return assessment
    return None


def _record(dossier, *, actor, action, from_state, to_state, comment="", data=None, day=None) -> DossierEvent:
    """Write the event row of a transition (or the creation). `day`: for records entered
    after the fact (a 2024 paper dossier), the day it happened."""
    at = timezone.now()
    if day is not None and day != timezone.localdate():
        at = timezone.make_aware(datetime.combine(day, time(9, 0)))
    return DossierEvent.objects.create(
        dossier=dossier,
        action=action,
        from_state=from_state or "",
        to_state=to_state,
        actor=actor,
        comment=comment,
        data=data or {},
        at=at,
    )


def previous_dossier_of(product) -> Dossier | None:
    """The product's last dossier to pre-fill from: the last one that went through, else
    the last withdrawn one (its texts are still the producer's work)."""
    dossiers = product.dossiers.order_by("-filed_on", "-id")
    return dossiers.exclude(state=DossierState.WITHDRAWN).first() or dossiers.first()


def _latest_valid_library(producer, product, today: date) -> list[EvidenceDocument]:
    """The newest still-valid document per (item, subtype) of the producer's library."""
    documents = (
        EvidenceDocument.objects.filter(
            Q(product__isnull=True) | Q(product=product), producer=producer, is_archived=False
        )
        .filter(Q(expires_on__isnull=True) | Q(expires_on__gte=today))
        .order_by("item_key", "subtype", "-created_at", "-id")
    )
    chosen: dict[tuple[str, str], EvidenceDocument] = {}
    for document in documents:
        chosen.setdefault((document.item_key, document.subtype), document)
    return list(chosen.values())


@transaction.atomic
def dossier_create(
    *,
    actor,
    product,
    kind: str,
    filed_on: date | None = None,
    is_sample: bool = False,
    previous_dossier: Dossier | None = None,
    certificate_ref: int | None = None,
    certificate_expires_on: date | None = None,
    **fields,
) -> Dossier:
    """Open a draft dossier for `product`, judged under the regime of the filing date.

    Mẫu 01/02 are pre-filled from the producer, and from the product's previous dossier
    when there is one; still-valid documents of the evidence library are attached, so
    nothing valid is uploaded twice; the product's latest matching self-assessment is
    linked (Mẫu 02 Phần III).
    """
    filed_on = filed_on or _today()
    if kind not in DossierKind.values:
        raise ValidationError({"kind": "Lần đăng ký không hợp lệ."})
    try:
        regime = regime_for(filed_on)
    except RegimeNotFound as exc:
        raise ValidationError(str(exc)) from exc
    open_dossier = product.dossiers.exclude(state__in=sorted(CLOSED_STATES)).first()
    if open_dossier is not None:
        raise ValidationError(
            f"Sản phẩm “{product.name}” đang có hồ sơ chưa hoàn tất "
            f"({lower_first(open_dossier.get_state_display())}); không thể lập thêm hồ sơ mới."
        )
    producer = product.producer
    commune = commune_on(product, filed_on)
    if previous_dossier is None:
        previous_dossier = previous_dossier_of(product)
    values: dict[str, Any] = {
        "representative_name": producer.representative_name,
        "contact_address": f"{producer.address}, {commune.name}" if producer.address else commune.name,
        "phone": producer.phone,
        "email": producer.email,
        "representative_gender": producer.get_representative_gender_display(),
        "representative_ethnicity": producer.representative_ethnicity,
        "product_specification": product.description,
        "samples_offered": legal.samples_default(regime.key, product.category.criteria_set),
    }
    if previous_dossier is not None:
        for name in PREFILL_FIELDS:
            value = getattr(previous_dossier, name)
            if value not in (None, ""):
                values[name] = value
    values.update(fields)
    unknown = set(values) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"Unknown dossier fields: {sorted(unknown)}")
    if "self_assessment" not in fields:
        values["self_assessment"] = _latest_self_assessment(product, regime)
    dossier = Dossier(
        product=product,
        producer=producer,
        commune=commune,
        province=_province_of(commune),
        kind=kind,
        regime_key=regime.key,
        filed_on=filed_on,
        previous_dossier=previous_dossier,
        certificate_ref=certificate_ref,
        certificate_expires_on=certificate_expires_on,
        is_sample=is_sample,
        created_by=actor,
        **values,
    )
    _validate_fields(dossier)
    dossier.full_clean()
    dossier.refresh_search_text()
    with set_actor(actor):
        dossier.save()
    for document in _latest_valid_library(producer, product, filed_on):
        DossierDocument.objects.create(dossier=dossier, document=document, attached_by=actor)
    _record(
        dossier,
        actor=actor,
        action="create",
        from_state="",
        to_state=dossier.state,
        data={"regime": regime.key, "reused_documents": dossier.attachments.count()},
        day=filed_on,
    )
    return dossier


def _validate_fields(dossier: Dossier) -> None:
    errors: dict[str, str] = {}
    criteria_set = dossier.product.category.criteria_set
    if dossier.samples_offered is not None:
        if legal.samples_exempt(dossier.regime_key, criteria_set) and dossier.samples_offered:
            errors["samples_offered"] = (
                "Sản phẩm dịch vụ du lịch (bộ 26) không gửi sản phẩm mẫu (QĐ 26/2026 Điều 6.2.d)."
            )
    if dossier.self_assessment_id is not None:
        problem = self_assessment_problem(dossier, dossier.self_assessment)
        if problem:
            errors["self_assessment"] = problem
    if dossier.self_part_totals:
        # Drafts (Mẫu 02 in steps) may hold some parts; submission needs all of them.
        problem = part_totals_problem(dossier, dossier.self_part_totals, partial=True)
        if problem:
            errors["self_part_totals"] = problem[0].upper() + problem[1:] + "."
    if errors:
        raise ValidationError(errors)


def _require_editable(dossier: Dossier) -> None:
    if dossier.state not in EDITABLE_STATES:
        raise ValidationError(
            f"Hồ sơ đang ở trạng thái «{dossier.get_state_display()}», không sửa được."
        )


@transaction.atomic
def dossier_update(*, actor, dossier: Dossier, **fields) -> Dossier:
    """Change Mẫu 01/02 contents while the dossier is a draft or returned for completion.
    The regime, product and kind never change."""
    _require_editable(dossier)
    for name, value in fields.items():
        if name not in EDITABLE_FIELDS:
            raise ValueError(f"Field {name} is not editable")
        setattr(dossier, name, value)
    _validate_fields(dossier)
    dossier.full_clean()
    dossier.refresh_search_text()
    with set_actor(actor):
        dossier.save()
    return dossier


# -- evidence ------------------------------------------------------------------------------

@transaction.atomic
def evidence_upload(
    *,
    actor,
    dossier: Dossier,
    item_key: str,
    file,
    title: str = "",
    subtype: str = "",
    issued_on: date | None = None,
    expires_on: date | None = None,
    is_sample: bool = False,
) -> EvidenceDocument:
    """Store a document ONCE in the producer's library and attach it to `dossier`.

    Producer-wide items (business registration, production conditions…) are stored without
    a product so every other dossier of the producer can reuse them.
    """
    from ocop.evaluation.checklist import checklist_for

    _require_editable(dossier)
    try:
        item = checklist_for(dossier.regime_key).item(item_key)
    except KeyError as exc:
        raise ValidationError({"item_key": "Mục minh chứng không hợp lệ."}) from exc
    if subtype and subtype not in {s.key for s in item.subtypes}:
        raise ValidationError({"subtype": "Loại giấy tờ không hợp lệ."})
    if issued_on and expires_on and expires_on < issued_on:
        raise ValidationError({"expires_on": "Ngày hết hiệu lực phải sau ngày cấp."})
    checked = check_document_upload(file)
    content_type, digest, size = checked.content_type, checked.sha256, checked.size
    document = EvidenceDocument(
        producer=dossier.producer,
        product=dossier.product if item.owner == "product" else None,
        item_key=item.key,
        subtype=subtype,
        title=(title or "").strip() or item.title,
        original_name=(getattr(file, "name", "") or "")[:255],
        content_type=content_type,
        size=size,
        sha256=digest,
        issued_on=issued_on,
        expires_on=expires_on,
        uploaded_by=actor,
        is_sample=is_sample,
    )
    # The extension on disk follows the detected content, not the uploaded name.
    file.name = f"tai-lieu.{checked.extension}"
    document.file = file
    document.full_clean(exclude=["file"])
    document.save()
    DossierDocument.objects.create(dossier=dossier, document=document, attached_by=actor)
    return document


@transaction.atomic
def evidence_attach(*, actor, dossier: Dossier, document: EvidenceDocument) -> None:
    """Attach a library document (reuse) to a dossier being prepared."""
    _require_editable(dossier)
    if document.producer_id != dossier.producer_id or (
        document.product_id is not None and document.product_id != dossier.product_id
    ):
        raise ValidationError("Tài liệu này không thuộc thư viện minh chứng của sản phẩm.")
    if document.is_archived:
        raise ValidationError("Tài liệu đã được lưu trữ, không dùng lại được.")
    DossierDocument.objects.get_or_create(
        dossier=dossier, document=document, defaults={"attached_by": actor}
    )


@transaction.atomic
def evidence_detach(*, actor, dossier: Dossier, document: EvidenceDocument) -> None:
    """Remove a document from the dossier; it stays in the library."""
    _require_editable(dossier)
    DossierDocument.objects.filter(dossier=dossier, document=document).delete()


# -- commune report (Mẫu 03) ---------------------------------------------------------------

COMMUNE_REPORT_FIELDS = (
    "report_number",
    "report_date",
    "local_materials",
    "local_labour",
    "idea_origin",
    "local_identity",
    "meeting_held",
    "signer_name",
    "signer_title",
)
PROPOSAL_FIELDS = ("letter_number", "letter_date", "samples_count")


@transaction.atomic
def commune_report_save(*, actor, dossier: Dossier, **fields) -> CommuneReport:
    """Write the commune's assessment of the four local contents (Mẫu 03) while checking."""
    from ocop.evaluation.models import COMMUNE_REPORT_EDITABLE_STATES

    if dossier.state not in COMMUNE_REPORT_EDITABLE_STATES:
        raise ValidationError(
            f"Hồ sơ đang ở trạng thái «{dossier.get_state_display()}», không lập hoặc sửa Mẫu 03 được."
        )
    report, _ = CommuneReport.objects.get_or_create(dossier=dossier)
    for name, value in fields.items():
        if name not in COMMUNE_REPORT_FIELDS + PROPOSAL_FIELDS:
            raise ValueError(f"Field {name} is not editable")
        setattr(report, name, value)
    report.updated_by = actor
    report.full_clean()
    with set_actor(actor):
        report.save()
    return report


def commune_report_missing(dossier: Dossier) -> list[str]:
    report = getattr(dossier, "commune_report", None)
    if report is None:
        return ["Chưa lập báo cáo đánh giá một số nội dung của hồ sơ (Mẫu 03)."]
    problems = []
    for content in legal.commune_report_contents():
        if not getattr(report, content["key"]).strip():
            problems.append(f"Mẫu 03 mục II.{content['number']}: chưa nhập «{content['title']}».")
    return problems


def proposal_missing(dossier: Dossier) -> list[str]:
    report = getattr(dossier, "commune_report", None)
    if report is None:
        return ["Chưa lập báo cáo Mẫu 03."]
    problems = []
    if not report.letter_number.strip():
        problems.append("Chưa nhập số văn bản đề nghị của UBND xã (QĐ 26/2026 Điều 6.2.a).")
    if report.letter_date is None:
        problems.append("Chưa nhập ngày văn bản đề nghị.")
    criteria_set = dossier.product.category.criteria_set
    if report.samples_count is None:
        problems.append("Chưa ghi số sản phẩm mẫu gửi kèm (QĐ 26/2026 Điều 6.2.d).")
    elif legal.samples_exempt(dossier.regime_key, criteria_set):
        if report.samples_count:
            problems.append("Sản phẩm dịch vụ du lịch (bộ 26) không gửi sản phẩm mẫu.")
    elif report.samples_count == 0:
        problems.append("Phải gửi kèm sản phẩm mẫu (QĐ 26/2026 Điều 6.2.d: 05 sản phẩm mẫu).")
    return problems


# -- numbering -----------------------------------------------------------------------------

def _lock_unit(unit_id: int) -> None:
    # Serialises numbering per unit on PostgreSQL (SQLite already runs one writer at a time).
    list(AdministrativeUnit.objects.select_for_update().filter(pk=unit_id).values_list("pk"))


def _next(queryset, field: str) -> int:
    return (queryset.aggregate(top=Max(field))["top"] or 0) + 1


def _assign_registration_number(dossier: Dossier, day: date) -> None:
    """Phiếu số of Mẫu 01 (the commune's part): see data/dossier_rules.json."""
    if dossier.registration_number:
        return
    _lock_unit(dossier.commune_id)
    serial = _next(
        Dossier.objects.filter(commune_id=dossier.commune_id, registration_year=day.year),
        "registration_serial",
    )
    dossier.registration_serial, dossier.registration_year = serial, day.year
    dossier.registration_number = legal.format_registration_number(
        serial=serial,
        kind=dossier.kind,
        province_code=dossier.province.code,
        commune_code=dossier.commune.code,
        year=day.year,
    )


def _assign_office_number(dossier: Dossier, day: date) -> None:
    """Phiếu số of Mẫu 01 (the provincial/district office's part), its own yearly serial."""
    if dossier.office_registration_number:
        return
    _lock_unit(dossier.province_id)
    serial = _next(
        Dossier.objects.filter(province_id=dossier.province_id, office_year=day.year), "office_serial"
    )
    dossier.office_serial, dossier.office_year = serial, day.year
    dossier.office_registration_number = legal.format_registration_number(
        serial=serial,
        kind=dossier.kind,
        province_code=dossier.province.code,
        commune_code=dossier.commune.code,
        year=day.year,
    )


def evaluation_year_for(dossier: Dossier, proposed_on: date) -> int:
    """The year of the round a dossier proposed on that day goes to (QĐ 26/2026 Điều 5)."""
    from ocop.criteria.regimes import next_round

    try:
        _number, held_before = next_round(
            workflow.office_for(dossier.regime_key), proposed_on, get_regime(dossier.regime_key)
        )
    except RegimeNotFound:
        return proposed_on.year
    return held_before.year


def _assign_product_code(dossier: Dossier, year: int) -> None:
    """Mã số sản phẩm (T)-(X)-(STT)-20YY; re-issued if the evaluation year changes."""
    if dossier.product_code and dossier.product_code_year == year:
        return
    _lock_unit(dossier.commune_id)
    serial = _next(
        Dossier.objects.filter(commune_id=dossier.commune_id, product_code_year=year).exclude(pk=dossier.pk),
        "product_serial",
    )
    dossier.product_serial, dossier.product_code_year = serial, year
    dossier.product_code = legal.format_product_code(
        province_code=dossier.province.code, commune_code=dossier.commune.code, serial=serial, year=year
    )


# -- deadlines -----------------------------------------------------------------------------

def commune_deadline_for(dossier: Dossier, submitted_on: date) -> date | None:
    """15 working days after submission (QĐ 26/2026 Điều 7.2), on the calendar of the
    dossier's province; None when the regime's data sets no commune deadline."""
    from ocop.evaluation.selectors import work_calendar_for

    days = legal.commune_check_days(dossier.regime_key)
    if days is None:
        return None
    return work_calendar_for(dossier.province_id).add_working_days(submitted_on, days)


def commune_deadlines_recompute(*, province_id: int | None = None) -> int:
    """Recompute the deadline of every dossier on the commune's clock (after the calendar
    changed). Returns the number of dossiers updated."""
    queryset = Dossier.objects.filter(
        state__in=sorted(COMMUNE_CLOCK_STATES), submitted_on__isnull=False
    ).select_related("province")
    if province_id is not None:
        queryset = queryset.filter(province_id=province_id)
    changed = []
    for dossier in queryset:
        deadline = commune_deadline_for(dossier, dossier.submitted_on)
        if deadline != dossier.commune_deadline:
            dossier.commune_deadline = deadline
            changed.append(dossier)
    Dossier.objects.bulk_update(changed, ["commune_deadline"])
    return len(changed)


# -- the workflow ----------------------------------------------------------------------------

def _check_complete(dossier, payload, today) -> list[str]:
    # Validity of time-limited papers is judged on the day of the move.
    return dossier_missing(dossier, today=today)


def _check_commune_report(dossier, payload, today) -> list[str]:
    return commune_report_missing(dossier)


def _check_proposal(dossier, payload, today) -> list[str]:
    return proposal_missing(dossier)


def _check_round(dossier, payload, today) -> list[str]:
    from ocop.evaluation.selectors import rounds_open_for

    round_obj = payload.get("round")
    if round_obj is None:
        return ["Chưa chọn đợt đánh giá."]
    if not rounds_open_for(dossier=dossier).filter(pk=round_obj.pk).exists():
        return [
            f"Không thể đưa hồ sơ vào «{round_obj.name}»: đợt này không thuộc cấp, địa bàn của "
            "hồ sơ hoặc đã khóa danh sách."
        ]
    return []


_CHECKS = {
    "complete": _check_complete,
    "commune_report": _check_commune_report,
    "proposal": _check_proposal,
    "round": _check_round,
}


def _on_submit(dossier, actor, payload, today) -> dict:
    dossier.submitted_on = today
    dossier.commune_deadline = commune_deadline_for(dossier, today)
    return {"commune_deadline": dossier.commune_deadline.isoformat() if dossier.commune_deadline else None}


def _on_receive(dossier, actor, payload, today) -> dict:
    dossier.received_by = actor if isinstance(actor, User) else None
    _assign_registration_number(dossier, dossier.submitted_on or today)
    return {"registration_number": dossier.registration_number}


def _on_return(dossier, actor, payload, today) -> dict:
    dossier.commune_deadline = None
    return {}


def _on_issue_report(dossier, actor, payload, today) -> dict:
    report = dossier.commune_report
    report.issued_at = timezone.now()
    if report.report_date is None:
        report.report_date = today
    report.save(update_fields=["issued_at", "report_date", "updated_at"])
    return {"report_number": report.report_number}


def _save_proposal(dossier, actor, payload, today) -> None:
    fields = {name: payload[name] for name in PROPOSAL_FIELDS if name in payload}
    if fields:
        report = dossier.commune_report
        for name, value in fields.items():
            setattr(report, name, value)
        report.updated_by = actor if isinstance(actor, User) else None
        report.full_clean()
        report.save()


def _on_forward(dossier, actor, payload, today) -> dict:
    dossier.forwarded_on = today
    _assign_product_code(dossier, evaluation_year_for(dossier, today))
    return {"product_code": dossier.product_code}


def _on_office_receive(dossier, actor, payload, today) -> dict:
    dossier.office_received_on = today
    dossier.office_received_by = actor if isinstance(actor, User) else None
    _assign_office_number(dossier, today)
    return {"office_registration_number": dossier.office_registration_number}


def _on_accept(dossier, actor, payload, today) -> dict:
    round_obj = payload["round"]
    dossier.round = round_obj
    dossier.accepted_on = today
    _assign_product_code(dossier, round_obj.year)
    return {"round": round_obj.pk, "round_name": round_obj.name, "product_code": dossier.product_code}


def _on_withdraw(dossier, actor, payload, today) -> dict:
    dossier.commune_deadline = None
    return {}


_EFFECTS = {
    "submit": _on_submit,
    "resubmit": _on_submit,
    "receive": _on_receive,
    "return": _on_return,
    "issue_report": _on_issue_report,
    "forward": _on_forward,
    "reforward": _on_forward,
    "office_receive": _on_office_receive,
    "accept": _on_accept,
    "withdraw": _on_withdraw,
}
# Payload applied before the checks run (the form of the move carries these values).
_BEFORE_CHECKS = {"forward": _save_proposal, "reforward": _save_proposal}


class TransitionNotAllowed(ValidationError):
    pass


@transaction.atomic
def dossier_transition(
    *,
    actor,
    dossier: Dossier,
    action: str,
    comment: str = "",
    today: date | None = None,
    notify: bool = True,
    **payload,
) -> Dossier:
    """Make the move `action` from the dossier's current state, if the table allows it.

    Raises TransitionNotAllowed (a ValidationError) when the move does not exist from this
    state, PermissionDenied when `actor` may not make it, ValidationError listing what is
    missing when a check fails. `payload`: `round` for "accept"; `letter_number`,
    `letter_date`, `samples_count` for "forward"/"reforward". `today` and `notify=False`
    are for records entered after the fact (the demo's 2024 dossier, imports).
    """
    given_day = today
    today = today or _today()
    dossier = Dossier.objects.select_for_update(of=("self",)).select_related(
        "product__category", "producer", "commune", "province"
    ).get(pk=dossier.pk)
    move = workflow.find(dossier.regime_key, dossier.state, action)
    if move is None:
        raise TransitionNotAllowed(
            f"Không thể thực hiện thao tác này khi hồ sơ đang ở trạng thái «{dossier.get_state_display()}»."
        )
    if actor is not None and not workflow.is_allowed(actor, dossier, move):
        raise PermissionDenied(f"Bạn không có quyền «{move.label}» đối với hồ sơ này.")
    comment = (comment or "").strip()
    if move.comment_required and not comment:
        raise ValidationError({"comment": f"Vui lòng ghi rõ lý do khi «{move.label}»."})
    if action in _BEFORE_CHECKS:
        _BEFORE_CHECKS[action](dossier, actor, payload, today)
    problems: list[str] = []
    for check in move.checks:
        problems.extend(_CHECKS[check](dossier, payload, today))
    if problems:
        raise ValidationError(problems)
    from_state = dossier.state
    data = _EFFECTS.get(action, lambda *args: {})(dossier, actor, payload, today)
    dossier.state = move.target
    dossier.refresh_search_text()
    with set_actor(actor):
        dossier.save()
    event = _record(
        dossier, actor=actor, action=action, from_state=from_state, to_state=move.target,
        comment=comment, data=data, day=given_day,
    )
    if notify:
        _notify_transition(dossier, event, move, actor)
    if action == "submit" and dossier.kind == DossierKind.REEVALUATION:
        _mark_certificate_reevaluation_filed(dossier, actor)
    return dossier


def _mark_certificate_reevaluation_filed(dossier: Dossier, actor) -> None:
    """Tell the certificate register a re-evaluation was filed (QĐ 26/2026 Điều 7.6.a, 12.3).

    The register refuses a filing its certificate no longer allows (e.g. after expiry, when
    the product must be evaluated as a first-time product); that refusal is a ValidationError
    and refuses the submission too (the whole move is one transaction). See hooks.py.
    """
    if dossier.certificate_ref is None:
        return
    hooks.reevaluation_submitted.send(
        sender=Dossier,
        dossier=dossier,
        actor=actor,
        reference=f"{dossier} – {reverse('evaluation:detail', args=[dossier.pk])}"[:255],
    )


# -- notifications ---------------------------------------------------------------------------

# Which audiences each move concerns (the office joins once the dossier goes up).
_AUDIENCE = {
    "submit": ("producer", "commune"),
    "resubmit": ("producer", "commune"),
    "withdraw": ("producer", "commune"),
    "receive": ("producer", "commune"),
    "return": ("producer", "commune"),
    "issue_report": ("producer", "commune"),
    "forward": ("producer", "commune", "office"),
    "reforward": ("producer", "commune", "office"),
    "office_receive": ("producer", "commune", "office"),
    "office_return": ("producer", "commune", "office"),
    "accept": ("producer", "commune", "office"),
}


def dossier_stakeholders(dossier: Dossier, audiences: Iterable[str]) -> list[User]:
    """Users concerned by a dossier: the producer's users, the commune officers of its
    commune, the provincial office (or the district office under QĐ 148)."""
    covering = UnitCoverage.objects.filter(covered_id=dossier.commune_id).values("unit_id")
    condition = Q(pk__in=[])
    audiences = set(audiences)
    if "producer" in audiences:
        condition |= Q(roles__role=Role.PRODUCER, roles__producer_id=dossier.producer_id)
    if "commune" in audiences:
        condition |= Q(roles__role=Role.COMMUNE_OFFICER, roles__unit__in=covering)
    if "office" in audiences:
        office_role = (
            Role.DISTRICT_OFFICE
            if workflow.office_for(dossier.regime_key) == workflow.DISTRICT
            else Role.PROVINCE_OFFICE
        )
        condition |= Q(roles__role=office_role, roles__unit__in=covering)
    return list(User.objects.filter(condition, is_active=True).distinct())


def _notify_transition(dossier: Dossier, event: DossierEvent, move, actor) -> None:
    from ocop.notifications.services import notify

    recipients = [
        user for user in dossier_stakeholders(dossier, _AUDIENCE.get(move.action, ("producer",)))
        if actor is None or user.pk != actor.pk
    ]
    if not recipients:
        return
    title = f"Hồ sơ “{dossier.product.name}”: {lower_first(DossierState(move.target).label)}"
    lines = [f"{move.label} – {dossier.producer.name}."]
    if event.comment:
        lines.append(f"Ý kiến: {event.comment}")
    if dossier.commune_deadline and move.target in COMMUNE_CLOCK_STATES:
        lines.append(f"Hạn UBND xã kiểm tra: {dossier.commune_deadline:%d/%m/%Y}.")
    if move.action == "accept" and dossier.round_id:
        lines.append(f"Đợt đánh giá: {dossier.round.name}.")
    notify(
        recipients=recipients,
        title=title[:255],
        body="\n".join(lines),
        url=reverse("evaluation:detail", args=[dossier.pk]),
        event_key=f"dossier:{dossier.pk}:event:{event.pk}",
    )


def overdue_reminders_send(*, today: date | None = None) -> int:
    """Tell the commune officers and the evaluating office about every dossier whose commune
    check is overdue (QĐ 26/2026 Điều 7.2). Idempotent per dossier and deadline (a daily
    cron job may run it any number of times). Returns the number of notifications sent."""
    from ocop.notifications.services import notify

    today = today or _today()
    overdue = Dossier.objects.filter(
        state__in=sorted(COMMUNE_CLOCK_STATES), commune_deadline__lt=today
    ).select_related("product", "producer")
    sent = 0
    for dossier in overdue:
        recipients = dossier_stakeholders(dossier, ("commune", "office"))
        created = notify(
            recipients=recipients,
            title=f"Quá hạn kiểm tra hồ sơ “{dossier.product.name}”"[:255],
            body=(
                f"Hồ sơ của {dossier.producer.name} nộp ngày {dossier.submitted_on:%d/%m/%Y}; hạn UBND xã "
                f"kiểm tra, đánh giá là ngày {dossier.commune_deadline:%d/%m/%Y} (15 ngày làm việc, "
                "QĐ 26/2026/QĐ-TTg Điều 7.2)."
            ),
            url=reverse("evaluation:detail", args=[dossier.pk]),
            event_key=f"dossier:{dossier.pk}:overdue:{dossier.commune_deadline.isoformat()}",
        )
        sent += len(created)
    return sent


# -- re-evaluation ---------------------------------------------------------------------------

@transaction.atomic
def dossier_start_reevaluation(
    *, actor, certificate_or_product, filed_on: date | None = None, is_sample: bool = False, **fields
) -> Dossier:
    """Open a re-evaluation dossier (QĐ 26/2026 Điều 6.1.c, 7.6) from a certificate or a
    product, pre-filled from the product's last dossier, reusing every still-valid document.

    `certificate_or_product`: a Product, or any object with `.product` (a certificate of
    ocop.certificates; its `pk` is kept in `certificate_ref`, and its `expires_on` /
    `valid_until`, if any, in `certificate_expires_on`).
    """
    from ocop.products.models import Product

    if isinstance(certificate_or_product, Product):
        product, certificate = certificate_or_product, None
    else:
        certificate = certificate_or_product
        product = getattr(certificate, "product", None)
        if product is None:
            raise ValidationError("Giấy chứng nhận không gắn với sản phẩm nào.")
    expires_on = None
    if certificate is not None:
        expires_on = getattr(certificate, "expires_on", None) or getattr(certificate, "valid_until", None)
    previous = previous_dossier_of(product)
    return dossier_create(
        actor=actor,
        product=product,
        kind=DossierKind.REEVALUATION,
        filed_on=filed_on,
        is_sample=is_sample,
        previous_dossier=previous,
        certificate_ref=certificate.pk if certificate is not None else None,
        certificate_expires_on=expires_on,
        **fields,
    )


def current_certificate_of(product):
    """The product's certificate in force (the certificate register, see hooks.py), or None."""
    return hooks.current_certificate_of(product)


def dossier_file(*, actor, product, kind: str, **fields) -> Dossier:
    """What the "Lập hồ sơ" page calls: a re-evaluation starts from the product's current
    certificate when the certificates app knows one (so the certificate is told when the
    dossier is submitted); any other dossier is a plain `dossier_create`."""
    if kind == DossierKind.REEVALUATION:
        certificate = current_certificate_of(product)
        return dossier_start_reevaluation(
            actor=actor, certificate_or_product=certificate or product, **fields
        )
    return dossier_create(actor=actor, product=product, kind=kind, **fields)


def reevaluation_window_warning(dossier: Dossier) -> str:
    """A warning when a re-evaluation is filed outside 180–120 days before expiry
    (QĐ 26/2026 Điều 7.6.a); late filing keeps the certificate alive (Điều 12.3)."""
    from ocop.criteria.regimes import reevaluation_window

    if dossier.kind != DossierKind.REEVALUATION or dossier.certificate_expires_on is None:
        return ""
    try:
        earliest, latest = reevaluation_window(
            dossier.certificate_expires_on, get_regime(dossier.regime_key)
        )
    except RegimeNotFound:
        return ""
    day = dossier.submitted_on or dossier.filed_on
    if day < earliest:
        return (
            f"Nộp sớm: hồ sơ đánh giá lại nộp không sớm hơn ngày {earliest:%d/%m/%Y} "
            "(180 ngày trước khi giấy chứng nhận hết hạn – QĐ 26/2026 Điều 7.6.a)."
        )
    if day > latest:
        return (
            f"Nộp muộn: hạn nộp là ngày {latest:%d/%m/%Y} (120 ngày trước khi hết hạn – Điều "
            "7.6.a); giấy chứng nhận tiếp tục hiệu lực đến khi có kết quả, tối đa 180 ngày sau "
            "ngày hết hạn (Điều 12.3)."
        )
    return ""


# -- rounds ------------------------------------------------------------------------------------

ROUND_FIELDS = ("name", "proposed_before", "held_before", "scheduled_on", "status", "notes", "is_extra")


def _round_name(level: str, unit, year: int, number: int, is_extra: bool) -> str:
    where = f" – {unit.name}" if unit is not None else ""
    extra = " (bổ sung)" if is_extra else ""
    level_word = {"district": "cấp huyện", "province": "cấp tỉnh", "ministry": "cấp trung ương"}[level]
    return f"Đợt {number}{extra} năm {year} – đánh giá {level_word}{where}"


@transaction.atomic
def round_create(
    *,
    actor,
    level: str,
    unit,
    year: int,
    number: int,
    regime_key: str | None = None,
    is_extra: bool = False,
    name: str = "",
    proposed_before: date | None = None,
    held_before: date | None = None,
    scheduled_on: date | None = None,
    notes: str = "",
    is_sample: bool = False,
) -> EvaluationRound:
    """Create a round. A regular round (not extra) of a regime with legal cut-offs gets
    them from the data (QĐ 26/2026 Điều 5: round 1 before 30/6 for dossiers proposed before
    30/4; round 2 before 30/12 for those proposed before 30/10; ministry 30/9 and 30/3)."""
    if level not in EvaluationLevel.values:
        raise ValidationError({"level": "Cấp đánh giá không hợp lệ."})
    if level != EvaluationLevel.MINISTRY and unit is None:
        raise ValidationError({"unit": "Hãy chọn tỉnh (hoặc huyện) tổ chức đợt đánh giá."})
    if regime_key is None:
        try:
            # The regime whose filings the round mostly receives: those of its year's end
            # (district rounds exist only under QĐ 148/QĐ-TTg, until 30/6/2025).
            regime = regime_for(date(year, 12, 31) if level != "district" else date(min(year, 2025), 1, 1))
        except RegimeNotFound as exc:
            raise ValidationError(str(exc)) from exc
        regime_key = regime.key
    regime = get_regime(regime_key)
    if level == EvaluationLevel.DISTRICT and workflow.office_for(regime.key) != workflow.DISTRICT:
        raise ValidationError(
            {"level": "Từ ngày 01/7/2025 không còn cấp huyện: đợt cấp huyện chỉ có theo QĐ 148/QĐ-TTg."}
        )
    legal_rounds = {"province": regime.province_rounds, "ministry": regime.ministry_rounds}.get(level, ())
    if not is_extra:
        for item in legal_rounds:
            if item.round == number:
                held_before = held_before or date(year, *item.held_before)
                proposed_before = proposed_before or date(year, *item.proposed_before)
    round_obj = EvaluationRound(
        level=level,
        unit=unit,
        regime_key=regime_key,
        year=year,
        number=number,
        is_extra=is_extra,
        name=name or _round_name(level, unit, year, number, is_extra),
        proposed_before=proposed_before,
        held_before=held_before,
        scheduled_on=scheduled_on,
        notes=notes,
        is_sample=is_sample,
        created_by=actor,
    )
    round_obj.full_clean()
    with set_actor(actor):
        round_obj.save()
    return round_obj


@transaction.atomic
def round_update(*, actor, round_obj: EvaluationRound, **fields) -> EvaluationRound:
    for name, value in fields.items():
        if name not in ROUND_FIELDS:
            raise ValueError(f"Field {name} is not editable")
        setattr(round_obj, name, value)
    if round_obj.status not in RoundStatus.values:
        raise ValidationError({"status": "Tình trạng không hợp lệ."})
    round_obj.full_clean()
    with set_actor(actor):
        round_obj.save()
    return round_obj


# -- working-day calendar ---------------------------------------------------------------------

@transaction.atomic
def calendar_day_set(*, actor, day: date, kind: str, reason: str, province=None) -> CalendarDay:
    """Record an extra day off or a make-up working day and move the open deadlines."""
    existing = CalendarDay.objects.filter(day=day, province=province).first()
    entry = existing or CalendarDay(day=day, province=province, created_by=actor)
    entry.kind, entry.reason = kind, (reason or "").strip()
    entry.full_clean(validate_unique=existing is None)
    with set_actor(actor):
        entry.save()
    commune_deadlines_recompute(province_id=province.pk if province is not None else None)
    return entry


@transaction.atomic
def calendar_day_delete(*, actor, entry: CalendarDay) -> None:
    province_id = entry.province_id
    with set_actor(actor):
        entry.delete()
    commune_deadlines_recompute(province_id=province_id)
