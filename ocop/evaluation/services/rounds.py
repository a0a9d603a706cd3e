"""Evaluation rounds (QĐ 26/2026 Điều 5) and the working-day calendar that moves the
commune deadlines."""

from __future__ import annotations

from datetime import date

from auditlog.context import set_actor
from django.core.exceptions import ValidationError
from django.db import transaction

from ocop.core.registers import record_assign, record_save
from ocop.criteria.regimes import RegimeNotFound, get_regime, regime_for
from ocop.evaluation import workflow
from ocop.evaluation.models import CalendarDay, EvaluationLevel, EvaluationRound, RoundStatus
from ocop.evaluation.services.numbering import commune_deadlines_recompute

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
    return record_save(round_obj, actor=actor)


@transaction.atomic
def round_update(*, actor, round_obj: EvaluationRound, **fields) -> EvaluationRound:
    record_assign(round_obj, fields, ROUND_FIELDS)
    if round_obj.status not in RoundStatus.values:
        raise ValidationError({"status": "Tình trạng không hợp lệ."})
    return record_save(round_obj, actor=actor)


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
