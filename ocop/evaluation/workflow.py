"""The dossier workflow as an explicit transition table per regime, written as rows of the
core mechanism (`ocop.core.workflow.Transition`), each with the actors allowed to make it
and the checks it needs. The `Workflow` itself (guard, checks, effects, history model) is
assembled in `services.dossier_workflow`, and `services.dossier_transition` (a thin wrapper
around `core.workflow.transition_apply`) is the only code that changes a state.

The tables differ by the first evaluating level, read from the regime data
(`legal.evaluation_office_level`): under QĐ 148/QĐ-TTg (2023) the commune forwards to the
district office (phòng chuyên môn cấp huyện), the first evaluation level; under QĐ 148 as
amended by QĐ 1489 (2025) and under QĐ 26/2026 (Điều 7.2.b, 7.3.a) it forwards to the
province. From ACCEPTED on, the council table applies (`ocop/councils/workflow.py`).
"""

from __future__ import annotations

from ocop.accounts.models import Role
from ocop.accounts.scopes import user_scope
from ocop.core.workflow import Transition
from ocop.criteria.regimes import all_regimes
from ocop.evaluation.legal import evaluation_office_level
from ocop.evaluation.models import DossierState as S
from ocop.territory.models import UnitCoverage

# Who may act: the producer that owns the dossier; the commune officer of the dossier's
# commune (today's commune, which also covers the legacy communes merged into it); the
# provincial OCOP office of its province; the district office of its legacy district.
PRODUCER = "producer"
COMMUNE = "commune"
PROVINCE = "province"
DISTRICT = "district"

ACTOR_LABELS = {
    PRODUCER: "Chủ thể OCOP",
    COMMUNE: "UBND cấp xã",
    PROVINCE: "Cơ quan tham mưu OCOP cấp tỉnh",
    DISTRICT: "Phòng chuyên môn cấp huyện",
}

OFFICE_STATES = {
    PROVINCE: (S.FORWARDED_TO_PROVINCE, S.PROVINCE_CHECKING, S.PROVINCE_RETURNED),
    DISTRICT: (S.FORWARDED_TO_DISTRICT, S.DISTRICT_CHECKING, S.DISTRICT_RETURNED),
}
OFFICE_NAMES = {PROVINCE: "UBND cấp tỉnh", DISTRICT: "phòng chuyên môn cấp huyện"}


def _row(action, source, target, label, actors, **options) -> Transition:
    # The rows below read as the legal text does: from, to, the button, who makes the move.
    return Transition(action, label, source, target, actors=actors, **options)


def build_rows(office: str) -> tuple[Transition, ...]:
    """The transition rows for a regime whose first evaluating level is `office`."""
    forwarded, checking, returned = OFFICE_STATES[office]
    office_name = OFFICE_NAMES[office]
    article = "QĐ 26/2026 Điều 7.3.a" if office == PROVINCE else "QĐ 148/QĐ-TTg Phụ lục II mục 4.a"
    return (
        _row(
            "submit", S.DRAFT, S.SUBMITTED, "Nộp hồ sơ cho UBND xã", (PRODUCER, COMMUNE),
            checks=("complete",), todo_for=(PRODUCER,), source_article="QĐ 26/2026 Điều 7.1",
        ),
        _row(
            "withdraw", S.DRAFT, S.WITHDRAWN, "Hủy hồ sơ nháp", (PRODUCER, COMMUNE),
            todo_for=(), style="outline-danger",
        ),
        _row(
            "receive", S.SUBMITTED, S.COMMUNE_CHECKING, "Tiếp nhận và kiểm tra hồ sơ", (COMMUNE,),
            source_article="QĐ 26/2026 Điều 7.2",
        ),
        _row(
            "withdraw", S.SUBMITTED, S.WITHDRAWN, "Rút hồ sơ", (PRODUCER, COMMUNE),
            todo_for=(), style="outline-danger", comment_required=True,
        ),
        _row(
            "return", S.COMMUNE_CHECKING, S.RETURNED, "Trả lại để hoàn thiện", (COMMUNE,),
            comment_required=True, style="outline-warning", source_article="QĐ 26/2026 Điều 10.4.a",
        ),
        _row(
            "issue_report", S.COMMUNE_CHECKING, S.COMMUNE_REPORTED, "Ban hành báo cáo (Mẫu 03)",
            (COMMUNE,), checks=("complete", "commune_report"),
            source_article="QĐ 26/2026 Điều 7.2.b; Phụ lục III Mẫu số 03",
        ),
        _row(
            "resubmit", S.RETURNED, S.SUBMITTED, "Nộp lại hồ sơ đã hoàn thiện", (PRODUCER, COMMUNE),
            checks=("complete",), todo_for=(PRODUCER,),
        ),
        _row(
            "withdraw", S.RETURNED, S.WITHDRAWN, "Rút hồ sơ", (PRODUCER, COMMUNE),
            todo_for=(), style="outline-danger", comment_required=True,
        ),
        _row(
            "forward", S.COMMUNE_REPORTED, forwarded, f"Gửi hồ sơ đề nghị lên {office_name}",
            (COMMUNE,), checks=("commune_report", "proposal"),
            source_article="QĐ 26/2026 Điều 6.2, 7.2.b",
        ),
        _row(
            "office_receive", forwarded, checking, "Tiếp nhận hồ sơ đề nghị", (office,),
            source_article=article,
        ),
        _row(
            "office_return", checking, returned, "Yêu cầu hoàn thiện hồ sơ", (office,),
            comment_required=True, style="outline-warning", source_article=article,
        ),
        _row(
            "reforward", returned, forwarded, "Gửi lại hồ sơ đã hoàn thiện", (COMMUNE,),
            checks=("complete", "commune_report", "proposal"), todo_for=(COMMUNE, PRODUCER),
        ),
        _row(
            "accept", checking, S.ACCEPTED, "Tiếp nhận vào đợt đánh giá", (office,),
            checks=("round",), source_article="QĐ 26/2026 Điều 5, 7.3.a",
        ),
    )


