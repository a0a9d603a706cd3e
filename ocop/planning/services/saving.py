"""Saving a planning record with its author recorded by django-auditlog, and the guard of a
workflow move (actor None is the system: the demo loader and imports of past plans)."""

from __future__ import annotations

from collections.abc import Sequence

from auditlog.context import set_actor
from django.core.exceptions import PermissionDenied

from ocop.planning.workflow import Transition


def save_audited(actor, record, update_fields: Sequence[str] | None = None) -> None:
    with set_actor(actor):
        record.save(update_fields=update_fields)


def check_guard(actor, transition: Transition, record) -> None:
    # actor None is the system (demo loader, imports): guards are for people.
    if actor is not None and not actor.has_perm(transition.permission, record):
        raise PermissionDenied(f"Bạn không có quyền thực hiện thao tác “{transition.label}”.")
