"""The certificate's life-cycle as a transition table of the core workflow mechanism
(ocop/core/workflow.py): issue or import, re-evaluation filed and decided, replacement,
revocation proposed, cancelled and decided.

A certificate's *validity* (valid, in its re-evaluation window, expired…) is computed from
its dates on the day asked (validity.py), never stored. What is stored, and what this table
moves, is its place in the register: in force, awaiting the result of a re-evaluation,
replaced by a newer certificate, or revoked (`Certificate.register_state`, read from the
dates the services set). The services keep their own checks (legal rules with the article
cited) and then call `certificate_move`, which checks the move against this table and writes
the history row (`CertificateEvent`, a `WorkflowEvent`); the certificate page shows it with
the core history widget.
"""

from __future__ import annotations

from django.db import models

from ocop.core import workflow as wf


class RegisterState(models.TextChoices):
    IN_FORCE = "in_force", "Đang lưu hành"
    REEVALUATION_PENDING = "reevaluation_pending", "Chờ kết quả đánh giá lại"
    REPLACED = "replaced", "Đã được thay thế"
    REVOKED = "revoked", "Đã thu hồi"


_LIVE = frozenset({RegisterState.IN_FORCE, RegisterState.REEVALUATION_PENDING})

# action values are those of CertificateEvent.Kind (the history rows written before the
# core mechanism keep them).
TRANSITIONS = (
    wf.Transition("issued", "Cấp giấy chứng nhận", frozenset({""}), RegisterState.IN_FORCE,
                  manual=False, source_article="QĐ 26/2026/QĐ-TTg Điều 4"),
    wf.Transition("imported", "Nhập vào sổ từ danh sách có sẵn", frozenset({""}), RegisterState.IN_FORCE,
                  manual=False),
    wf.Transition("reevaluation_filed", "Nộp hồ sơ đánh giá lại", _LIVE, RegisterState.REEVALUATION_PENDING,
                  manual=False, source_article="QĐ 26/2026/QĐ-TTg Điều 7.6.a, 12.3"),
    wf.Transition("reevaluation_decided", "Có kết quả đánh giá lại", frozenset({RegisterState.REEVALUATION_PENDING}),
                  RegisterState.IN_FORCE, manual=False, source_article="QĐ 26/2026/QĐ-TTg Điều 12.3"),
    wf.Transition("replaced", "Được thay thế bằng giấy chứng nhận mới", _LIVE, RegisterState.REPLACED,
                  manual=False),
    wf.Transition("revoked", "Quyết định thu hồi", _LIVE | {RegisterState.REPLACED}, RegisterState.REVOKED,
                  manual=False, source_article="QĐ 26/2026/QĐ-TTg Điều 8.3.b"),
)

# Rows written on a certificate without moving it in the register (Điều 8.3.a: a proposal
# to revoke, and its cancellation, leave the certificate as it is until the decision).
NOTES = {
    "revocation_proposed": "Đề nghị thu hồi",
    "revocation_cancelled": "Hủy đề nghị thu hồi",
}

WORKFLOW_NAME = "certificate"


def build() -> wf.Workflow:
    from ocop.certificates.models import Certificate, CertificateEvent

    return wf.register(
        wf.Workflow(
            name=WORKFLOW_NAME,
            model=Certificate,
            event_model=CertificateEvent,
            subject_field="certificate",
            states=RegisterState,
            transitions=TRANSITIONS,
            state_field="register_state",
            action_labels=dict(NOTES),
        )
    )


def certificate_workflow() -> wf.Workflow:
    try:
        return wf.get(WORKFLOW_NAME)
    except KeyError:
        return build()


def certificate_move(certificate, action: str, on, *, actor, from_state: str, note: str = ""):
    """Check `action` from `from_state` (the certificate's register state before the service
    changed it) against the table and write the history row; `on` is the legal date of the
    move (the widget shows it, with the time it was recorded). Creation passes
    `from_state=""`; NOTES are written without a move."""
    from ocop.certificates.models import CertificateEvent

    workflow = certificate_workflow()
    to_state = certificate.register_state
    if action in NOTES:
        from_state = to_state
    else:
        move = workflow.find(certificate, action, from_state)
        if move is None or move.target != to_state:
            raise wf.TransitionNotAllowed(
                f"Không thể «{workflow.action_label(action)}» khi giấy chứng nhận "
                f"«{workflow.state_label(from_state) or 'chưa có trong sổ'}»."
            )
    return CertificateEvent.objects.create(
        certificate=certificate, action=action, from_state=from_state, to_state=to_state,
        actor=actor, comment=note, happened_on=on, at=recorded_moment(on),
    )


def recorded_moment(on):
    """The event's time: the legal date `on`, at the time of day it is recorded."""
    from datetime import datetime

    from django.utils import timezone

    now = timezone.localtime()
    if on is None or on == now.date():
        return now
    return timezone.make_aware(datetime.combine(on, now.time().replace(microsecond=0)))
