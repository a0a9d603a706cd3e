"""Closing scoring: quorum, the divergence check, the result and its outcome, and the
council's agreed result after a refused close."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from fractions import Fraction

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from ocop.core.text import format_number_vn
from ocop.core.workflow import recorded_at
from ocop.councils import access, rules
from ocop.councils.models import (
    SCORING_POSITIONS,
    ConflictDeclaration,
    CouncilEvaluation,
    CouncilMember,
    EvaluationStatus,
    Position,
    ScoreSheet,
)
from ocop.councils.services.moves import council_transition, regime_level, scoring_event_record
from ocop.councils.services.scoring import evaluation_criteria_set
from ocop.criteria import engine
from ocop.criteria.engine import CouncilPolicy, MinimumPolicy, to_decimal
from ocop.criteria.regimes import get_regime


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
        result = engine.score_council(evaluation_criteria_set(evaluation), [s.points for s in sheets], policy=policy)
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
        scoring_event_record(evaluation, "divergent", actor=actor, reason=reason,
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
    evaluation.closed_at = recorded_at(day)
    evaluation.closed_by = actor
    evaluation.meeting_on = meeting_on or day or timezone.localdate()
    evaluation.minutes_number = minutes_number.strip()
    evaluation.save()
    evaluation.present_members.set(present)
    # The minutes are issued with the close: signed once the close has committed (docs/signing.md).
    from ocop.certificates.issuing import issue_after_commit
    from ocop.councils.jobs import SIGN_MINUTES

    issue_after_commit(SIGN_MINUTES, actor=actor, object_id=evaluation.pk,
                       title=f"Ký số biên bản họp hội đồng về “{evaluation.dossier.product.name}”")
    scoring_event_record(evaluation, "close", actor=actor, day=day,
         data={"average": str(evaluation.average_total), "stars": evaluation.stars, "outcome": rule.outcome})
    council_transition(
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
    scoring_event_record(evaluation, "agreed", actor=actor, reason=minutes_text.strip(),
         data={"minutes_number": minutes_number.strip(), "average": str(evaluation.average_total),
               "spread": str(evaluation.max_spread), "file": bool(minutes_file)})
    return evaluation
