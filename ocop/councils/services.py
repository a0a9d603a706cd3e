"""Writes of the council phase: councils, members, scoring, closing, results, decisions.

Every function is atomic, takes the acting user, validates and raises `ValidationError`
with Vietnamese messages. Dossier state changes go through `_transition` (the table in
`workflow.py`) and write `evaluation.DossierEvent` rows; scoring actions write
`ScoringEvent` rows.
"""

from __future__ import annotations

import time as time_module
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal, InvalidOperation
from fractions import Fraction

from django.core.exceptions import ValidationError
from django.db import IntegrityError, OperationalError, connection, transaction
from django.urls import reverse
from django.utils import timezone

from ocop.core.text import format_number_vn
from ocop.councils import access, rules, workflow
from ocop.councils.models import (
    SCORING_POSITIONS,
    AdvisoryRecord,
    ConflictDeclaration,
    Council,
    CouncilEvaluation,
    CouncilKind,
    CouncilLevel,
    CouncilMember,
    EvaluationStatus,
    Outcome,
    Position,
    ScoreSheet,
    ScoringEvent,
    SheetStatus,
)
from ocop.criteria import engine
from ocop.criteria.engine import CouncilPolicy, InvalidSheet, MinimumPolicy, to_decimal
from ocop.criteria.regimes import get_regime
from ocop.evaluation.models import Dossier, DossierEvent, DossierKind, DossierState

# council level → the level key in the regime data (QĐ 148 calls the ministry "central").
_REGIME_LEVEL_KEYS = {
    CouncilLevel.DISTRICT: ("district",),
    CouncilLevel.PROVINCE: ("province",),
    CouncilLevel.MINISTRY: ("ministry", "central"),
}
# council level → certificates.DecisionLevel
DECISION_LEVELS = {CouncilLevel.DISTRICT: "district", CouncilLevel.PROVINCE: "province", CouncilLevel.MINISTRY: "central"}


def _event_time(day: date | None):
    if day is None or day == timezone.localdate():
        return timezone.now()
    return timezone.make_aware(datetime.combine(day, time(9, 0)))


def regime_level(regime_key: str, council_level: str):
    regime = get_regime(regime_key)
    for key in _REGIME_LEVEL_KEYS[council_level]:
        for level in regime.levels:
            if level.key == key:
                return level
    raise ValidationError(f"Chế độ {regime.name} không có cấp đánh giá này.")


def _transition(dossier: Dossier, action: str, *, actor, comment: str = "", data=None, day=None) -> DossierEvent:
    """Move a dossier along the council table and write its DossierEvent."""
    dossier = Dossier.objects.select_for_update().get(pk=dossier.pk)
    move = workflow.find(dossier.state, action)
    if move is None:
        raise ValidationError(
            f"Không thể thực hiện “{action}” khi hồ sơ đang ở trạng thái “{dossier.get_state_display()}”."
        )
    source = dossier.state
    dossier.state = move.target
    dossier.save(update_fields=["state", "updated_at"])
    return DossierEvent.objects.create(
        dossier=dossier, action=action, from_state=source, to_state=move.target, actor=actor,
        comment=comment, data={"source_article": move.source_article, **(data or {})}, at=_event_time(day),
    )


def _log(evaluation, action, *, actor, sheet=None, reason="", data=None, day=None) -> ScoringEvent:
    return ScoringEvent.objects.create(
        evaluation=evaluation, sheet=sheet, action=action, actor=actor, reason=reason, data=data or {},
        at=_event_time(day),
    )


def _notify(users, *, title, body, url, key):
    from ocop.notifications.services import notify

    notify(recipients=users, title=title[:255], body=body, url=url, event_key=key)


# -- councils ------------------------------------------------------------------------------


def _require_manager(actor, council) -> None:
    if actor is not None and not access.can_manage(actor, council):
        raise ValidationError("Chỉ cơ quan tham mưu quản lý OCOP được quản lý hội đồng này.")


