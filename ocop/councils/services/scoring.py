"""Scoring sessions: opening one, members' sheets (save, submit, reopen), conflicts of
interest declared."""

from __future__ import annotations

import time as time_module
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import IntegrityError, OperationalError, connection, transaction
from django.urls import reverse
from django.utils import timezone

from ocop.councils import access
from ocop.councils.models import (
    SCORING_POSITIONS,
    ConflictDeclaration,
    Council,
    CouncilEvaluation,
    CouncilKind,
    CouncilMember,
    EvaluationStatus,
    ScoreSheet,
    SheetStatus,
)
from ocop.councils.services.moves import (
    council_transition,
    notify_users,
    regime_level,
    scoring_event_record,
)
from ocop.criteria import engine
from ocop.criteria.engine import InvalidSheet, to_decimal
from ocop.criteria.regimes import get_regime
from ocop.evaluation.models import Dossier, DossierKind


@transaction.atomic
def evaluation_open(
    *, actor, council: Council, dossier: Dossier, written_opinion: bool | None = None,
    day: date | None = None, is_sample: bool = False,
) -> CouncilEvaluation:
    """Start scoring a dossier (ACCEPTED → IN_EVALUATION). Re-evaluations default to the
    written-opinion mode of QĐ 26/2026 Điều 7.6.d."""
    if actor is not None and not (access.is_chair(actor, council) or access.can_manage(actor, council)):
        raise ValidationError("Chỉ Chủ tịch Hội đồng hoặc cơ quan tham mưu được mở phiên chấm điểm.")
    if council.kind != CouncilKind.COUNCIL:
        raise ValidationError("Tổ tư vấn không chấm điểm hồ sơ.")
    if dossier.round_id is None or not council.rounds.filter(pk=dossier.round_id).exists():
        raise ValidationError("Hồ sơ không thuộc đợt đánh giá mà hội đồng này phụ trách.")
    regime = get_regime(dossier.regime_key)
    regime_level(dossier.regime_key, council.level)
    if written_opinion is None:
        written_opinion = dossier.kind == DossierKind.REEVALUATION and regime.key == "qd26-2026"
    criteria_set = dossier.product.category.criteria_set if regime.granularity == "options" else None
    evaluation = CouncilEvaluation(
        council=council, dossier=dossier, written_opinion=written_opinion, regime_key=regime.key,
        criteria_version=regime.criteria_version or "", criteria_set=criteria_set, is_sample=is_sample,
    )
    try:
        with transaction.atomic():
            evaluation.save()
    except IntegrityError:
        raise ValidationError("Hội đồng đã mở phiên chấm điểm cho hồ sơ này.") from None
    mode = "lấy ý kiến bằng văn bản (Điều 7.6.d)" if written_opinion else "họp hội đồng"
    council_transition(dossier, "council_open", actor=actor, comment=f"{council.name}; hình thức: {mode}.",
                data={"council": council.pk, "evaluation": evaluation.pk}, day=day)
    scoring_event_record(evaluation, "open", actor=actor, data={"written_opinion": written_opinion}, day=day)
    members = [m.user for m in council.members.filter(position__in=SCORING_POSITIONS).select_related("user")]
    notify_users(
        [u for u in members if actor is None or u.pk != actor.pk],
        title=f"Chấm điểm hồ sơ “{dossier.product.name}”",
        body=f"{council.name} bắt đầu chấm điểm ({mode}).",
        url=reverse("councils:sheet", args=[evaluation.pk]),
        key=f"council-eval:{evaluation.pk}:open",
    )
    return evaluation


def _member_for(actor, evaluation) -> CouncilMember:
    member = access.membership(actor, evaluation.council)
    if member is None or not member.scores:
        raise ValidationError("Bạn không phải thành viên chấm điểm của hội đồng này.")
    if access.is_conflicted(member, evaluation.dossier):
        raise ValidationError(
            "Bạn đã khai báo xung đột lợi ích với hồ sơ này nên không được chấm điểm hoặc xem điểm."
        )
    return member


def evaluation_criteria_set(evaluation):
    """The criteria set (catalogue version) the evaluation is scored on."""
    from ocop.criteria import catalog

    return catalog.get_set(evaluation.criteria_set, evaluation.criteria_version)


def _parse_part_totals(evaluation, part_totals: dict) -> dict[str, str]:
    maxima = get_regime(evaluation.regime_key).part_maxima
    cleaned, errors = {}, []
    for code, maximum in maxima.items():
        raw = str(part_totals.get(code, "")).strip().replace(",", ".")
        try:
            value = Decimal(raw)
        except InvalidOperation:
            errors.append(f"Phần {code}: nhập số điểm (ví dụ 25,5).")
            continue
        if not value.is_finite() or not 0 <= value <= maximum:
            errors.append(f"Phần {code}: điểm phải từ 0 đến {maximum}.")
            continue
        cleaned[code] = str(value.quantize(Decimal("0.01")))
    if errors:
        raise ValidationError(errors)
    return cleaned