def build_table(office: str) -> dict[str, dict[str, Transition]]:
    """The rows of `office`'s regime as a lookup: state → next state → Transition."""
    table: dict[str, dict[str, Transition]] = {}
    for transition in build_rows(office):
        table.setdefault(transition.source, {})[transition.target] = transition
    return table


# regime key → the rows of its table (what the core workflow's `tables=` hook returns).
ROWS: dict[str, tuple[Transition, ...]] = {
    regime.key: build_rows(evaluation_office_level(regime)) for regime in all_regimes()
}
# regime key → state → next state → Transition (the same rows, looked up by state).
WORKFLOWS: dict[str, dict[str, dict[str, Transition]]] = {
    key: {
        state: {t.target: t for t in rows if t.source == state}
        for state in dict.fromkeys(t.source for t in rows)
    }
    for key, rows in ROWS.items()
}


def table_for(regime_key: str) -> dict[str, dict[str, Transition]]:
    return WORKFLOWS[regime_key]


def rows_for(dossier) -> tuple[Transition, ...]:
    """The `tables=` hook of the dossier workflow: the rows of the dossier's regime."""
    return ROWS[dossier.regime_key]


def office_for(regime_key: str) -> str:
    """PROVINCE or DISTRICT: who receives the commune's proposal under this regime."""
    for state in WORKFLOWS[regime_key].get(S.COMMUNE_REPORTED, {}):
        return DISTRICT if state == S.FORWARDED_TO_DISTRICT else PROVINCE
    return PROVINCE


def all_transitions(regime_key: str) -> list[Transition]:
    return list(ROWS[regime_key])


def states_of(regime_key: str) -> list[str]:
    """Every state a dossier under this regime can be in, in workflow order."""
    seen: list[str] = []
    for transition in all_transitions(regime_key):
        for state in (transition.source, transition.target):
            if state not in seen:
                seen.append(state)
    return seen


def find(regime_key: str, state: str, action: str) -> Transition | None:
    for transition in WORKFLOWS[regime_key].get(state, {}).values():
        if transition.action == action:
            return transition
    return None


def outgoing(regime_key: str, state: str) -> list[Transition]:
    return list(WORKFLOWS[regime_key].get(state, {}).values())


# -- guards ------------------------------------------------------------------------------

def _covers(unit_ids, unit_id: int) -> bool:
    if not unit_ids:
        return False
    return UnitCoverage.objects.filter(unit_id__in=list(unit_ids), covered_id=unit_id).exists()


def actor_kinds(user, dossier) -> set[str]:
    """The workflow roles `user` holds for `dossier` (an admin holds every role)."""
    scope = user_scope(user)
    if scope.is_admin:
        return {PRODUCER, COMMUNE, PROVINCE, DISTRICT}
    kinds = set()
    if dossier.producer_id in scope.producer_ids:
        kinds.add(PRODUCER)
    if _covers(scope.commune_ids, dossier.commune_id):
        kinds.add(COMMUNE)
    if _covers(scope.province_ids, dossier.commune_id):
        kinds.add(PROVINCE)
    if _covers(scope.unit_ids(Role.DISTRICT_OFFICE), dossier.commune_id):
        kinds.add(DISTRICT)
    return kinds


def is_allowed(user, dossier, transition: Transition, kinds: set[str] | None = None) -> bool:
    """The guard of the dossier workflow: does `user` hold one of the move's actor roles for
    `dossier`? (`kinds`: the roles already computed, to offer several buttons at once.)"""
    kinds = actor_kinds(user, dossier) if kinds is None else kinds
    return bool(kinds & set(transition.actors))


def available_transitions(user, dossier) -> list[Transition]:
    # The actor roles are computed once for all the buttons (a few queries each time).
    kinds = actor_kinds(user, dossier)
    return [t for t in outgoing(dossier.regime_key, dossier.state) if is_allowed(user, dossier, t, kinds)]