@transaction.atomic
def council_create(
    *, actor, level: str, year: int, name: str, unit=None, kind: str = CouncilKind.COUNCIL,
    decision_number: str = "", decision_date: date | None = None, advisory_for: Council | None = None,
    rounds=(), is_sample: bool = False,
) -> Council:
    defaults = rules.council_defaults()
    council = Council(
        kind=kind, level=level, unit=unit, year=year, name=name.strip(), decision_number=decision_number.strip(),
        decision_date=decision_date, advisory_for=advisory_for, is_sample=is_sample, created_by=actor,
        quorum_percent=Decimal(str(defaults["quorum_percent"])),
        quorum_requires_chair=bool(defaults["quorum_requires_chair"]),
        divergence_threshold=Decimal(str(defaults["divergence_threshold"])),
    )
    if level != CouncilLevel.MINISTRY and unit is None:
        raise ValidationError({"unit": "Chọn địa bàn (tỉnh hoặc huyện) của hội đồng."})
    if kind == CouncilKind.ADVISORY and advisory_for is None:
        raise ValidationError({"advisory_for": "Tổ tư vấn phải thuộc một hội đồng."})
    council.full_clean()
    _require_manager(actor, council)
    council.save()
    for round_obj in rounds:
        council_round_attach(actor=actor, council=council, round_obj=round_obj)
    return council


@transaction.atomic
def council_member_add(*, actor, council: Council, user, position: str = Position.MEMBER, agency: str = "") -> CouncilMember:
    _require_manager(actor, council)
    from ocop.accounts.models import RoleAssignment
    from ocop.councils.selectors import EXCLUDED_MEMBER_ROLES, council_member_candidates

    if (not user.is_active or user.is_superuser
            or RoleAssignment.objects.filter(user=user, role__in=EXCLUDED_MEMBER_ROLES).exists()):
        raise ValidationError({"user": f"{user} không thể là thành viên hội đồng: tài khoản chủ thể OCOP, "
                                       "quản trị hệ thống hoặc đã ngừng hoạt động."})
    if actor is not None and not council_member_candidates(council).filter(pk=user.pk).exists():
        if CouncilMember.objects.filter(council=council, user=user).exists():
            raise ValidationError({"user": f"{user} đã là thành viên của {council}."})
        raise ValidationError({"user": f"{user} không có vai trò cán bộ, chuyên gia hoặc thành viên hội đồng, "
                                       "tổ tư vấn ở cấp và địa bàn của hội đồng này."})
    if CouncilMember.objects.filter(council=council, user=user).exists():
        raise ValidationError({"user": f"{user} đã là thành viên của {council}."})
    if position == Position.CHAIR and CouncilMember.objects.filter(council=council, position=Position.CHAIR).exists():
        raise ValidationError({"position": "Hội đồng đã có Chủ tịch."})
    member = CouncilMember(council=council, user=user, position=position, agency=agency.strip())
    member.full_clean()
    member.save()
    return member


@transaction.atomic
def council_round_attach(*, actor, council: Council, round_obj) -> None:
    _require_manager(actor, council)
    if round_obj.level != council.level:
        raise ValidationError({"round": "Đợt đánh giá phải cùng cấp với hội đồng."})
    if council.unit_id and round_obj.unit_id != council.unit_id:
        raise ValidationError({"round": "Đợt đánh giá phải của cùng địa bàn với hội đồng."})
    council.rounds.add(round_obj)


