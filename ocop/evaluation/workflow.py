"""The dossier workflow as an explicit transition table per regime (as django-oscar does for
orders): state → {next state: Transition}, each with the actors allowed to make it and
the checks it needs. `services.dossier_transition` is the only code that changes a state.

The tables differ by the first evaluating level, read from the regime data
(`legal.evaluation_office_level`): under QĐ 148/QĐ-TTg (2023) the commune forwards to the
district office (phòng chuyên môn cấp huyện), the first evaluation level; under QĐ 148 as
amended by QĐ 1489 (2025) and under QĐ 26/2026 (Điều 7.2.b, 7.3.a) it forwards to the
province. States after ACCEPTED (council scoring, results) are reserved for issue 5.
"""

from __future__ import annotations

from dataclasses import dataclass

from ocop.accounts.models import Role
from ocop.accounts.scopes import user_scope
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


@dataclass(frozen=True)
class Transition:
    action: str
    source: str
    target: str
    label: str  # the button
    actors: tuple[str, ...]
    # Named checks run by the service before the move (see services._CHECKS).
    checks: tuple[str, ...] = ()
    comment_required: bool = False
    # Whose "Việc cần làm" lists a dossier waiting in `source` for this transition.
    todo_for: tuple[str, ...] | None = None
    style: str = "primary"
    source_article: str = ""

    @property
    def waiting_for(self) -> tuple[str, ...]:
        return self.actors if self.todo_for is None else self.todo_for


OFFICE_STATES = {
    PROVINCE: (S.FORWARDED_TO_PROVINCE, S.PROVINCE_CHECKING, S.PROVINCE_RETURNED),
    DISTRICT: (S.FORWARDED_TO_DISTRICT, S.DISTRICT_CHECKING, S.DISTRICT_RETURNED),
}
OFFICE_NAMES = {PROVINCE: "UBND cấp tỉnh", DISTRICT: "phòng chuyên môn cấp huyện"}


def build_table(office: str) -> dict[str, dict[str, Transition]]:
    """The transition table for a regime whose first evaluating level is `office`."""
    forwarded, checking, returned = OFFICE_STATES[office]
    office_name = OFFICE_NAMES[office]
    article = "QĐ 26/2026 Điều 7.3.a" if office == PROVINCE else "QĐ 148/QĐ-TTg Phụ lục II mục 4.a"
    transitions = [
        Transition(
            "submit", S.DRAFT, S.SUBMITTED, "Nộp hồ sơ cho UBND xã", (PRODUCER, COMMUNE),
            checks=("complete",), todo_for=(PRODUCER,), source_article="QĐ 26/2026 Điều 7.1",
        ),
        Transition(
            "withdraw", S.DRAFT, S.WITHDRAWN, "Hủy hồ sơ nháp", (PRODUCER, COMMUNE),
            todo_for=(), style="outline-danger",
        ),
        Transition(
            "receive", S.SUBMITTED, S.COMMUNE_CHECKING, "Tiếp nhận và kiểm tra hồ sơ", (COMMUNE,),
            source_article="QĐ 26/2026 Điều 7.2",
        ),
        Transition(
            "withdraw", S.SUBMITTED, S.WITHDRAWN, "Rút hồ sơ", (PRODUCER, COMMUNE),
            todo_for=(), style="outline-danger", comment_required=True,
        ),
        Transition(
            "return", S.COMMUNE_CHECKING, S.RETURNED, "Trả lại để hoàn thiện", (COMMUNE,),
            comment_required=True, style="outline-warning", source_article="QĐ 26/2026 Điều 10.4.a",
        ),
        Transition(
            "issue_report", S.COMMUNE_CHECKING, S.COMMUNE_REPORTED, "Ban hành báo cáo (Mẫu 03)",
            (COMMUNE,), checks=("complete", "commune_report"),
            source_article="QĐ 26/2026 Điều 7.2.b; Phụ lục III Mẫu số 03",
        ),
        Transition(
            "resubmit", S.RETURNED, S.SUBMITTED, "Nộp lại hồ sơ đã hoàn thiện", (PRODUCER, COMMUNE),
            checks=("complete",), todo_for=(PRODUCER,),
        ),
        Transition(
            "withdraw", S.RETURNED, S.WITHDRAWN, "Rút hồ sơ", (PRODUCER, COMMUNE),
            todo_for=(), style="outline-danger", comment_required=True,
        ),
        Transition(
            "forward", S.COMMUNE_REPORTED, forwarded, f"Gửi hồ sơ đề nghị lên {office_name}",
            (COMMUNE,), checks=("commune_report", "proposal"),
            source_article="QĐ 26/2026 Điều 6.2, 7.2.b",
        ),
        Transition(
            "office_receive", forwarded, checking, "Tiếp nhận hồ sơ đề nghị", (office,),
            source_article=article,
        ),
        Transition(
            "office_return", checking, returned, "Yêu cầu hoàn thiện hồ sơ", (office,),
            comment_required=True, style="outline-warning", source_article=article,
        ),
        Transition(
            "reforward", returned, forwarded, "Gửi lại hồ sơ đã hoàn thiện", (COMMUNE,),
            checks=("complete", "commune_report", "proposal"), todo_for=(COMMUNE, PRODUCER),
        ),
        Transition(
            "accept", checking, S.ACCEPTED, "Tiếp nhận vào đợt đánh giá", (office,),
            checks=("round",), source_article="QĐ 26/2026 Điều 5, 7.3.a",
        ),
    ]
    table: dict[str, dict[str, Transition]] = {}
    for transition in transitions:
        table.setdefault(transition.source, {})[transition.target] = transition
    return table


def _build_workflows() -> dict[str, dict[str, dict[str, Transition]]]:
    return {regime.key: build_table(evaluation_office_level(regime)) for regime in all_regimes()}


# regime key → state → next state → Transition.
WORKFLOWS: dict[str, dict[str, dict[str, Transition]]] = _build_workflows()


def table_for(regime_key: str) -> dict[str, dict[str, Transition]]:
    return WORKFLOWS[regime_key]


def office_for(regime_key: str) -> str:
    """PROVINCE or DISTRICT: who receives the commune's proposal under this regime."""
    for state in WORKFLOWS[regime_key].get(S.COMMUNE_REPORTED, {}):
        return DISTRICT if state == S.FORWARDED_TO_DISTRICT else PROVINCE
    return PROVINCE


def all_transitions(regime_key: str) -> list[Transition]:
    return [t for targets in WORKFLOWS[regime_key].values() for t in targets.values()]


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
    """The guard of a transition: does `user` hold one of its actor roles for `dossier`?"""
    kinds = actor_kinds(user, dossier) if kinds is None else kinds
    return bool(kinds & set(transition.actors))


def available_transitions(user, dossier) -> list[Transition]:
    kinds = actor_kinds(user, dossier)
    return [t for t in outgoing(dossier.regime_key, dossier.state) if is_allowed(user, dossier, t, kinds)]
