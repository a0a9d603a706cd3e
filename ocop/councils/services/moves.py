"""The council's moves of a dossier and its scoring history, on the core workflow mechanism
(`ocop.core.workflow`): `council_transition` moves the dossier along the council table
(`councils/workflow.py`) and writes its `evaluation.DossierEvent`; `scoring_event_record`
writes a `ScoringEvent` (the same history shape) for the scoring actions."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError

from ocop.core.workflow import Workflow, record_event, recorded_at, register, transition_apply
from ocop.councils import workflow
from ocop.councils.models import (
    SCORING_EVENT_LABELS,
    CouncilEvaluation,
    CouncilLevel,
    EvaluationStatus,
    ScoringEvent,
)
from ocop.criteria.regimes import get_regime
from ocop.evaluation.models import Dossier, DossierEvent, DossierState

# council level → the level key in the regime data (QĐ 148 calls the ministry "central").
_REGIME_LEVEL_KEYS = {
    CouncilLevel.DISTRICT: ("district",),
    CouncilLevel.PROVINCE: ("province",),
    CouncilLevel.MINISTRY: ("ministry", "central"),
}
# council level → certificates.DecisionLevel
DECISION_LEVELS = {CouncilLevel.DISTRICT: "district", CouncilLevel.PROVINCE: "province", CouncilLevel.MINISTRY: "central"}


def regime_level(regime_key: str, council_level: str):
    regime = get_regime(regime_key)
    for key in _REGIME_LEVEL_KEYS[council_level]:
        for level in regime.levels:
            if level.key == key:
                return level
    raise ValidationError(f"Chế độ {regime.name} không có cấp đánh giá này.")


def _keep_data(transition):
    """The effect of every council move: the event keeps the article the move applies and
    what the service passed (the council, the evaluation, the decision…)."""

    def effect(dossier, actor, payload) -> dict:
        return {"source_article": transition.source_article, **(payload.get("data") or {})}

    return effect


council_workflow = register(
    Workflow(
        name="dossier_council",
        model=Dossier,
        event_model=DossierEvent,
        subject_field="dossier",
        states=DossierState,
        state_field="state",
        transitions=workflow.TRANSITIONS,
        guard=workflow.is_allowed,
        effects={t.action: _keep_data(t) for t in workflow.TRANSITIONS},
        record_noun="hồ sơ",
        lock_related=("product__category", "producer", "commune", "province"),
    )
)

scoring_workflow = register(
    Workflow(
        name="council_scoring",
        model=CouncilEvaluation,
        event_model=ScoringEvent,
        subject_field="evaluation",
        states=EvaluationStatus,
        action_labels=SCORING_EVENT_LABELS,
    )
)


def council_transition(
    dossier: Dossier, action: str, *, actor, comment: str = "", data=None, day: date | None = None,
) -> DossierEvent:
    """Move a dossier along the council table (`transition_apply`) and return its event.
    The calling service has already checked `actor` on the council in hand."""
    _dossier, event = transition_apply(
        workflow=council_workflow, record=dossier, action=action, actor=actor, comment=comment,
        payload={"data": data}, at=recorded_at(day),
    )
    return event


def scoring_event_record(evaluation, action, *, actor, sheet=None, reason="", data=None, day=None) -> ScoringEvent:
    """One row of the scoring history (no state move of its own, or the close recorded
    beside the evaluation's new status)."""
    return record_event(
        scoring_workflow, evaluation, action=action, actor=actor, comment=reason, data=data,
        at=recorded_at(day), sheet=sheet,
    )


def notify_users(users, *, title, body, url, key):
    from ocop.notifications.services import notify

    notify(recipients=users, title=title[:255], body=body, url=url, event_key=key)