def sheet_save(**kwargs) -> ScoreSheet:
    """Save (draft) or submit the actor's own sheet. Each member has one row; it is locked
    with SELECT … FOR UPDATE so concurrent saves of the same member serialise and saves of
    different members never touch each other's data. A submitted sheet is locked.

    SQLite has no row locks: it serialises whole write transactions, and a writer that
    finds the database locked (shared-cache databases do not wait for the busy timeout)
    retries a few times, so simultaneous saves of several members all succeed."""
    attempts = 8 if connection.vendor == "sqlite" and not connection.in_atomic_block else 1
    for attempt in range(attempts):
        try:
            return _sheet_save(**kwargs)
        except OperationalError as exc:
            if attempt == attempts - 1 or "locked" not in str(exc):
                raise
            time_module.sleep(0.05 * (attempt + 1))
    raise AssertionError("unreachable")


@transaction.atomic
def _sheet_save(
    *, actor, evaluation: CouncilEvaluation, points: dict | None = None, part_totals: dict | None = None,
    comment: str = "", submit: bool = False, member: CouncilMember | None = None,
) -> ScoreSheet:
    member = member or _member_for(actor, evaluation)
    evaluation = CouncilEvaluation.objects.get(pk=evaluation.pk)
    if evaluation.status != EvaluationStatus.SCORING:
        raise ValidationError("Hội đồng đã kết thúc chấm điểm hồ sơ này.")
    if access.is_conflicted(member, evaluation.dossier):
        raise ValidationError("Thành viên đã khai báo xung đột lợi ích với hồ sơ này.")
    sheet = ScoreSheet.objects.select_for_update().filter(evaluation=evaluation, member=member).first()
    if sheet is None:
        try:
            with transaction.atomic():
                sheet = ScoreSheet.objects.create(evaluation=evaluation, member=member)
        except IntegrityError:
            # Another request of the same member created it first: lock and use that row.
            pass
        sheet = ScoreSheet.objects.select_for_update().get(evaluation=evaluation, member=member)
    if sheet.is_locked:
        raise ValidationError("Phiếu đã nộp và bị khóa; cần Chủ tịch Hội đồng mở lại (có lý do) để sửa.")
    if evaluation.criteria_set:
        cset = evaluation_criteria_set(evaluation)
        points = {code: int(value) for code, value in (points or {}).items()}
        try:
            result = engine.score_sheet(cset, points)
        except InvalidSheet as exc:
            raise ValidationError([p.message for p in exc.problems]) from exc
        sheet.points = {code: int(value) for code, value in result.points.items()}
        sheet.total, sheet.stars = to_decimal(result.total), result.stars
    else:
        regime = get_regime(evaluation.regime_key)
        cleaned = _parse_part_totals(evaluation, part_totals or {})
        result = engine.score_part_totals(cleaned, part_maxima=regime.part_maxima, bands=regime.bands)
        sheet.part_totals = cleaned
        sheet.total, sheet.stars = to_decimal(result.total), result.stars
    sheet.comment = comment
    sheet.revision += 1
    sheet.updated_at = timezone.now()
    if submit:
        sheet.status = SheetStatus.SUBMITTED
        sheet.submitted_at = timezone.now()
    sheet.save()
    if submit:
        scoring_event_record(evaluation, "submit", actor=actor, sheet=sheet, data={"total": str(sheet.total), "member": member.pk})
    return sheet


@dataclass
class SheetSummary:
    """What a member is about to submit: total, stars, and the criteria still at 0 or
    unanswered (shown highlighted on the confirmation page)."""

    total: Decimal
    stars: int
    zero_items: list[str]
    rows: list[tuple[str, str]] = field(default_factory=list)


def sheet_summary(*, evaluation: CouncilEvaluation, points: dict | None = None, part_totals: dict | None = None,
                  answered: set[str] | None = None) -> SheetSummary:
    """Score the sheet as it would be submitted, without writing anything. `answered` holds
    the criteria codes the member actually chose an option for (None: all of them)."""
    if evaluation.criteria_set:
        cset = evaluation_criteria_set(evaluation)
        try:
            result = engine.score_sheet(cset, {code: int(v) for code, v in (points or {}).items()})
        except InvalidSheet as exc:
            raise ValidationError([p.message for p in exc.problems]) from exc
        zero = []
        for leaf in cset.leaves:
            if answered is not None and leaf.code not in answered:
                zero.append(f"{leaf.code}. {leaf.title} – chưa chọn phương án (tính 0 điểm)")
            elif result.points.get(leaf.code, 0) == 0:
                zero.append(f"{leaf.code}. {leaf.title} – 0 điểm")
        rows = [(f"Phần {code}", str(to_decimal(value))) for code, value in result.parts.items()]
        return SheetSummary(to_decimal(result.total), result.stars, zero, rows)
    regime = get_regime(evaluation.regime_key)
    cleaned = _parse_part_totals(evaluation, part_totals or {})
    result = engine.score_part_totals(cleaned, part_maxima=regime.part_maxima, bands=regime.bands)
    zero = [f"Phần {code} – 0 điểm" for code, value in cleaned.items() if Decimal(value) == 0]
    rows = [(f"Phần {code} (tối đa {maximum})", cleaned[code]) for code, maximum in regime.part_maxima.items()]
    return SheetSummary(to_decimal(result.total), result.stars, zero, rows)


