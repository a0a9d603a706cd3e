"""The dossier workflow on the core mechanism (`ocop.core.workflow`): the regime's table
(`evaluation/workflow.py`), the actor-role guard, the named checks and the effects of each
move, and `dossier_transition`, the only function that changes a dossier's state — a thin
wrapper around `transition_apply` that adds what is the dossier's own: the people told of
the move, and the certificate told of a re-evaluation filed.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from ocop.accounts.models import Role, User
from ocop.core.text import lower_first
from ocop.core.workflow import (
    TransitionNotAllowed,
    Workflow,
    recorded_at,
    register,
    transition_apply,
)
from ocop.evaluation import hooks, workflow
from ocop.evaluation.completeness import dossier_missing
from ocop.evaluation.models import (
    COMMUNE_CLOCK_STATES,
    Dossier,
    DossierEvent,
    DossierKind,
    DossierState,
)
from ocop.evaluation.services.commune_report import (
    PROPOSAL_FIELDS,
    commune_report_missing,
    proposal_missing,
)
from ocop.evaluation.services.numbering import (
    _assign_office_number,
    _assign_product_code,
    _assign_registration_number,
    _today,
    commune_deadline_for,
    evaluation_year_for,
)
from ocop.territory.models import UnitCoverage

__all__ = ["TransitionNotAllowed", "dossier_transition", "dossier_workflow"]

# -- checks: (dossier, payload, actor) -> what is missing, in Vietnamese ----------------------
# `payload["today"]` is the day of the move (validity of time-limited papers is judged then).


def _check_complete(dossier, payload, actor) -> list[str]:
    return dossier_missing(dossier, today=payload["today"])


def _check_commune_report(dossier, payload, actor) -> list[str]:
    return commune_report_missing(dossier)


def _check_proposal(dossier, payload, actor) -> list[str]:
    return proposal_missing(dossier)


def _check_round(dossier, payload, actor) -> list[str]:
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


# -- effects: (dossier, actor, payload) -> data kept on the event ---------------------------


def _user(actor) -> User | None:
    return actor if isinstance(actor, User) else None


def _on_submit(dossier, actor, payload) -> dict:
    today = payload["today"]
    dossier.submitted_on = today
    dossier.commune_deadline = commune_deadline_for(dossier, today)
    return {"commune_deadline": dossier.commune_deadline.isoformat() if dossier.commune_deadline else None}


def _on_receive(dossier, actor, payload) -> dict:
    dossier.received_by = _user(actor)
    _assign_registration_number(dossier, dossier.submitted_on or payload["today"])
    return {"registration_number": dossier.registration_number}


def _stop_commune_clock(dossier, actor, payload) -> dict:
    # Returned or withdrawn: the commune's 15 working days no longer run.
    dossier.commune_deadline = None
    return {}


def _on_issue_report(dossier, actor, payload) -> dict:
    report = dossier.commune_report
    report.issued_at = timezone.now()
    if report.report_date is None:
        report.report_date = payload["today"]
    report.save(update_fields=["issued_at", "report_date", "updated_at"])
    return {"report_number": report.report_number}


def _save_proposal(dossier, actor, payload) -> None:
    """The forward form carries the proposal letter (QĐ 26/2026 Điều 6.2.a): stored before
    the checks, which then see it."""
    fields = {name: payload[name] for name in PROPOSAL_FIELDS if name in payload}
    if fields:
        report = dossier.commune_report
        for name, value in fields.items():
            setattr(report, name, value)
        report.updated_by = _user(actor)
        report.full_clean()
        report.save()


def _on_forward(dossier, actor, payload) -> dict:
    today = payload["today"]
    dossier.forwarded_on = today
    _assign_product_code(dossier, evaluation_year_for(dossier, today))
    return {"product_code": dossier.product_code}


def _on_office_receive(dossier, actor, payload) -> dict:
    today = payload["today"]
    dossier.office_received_on = today
    dossier.office_received_by = _user(actor)
    _assign_office_number(dossier, today)
    return {"office_registration_number": dossier.office_registration_number}


def _on_accept(dossier, actor, payload) -> dict:
    round_obj = payload["round"]
    dossier.round = round_obj
    dossier.accepted_on = payload["today"]
    _assign_product_code(dossier, round_obj.year)
    return {"round": round_obj.pk, "round_name": round_obj.name, "product_code": dossier.product_code}


dossier_workflow = register(
    Workflow(
        name="dossier",
        model=Dossier,
        event_model=DossierEvent,
        subject_field="dossier",
        states=DossierState,
        state_field="state",
        tables=workflow.rows_for,
        guard=workflow.is_allowed,
        checks={
            "complete": _check_complete,
            "commune_report": _check_commune_report,
            "proposal": _check_proposal,
            "round": _check_round,
        },
        prepares={"forward": _save_proposal, "reforward": _save_proposal},
        effects={
            "submit": _on_submit,
            "resubmit": _on_submit,
            "receive": _on_receive,
            "return": _stop_commune_clock,
            "issue_report": _on_issue_report,
            "forward": _on_forward,
            "reforward": _on_forward,
            "office_receive": _on_office_receive,
            "accept": _on_accept,
            "withdraw": _stop_commune_clock,
        },
        record_noun="hồ sơ",
        lock_related=("product__category", "producer", "commune", "province"),
    ),
    all_tables=workflow.ROWS.values(),
)


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
    dossier, event = transition_apply(
        workflow=dossier_workflow,
        record=dossier,
        action=action,
        actor=actor,
        comment=comment,
        payload={**payload, "today": today or _today()},
        at=recorded_at(today) if today is not None else None,
    )
    move = dossier_workflow.find(dossier, action, event.from_state)
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