# -- evaluation sessions ----------------------------------------------------------------------


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
    _transition(dossier, "council_open", actor=actor, comment=f"{council.name}; hình thức: {mode}.",
                data={"council": council.pk, "evaluation": evaluation.pk}, day=day)
    _log(evaluation, "open", actor=actor, data={"written_opinion": written_opinion}, day=day)
    members = [m.user for m in council.members.filter(position__in=SCORING_POSITIONS).select_related("user")]
    _notify(
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


def _cset(evaluation):
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
        cset = _cset(evaluation)
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
        _log(evaluation, "submit", actor=actor, sheet=sheet, data={"total": str(sheet.total), "member": member.pk})
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
        cset = _cset(evaluation)
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
    event = _log(evaluation, "reopen", actor=actor, sheet=sheet, reason=reason, data={"member": sheet.member_id})
    _notify(
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
        _log(evaluation, "conflict", actor=actor, reason=reason.strip(), data={"member": member.pk})
    return declaration


# -- closing ----------------------------------------------------------------------------------


@dataclass
class CloseOutcome:
    closed: bool
    message: str
    divergent: bool = False
    # Members whose totals lie more than the threshold from another member's.
    concerned: list[CouncilMember] = field(default_factory=list)


def _policy(evaluation) -> CouncilPolicy:
    council = evaluation.council
    regime = get_regime(evaluation.regime_key)
    return CouncilPolicy(
        minimums=MinimumPolicy(council.minimum_policy),
        divergence_threshold=council.divergence_threshold,
        bands=regime.bands,
    )


def compute_result(evaluation, sheets: list[ScoreSheet]) -> dict:
    """The council result from members' sheets (exact arithmetic; rounded only to store)."""
    regime = get_regime(evaluation.regime_key)
    policy = _policy(evaluation)
    if evaluation.criteria_set:
        result = engine.score_council(_cset(evaluation), [s.points for s in sheets], policy=policy)
        data = result.to_dict()
        average, band, stars, spread = result.average_total, result.band_stars, result.stars, result.max_spread
        divergent = result.divergent
        parts = result.part_averages
    else:
        result = rules.score_part_totals_council(
            [s.part_totals for s in sheets], part_maxima=regime.part_maxima, bands=regime.bands,
            threshold=policy.divergence_threshold,
        )
        average, band, stars, spread = result.average_total, result.band_stars, result.stars, result.max_spread
        divergent = result.divergent
        parts = result.part_averages
        data = {"average_total": engine.json_number(average), "band_stars": band, "stars": stars,
                "max_spread": engine.json_number(spread), "divergent": divergent, "minimums_checked": False}
    data["part_averages"] = {code: str(to_decimal(value)) for code, value in parts.items()}
    data["members"] = [
        {"member": s.member_id, "name": str(s.member.user), "total": str(s.total)} for s in sheets
    ]
    data["regime"] = regime.key
    data["criteria_version"] = evaluation.criteria_version
    return {"average": average, "band": band, "stars": stars, "spread": spread, "divergent": divergent, "data": data}


@transaction.atomic
def evaluation_close(
    *, actor, evaluation: CouncilEvaluation, present_member_ids=None, conclusion: str = "",
    meeting_on: date | None = None, minutes_number: str = "", accept_divergence: bool = False,
    day: date | None = None,
) -> CloseOutcome:
    """The chair closes scoring. Refused without quorum (≥ the council's percentage of its
    scoring members present, the chair among them) or while a present member has not
    submitted. Members' totals more than the threshold apart → refused, naming the members
    concerned (and a written-opinion session becomes a meeting); the chair then reopens the
    sheets the council chose (`sheets_reopen`) or, after that refusal, records the council's
    agreed result (`evaluation_record_agreed`, which closes with `accept_divergence`)."""
    evaluation = CouncilEvaluation.objects.select_for_update().select_related("council", "dossier").get(pk=evaluation.pk)
    council = evaluation.council
    if actor is not None and not access.is_chair(actor, council):
        raise ValidationError("Chỉ Chủ tịch Hội đồng được kết thúc chấm điểm.")
    if evaluation.status != EvaluationStatus.SCORING:
        raise ValidationError("Hội đồng đã kết thúc chấm điểm hồ sơ này.")
    scoring = list(council.members.filter(position__in=SCORING_POSITIONS).select_related("user"))
    conflicted = set(
        ConflictDeclaration.objects.filter(member__council=council, dossier=evaluation.dossier).values_list("member_id", flat=True)
    )
    sheets = {s.member_id: s for s in evaluation.sheets.select_related("member__user")}
    submitted = {pk for pk, s in sheets.items() if s.is_locked}
    if present_member_ids is None:
        present = {m.pk for m in scoring if m.pk in submitted or m.pk in conflicted}
    else:
        present = {int(pk) for pk in present_member_ids} & {m.pk for m in scoring}
    chair = next((m for m in scoring if m.position == Position.CHAIR), None)
    check = rules.quorum(
        present=len(present), members=len(scoring), chair_present=chair is not None and chair.pk in present,
        percent=council.quorum_percent, requires_chair=council.quorum_requires_chair,
    )
    if not check.ok:
        raise ValidationError(f"Không thể kết thúc chấm điểm. {check.message} (Quy chế hội đồng).")
    missing = [m for m in scoring if m.pk in present and m.pk not in conflicted and m.pk not in submitted]
    if missing:
        names = ", ".join(str(m.user) for m in missing)
        raise ValidationError(f"Thành viên có mặt chưa nộp phiếu: {names}.")
    used = [sheets[pk] for pk in sorted(present - conflicted) if pk in sheets]
    if not used:
        raise ValidationError("Chưa có phiếu đánh giá nào.")
    computed = compute_result(evaluation, used)
    already_discussed = evaluation.events.filter(action="divergent").exists()
    if computed["divergent"] and not (accept_divergence and already_discussed):
        totals = {s.member_id: Fraction(s.total) for s in used}
        concerned_ids = rules.members_concerned(totals, council.divergence_threshold)
        concerned = [sheets[pk] for pk in sorted(concerned_ids)]
        was_written = evaluation.written_opinion and not evaluation.meeting_required
        if evaluation.written_opinion:
            evaluation.meeting_required = True
            evaluation.save(update_fields=["meeting_required", "updated_at"])
        spread = to_decimal(computed["spread"])
        # The audited reason is read by every member on the session page: names only, no
        # points (members' points stay hidden until closing); the chair's message has them.
        names = ", ".join(str(s.member.user) for s in concerned)
        with_totals = ", ".join(f"{s.member.user} ({format_number_vn(s.total, 2)})" for s in concerned)
        # Quy chế hội đồng: totals more than the threshold apart → the council discusses and
        # the members concerned re-score. Which sheets reopen is the council's call after the
        # discussion, so nothing is unlocked here: the chair reopens the chosen sheets (with a
        # reason) or records the council's agreed result with its minutes.
        reason = (
            f"Tổng điểm các thành viên chênh lệch {format_number_vn(spread, 2)} điểm, quá "
            f"{format_number_vn(council.divergence_threshold, 0 if council.divergence_threshold % 1 == 0 else 2)} điểm. "
            f"Thành viên chênh lệch: {names}. Hội đồng thảo luận; Chủ tịch mở lại phiếu của thành viên cần "
            "chấm lại (ghi lý do), hoặc ghi kết quả thống nhất của Hội đồng kèm biên bản."
        )
        if was_written:
            reason += " Ý kiến bằng văn bản không thống nhất nên Hội đồng phải họp (QĐ 26/2026 Điều 7.6.d)."
        spreads = rules.criterion_spreads(
            {s.member_id: (s.points if evaluation.criteria_set else s.part_totals) for s in used})
        _log(evaluation, "divergent", actor=actor, reason=reason,
             data={"spread": str(spread), "members": sorted(concerned_ids),
                   "totals": {str(s.member_id): str(s.total) for s in used},
                   "criteria": {code: str(to_decimal(value)) for code, value in spreads.items() if value}})
        message = reason.replace(f"Thành viên chênh lệch: {names}.", f"Thành viên chênh lệch: {with_totals}.")
        return CloseOutcome(False, message, divergent=True, concerned=[s.member for s in concerned])

    level = regime_level(evaluation.regime_key, council.level)
    rule = rules.outcome_for(
        total=computed["average"], stars=computed["stars"], recognises=level.recognises_stars,
        forwards_to=level.forwards_to, forward_min_points=level.forward_min_points, source=level.source,
    )
    evaluation.status = EvaluationStatus.CLOSED
    evaluation.average_total = to_decimal(computed["average"])
    evaluation.band_stars = computed["band"]
    evaluation.stars = computed["stars"]
    evaluation.max_spread = to_decimal(computed["spread"])
    evaluation.result = {**computed["data"], "outcome_reason": rule.reason,
                         "divergence_accepted": bool(computed["divergent"])}
    evaluation.outcome = rule.outcome
    evaluation.conclusion = conclusion.strip() or rule.reason
    evaluation.closed_at = _event_time(day)
    evaluation.closed_by = actor
    evaluation.meeting_on = meeting_on or day or timezone.localdate()
    evaluation.minutes_number = minutes_number.strip()
    evaluation.save()
    evaluation.present_members.set(present)
    _log(evaluation, "close", actor=actor, day=day,
         data={"average": str(evaluation.average_total), "stars": evaluation.stars, "outcome": rule.outcome})
    _transition(
        evaluation.dossier, "council_close", actor=actor, day=day,
        comment=f"Điểm trung bình {evaluation.average_total}, {evaluation.stars} sao. {rule.reason}",
        data={"evaluation": evaluation.pk, "average": str(evaluation.average_total), "stars": evaluation.stars,
              "outcome": rule.outcome},
    )
    return CloseOutcome(True, f"Đã kết thúc chấm điểm: {evaluation.average_total} điểm, {evaluation.stars} sao.")


@transaction.atomic
def evaluation_record_agreed(
    *, actor, evaluation: CouncilEvaluation, minutes_number: str, minutes_text: str,
    meeting_on: date | None = None, minutes_file=None, present_member_ids=None,
) -> CouncilEvaluation:
    """The council's agreed result (kết quả thống nhất của Hội đồng) after a close refused
    for divergence: the meeting discussed the spread and agreed to keep the members' sheets
    as they stand. The result stays the average of the members' totals (QĐ 26/2026 Điều 3.3
    rates a product on that average; nobody may substitute a figure of their own); what is
    recorded is the agreement, its minutes number and text, and the signed minutes."""
    from ocop.core.uploads import check_document_upload

    evaluation = CouncilEvaluation.objects.select_related("council").get(pk=evaluation.pk)
    if actor is not None and not access.is_chair(actor, evaluation.council):
        raise ValidationError("Chỉ Chủ tịch Hội đồng được ghi kết quả thống nhất của Hội đồng.")
    errors = {}
    if not minutes_number.strip():
        errors["minutes_number"] = "Nhập số biên bản họp Hội đồng."
    if not minutes_text.strip():
        errors["minutes_text"] = "Ghi nội dung Hội đồng đã thống nhất (theo biên bản)."
    if errors:
        raise ValidationError(errors)
    if not evaluation.events.filter(action="divergent").exists():
        raise ValidationError(
            "Chỉ ghi kết quả thống nhất khi việc kết thúc chấm điểm đã bị từ chối do tổng điểm chênh lệch; "
            "khi không chênh lệch, Chủ tịch kết thúc chấm điểm như bình thường."
        )
    extension = check_document_upload(minutes_file).extension if minutes_file else ""
    outcome = evaluation_close(
        actor=actor, evaluation=evaluation, present_member_ids=present_member_ids, conclusion=minutes_text,
        meeting_on=meeting_on, minutes_number=minutes_number, accept_divergence=True,
    )
    if not outcome.closed:
        raise ValidationError(outcome.message)
    evaluation.refresh_from_db()
    evaluation.agreed_minutes = minutes_text.strip()
    if minutes_file:
        minutes_file.name = f"bien-ban.{extension}"
        evaluation.agreed_minutes_file = minutes_file
    evaluation.save(update_fields=["agreed_minutes", "agreed_minutes_file", "updated_at"])
    _log(evaluation, "agreed", actor=actor, reason=minutes_text.strip(),
         data={"minutes_number": minutes_number.strip(), "average": str(evaluation.average_total),
               "spread": str(evaluation.max_spread), "file": bool(minutes_file)})
    return evaluation


# -- results: forwarding, decisions, certificates --------------------------------------------


def _require_office(actor, evaluation) -> None:
    if actor is not None and not access.can_manage(actor, evaluation.council):
        raise ValidationError("Chỉ cơ quan tham mưu quản lý OCOP được thực hiện việc này.")


def _stakeholders(dossier):
    from ocop.evaluation.services import dossier_stakeholders

    return dossier_stakeholders(dossier, ("producer", "commune"))


@transaction.atomic
def evaluation_forward(*, actor, evaluation: CouncilEvaluation, day: date | None = None, comment: str = "") -> CouncilEvaluation:
    """Send a product reaching the forwarding threshold to the upper level (QĐ 26/2026 Điều
    6.3, 7.3.e: ≥ 90 → Bộ NN&MT; QĐ 148: district ≥ 70 → province)."""
    _require_office(actor, evaluation)
    if evaluation.outcome != Outcome.FORWARD:
        raise ValidationError("Kết quả của hội đồng không thuộc trường hợp chuyển cấp trên đánh giá.")
    level = regime_level(evaluation.regime_key, evaluation.council.level)
    _transition(evaluation.dossier, "forward_up", actor=actor, day=day,
                comment=comment or f"Chuyển hồ sơ lên cấp trên ({level.source}).",
                data={"evaluation": evaluation.pk, "to": level.forwards_to})
    _notify(_stakeholders(evaluation.dossier), title=f"Sản phẩm “{evaluation.dossier.product.name}” được chuyển cấp trên đánh giá",
            body=f"Điểm trung bình {evaluation.average_total}. {level.source}.",
            url="", key=f"council-eval:{evaluation.pk}:forward")
    return evaluation


@transaction.atomic
def upper_result_record(*, actor, evaluation: CouncilEvaluation, total, stars: int, reference: str) -> CouncilEvaluation:
    """The provincial office enters the upper level's result for a forwarded product."""
    _require_office(actor, evaluation)
    if evaluation.dossier.state != DossierState.FORWARDED_UP:
        raise ValidationError("Hồ sơ chưa được chuyển cấp trên đánh giá.")
    try:
        total = Decimal(str(total).replace(",", "."))
    except InvalidOperation:
        raise ValidationError({"total": "Nhập số điểm."}) from None
    if not 0 <= total <= 100:
        raise ValidationError({"total": "Điểm phải từ 0 đến 100."})
    band = engine.band_for(total, get_regime(evaluation.regime_key).bands)
    if not 0 <= int(stars) <= band:
        raise ValidationError({"stars": f"Điểm {total} chỉ đạt tối đa {band} sao (Điều 3.3)."})
    evaluation.upper_total, evaluation.upper_stars = total, int(stars)
    evaluation.upper_reference = reference.strip()
    evaluation.save(update_fields=["upper_total", "upper_stars", "upper_reference", "updated_at"])
    _log(evaluation, "upper_result", actor=actor, data={"total": str(total), "stars": int(stars), "reference": reference})
    return evaluation


def recognisable(evaluation: CouncilEvaluation) -> tuple[int | None, Decimal | None]:
    """(stars, score) this council's level may certify for the dossier, or (None, None)."""
    level = regime_level(evaluation.regime_key, evaluation.council.level)
    state = evaluation.dossier.state
    if state == DossierState.EVALUATED and evaluation.outcome == Outcome.RECOGNISE:
        return evaluation.stars, evaluation.average_total
    if state == DossierState.FORWARDED_UP and evaluation.upper_stars in level.recognises_stars:
        # QĐ 26/2026 Điều 7.4.g: under 90 at the ministry, the province may certify 3★/4★.
        return evaluation.upper_stars, evaluation.upper_total
    return None, None


@dataclass(frozen=True)
class DecisionLine:
    """One product of a recognition decision as it will be issued."""

    evaluation: CouncilEvaluation
    stars: int
    score: Decimal | None
    certificate_number: str
    expires_on: date


def decision_plan(*, actor, council: Council, evaluations, number: str, decided_on: date) -> list[DecisionLine]:
    """Check a recognition decision and say what it will issue (products, stars, scores,
    certificate numbers, expiry), without writing: the confirmation page shows this, and
    `decision_issue` issues exactly this."""
    from ocop.certificates import legal

    if actor is not None and not access.can_manage(actor, council):
        raise ValidationError("Chỉ cơ quan tham mưu quản lý OCOP được lập quyết định công nhận.")
    evaluations = list(evaluations)
    if not evaluations:
        raise ValidationError("Chọn ít nhất một sản phẩm để công nhận.")
    if not number.strip():
        raise ValidationError({"number": "Nhập số quyết định."})
    serial = number.strip().split("/")[0]
    plan = []
    for index, evaluation in enumerate(evaluations, start=1):
        if evaluation.council_id != council.pk:
            raise ValidationError("Các sản phẩm phải do cùng hội đồng đánh giá.")
        stars, score = recognisable(evaluation)
        if stars is None:
            raise ValidationError(
                f"Sản phẩm “{evaluation.dossier.product.name}” không thuộc trường hợp được công nhận ở cấp này."
            )
        plan.append(DecisionLine(
            evaluation, stars, score, f"{serial}.{index:02d}/GCN-OCOP",
            legal.expiry_date(decided_on, evaluation.regime_key),
        ))
    return plan


@transaction.atomic
def decision_issue(
    *, actor, council: Council, evaluations, number: str, decided_on: date, signer: str = "",
    is_sample: bool = False,
):
    """The recognition decision (quyết định công nhận) for the listed evaluations, one
    certificate each (certificates app: number, issue date, stars, 36 months), the dossiers
    RECOGNISED, written notice to the commune and the producer."""
    from ocop.certificates import services as certificates

    plan = decision_plan(actor=actor, council=council, evaluations=evaluations, number=number, decided_on=decided_on)
    decision = certificates.decision_create(
        actor=actor, number=number, decided_on=decided_on, level=DECISION_LEVELS[council.level],
        issuing_unit=council.unit, regime_key=plan[0].evaluation.regime_key, signer=signer, is_sample=is_sample,
    )
    for line in plan:
        evaluation, stars, score = line.evaluation, line.stars, line.score
        certificate = certificates.certificate_issue(
            actor=actor, decision=decision, product=evaluation.dossier.product,
            number=line.certificate_number, stars=stars, score=score, issued_on=decided_on,
            is_sample=is_sample,
        )
        evaluation.decision, evaluation.certificate = decision, certificate
        evaluation.save(update_fields=["decision", "certificate", "updated_at"])
        action = "recognise" if evaluation.dossier.state == DossierState.EVALUATED else "upper_recognise"
        _transition(evaluation.dossier, action, actor=actor, day=decided_on,
                    comment=f"Quyết định số {decision.number}: {stars} sao; giấy chứng nhận số {certificate.number}.",
                    data={"decision": decision.pk, "certificate": certificate.pk, "stars": stars})
        _notify(
            _stakeholders(evaluation.dossier),
            title=f"Sản phẩm “{evaluation.dossier.product.name}” được công nhận {stars} sao",
            body=(f"Quyết định số {decision.number} ngày {decided_on:%d/%m/%Y}; giấy chứng nhận số "
                  f"{certificate.number}, hiệu lực đến {certificate.expires_on:%d/%m/%Y} (QĐ 26/2026 Điều 7.3.đ)."),
            url=reverse("councils:product_history", args=[evaluation.dossier.product_id]),
            key=f"council-eval:{evaluation.pk}:recognised",
        )
    return decision


@transaction.atomic
def evaluation_not_recognise(*, actor, evaluation: CouncilEvaluation, comment: str = "") -> CouncilEvaluation:
    """Close a dossier the council (or the upper level) did not rate 3★ or more; the commune
    and the producer are told in writing."""
    _require_office(actor, evaluation)
    state = evaluation.dossier.state
    if state == DossierState.EVALUATED and evaluation.outcome == Outcome.NOT_RECOGNISE:
        action = "not_recognise"
    elif state == DossierState.FORWARDED_UP and evaluation.upper_stars is not None and recognisable(evaluation)[0] is None:
        action = "upper_not_recognise"
    else:
        raise ValidationError("Kết quả đánh giá không thuộc trường hợp không công nhận.")
    _transition(evaluation.dossier, action, actor=actor, comment=comment or evaluation.conclusion)
    _notify(_stakeholders(evaluation.dossier),
            title=f"Kết quả đánh giá sản phẩm “{evaluation.dossier.product.name}”",
            body=f"Sản phẩm đạt {evaluation.average_total} điểm, {evaluation.stars} sao: không được công nhận (QĐ 26/2026 Điều 4.1.a).",
            url="", key=f"council-eval:{evaluation.pk}:not-recognised")
    return evaluation


# -- advisory team ----------------------------------------------------------------------------


@transaction.atomic
def advisory_record_add(*, actor, council: Council, dossier: Dossier, kind: str, happened_on: date, text: str,
                        people: str = "", photo=None, is_sample: bool = False) -> AdvisoryRecord:
    if council.kind != CouncilKind.ADVISORY:
        raise ValidationError("Chỉ Tổ tư vấn ghi hồ sơ làm việc này.")
    if actor is not None and access.membership(actor, council) is None and not access.can_manage(actor, council):
        raise ValidationError("Bạn không thuộc Tổ tư vấn này.")
    parent = council.advisory_for
    if parent is None or dossier.round_id is None or not parent.rounds.filter(pk=dossier.round_id).exists():
        raise ValidationError("Hồ sơ không thuộc đợt đánh giá của hội đồng mà tổ tư vấn phục vụ.")
    record = AdvisoryRecord(council=council, dossier=dossier, kind=kind, happened_on=happened_on, text=text.strip(),
                            people=people.strip(), author=actor, is_sample=is_sample)
    if photo is not None:
        record.photo = photo
    record.full_clean()
    record.save()
    return record