def _reopen(evaluation, sheet: ScoreSheet, *, actor, reason: str) -> None:
    """Unlock one submitted sheet, audit it with the reason, and tell its member."""
    sheet.status = SheetStatus.DRAFT
    sheet.submitted_at = None
    sheet.save(update_fields=["status", "submitted_at"])
    event = scoring_event_record(evaluation, "reopen", actor=actor, sheet=sheet, reason=reason, data={"member": sheet.member_id})
    notify_users(
        [sheet.member.user],
        title=f"Phiếu đánh giá “{evaluation.dossier.product.name}” được mở lại để chấm lại",
        body=f"Chủ tịch Hội đồng đã mở lại phiếu của bạn. Lý do: {reason}",
        url=reverse("councils:sheet", args=[evaluation.pk]),
        key=f"council-eval:{evaluation.pk}:reopen:{event.pk}",
    )


def _check_reopen(actor, evaluation, reason: str) -> str:
    if actor is not None and not access.is_chair(actor, evaluation.council):
        raise ValidationError("Chỉ Chủ tịch Hội đồng được mở lại phiếu đã nộp.")
    if not reason.strip():
        raise ValidationError({"reason": "Ghi rõ lý do mở lại phiếu."})
    if evaluation.status != EvaluationStatus.SCORING:
        raise ValidationError("Hội đồng đã kết thúc chấm điểm hồ sơ này.")
    return reason.strip()


@transaction.atomic
def sheet_reopen(*, actor, sheet: ScoreSheet, reason: str) -> ScoreSheet:
    """Unlock a submitted sheet: the chair only, with a reason (audited, member notified)."""
    sheet = ScoreSheet.objects.select_for_update().select_related(
        "evaluation__council", "evaluation__dossier__product", "member__user").get(pk=sheet.pk)
    reason = _check_reopen(actor, sheet.evaluation, reason)
    if not sheet.is_locked:
        raise ValidationError("Phiếu chưa nộp, không cần mở lại.")
    _reopen(sheet.evaluation, sheet, actor=actor, reason=reason)
    return sheet


@transaction.atomic
def sheets_reopen(*, actor, evaluation: CouncilEvaluation, sheet_ids, reason: str) -> list[ScoreSheet]:
    """After a refused close the chair reopens the sheets the council chose to re-score
    (Quy chế hội đồng: totals more than the threshold apart → discuss and re-score), one
    reason for all; each member is notified and sees their sheet editable again."""
    evaluation = CouncilEvaluation.objects.select_related("council", "dossier__product").get(pk=evaluation.pk)
    reason = _check_reopen(actor, evaluation, reason)
    ids = {int(pk) for pk in sheet_ids}
    if not ids:
        raise ValidationError({"sheets": "Chọn ít nhất một phiếu cần chấm lại."})
    sheets = list(
        ScoreSheet.objects.select_for_update().filter(evaluation=evaluation, pk__in=ids).select_related("member__user")
    )
    if len(sheets) != len(ids):
        raise ValidationError({"sheets": "Phiếu được chọn không thuộc phiên chấm điểm này."})
    open_ones = [str(s.member.user) for s in sheets if not s.is_locked]
    if open_ones:
        raise ValidationError({"sheets": f"Phiếu chưa nộp, không cần mở lại: {', '.join(open_ones)}."})
    for sheet in sheets:
        _reopen(evaluation, sheet, actor=actor, reason=reason)
    return sheets


@transaction.atomic
def conflict_declare(*, actor, evaluation: CouncilEvaluation, reason: str, member: CouncilMember | None = None) -> ConflictDeclaration:
    """A member declares a conflict of interest (or the office records it for them): the
    member's sheet on the dossier is removed and they no longer score or see its scores."""
    if member is None:
        member = access.membership(actor, evaluation.council)
        if member is None:
            raise ValidationError("Bạn không phải thành viên của hội đồng này.")
    elif actor is not None and member.user_id != actor.pk and not access.can_manage(actor, evaluation.council):
        raise ValidationError("Chỉ chính thành viên hoặc cơ quan tham mưu được khai báo xung đột lợi ích.")
    if not reason.strip():
        raise ValidationError({"reason": "Ghi rõ lý do (quan hệ với chủ thể, lợi ích liên quan…)."})
    if evaluation.status != EvaluationStatus.SCORING:
        raise ValidationError("Hội đồng đã kết thúc chấm điểm hồ sơ này.")
    declaration, created = ConflictDeclaration.objects.get_or_create(
        member=member, dossier=evaluation.dossier, defaults={"reason": reason.strip(), "declared_by": actor}
    )
    if created:
        ScoreSheet.objects.filter(evaluation=evaluation, member=member).delete()
        scoring_event_record(evaluation, "conflict", actor=actor, reason=reason.strip(), data={"member": member.pk})
    return declaration
