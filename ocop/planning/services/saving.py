"""Saving a planning record with its author recorded by django-auditlog (actor None is the
system: the demo loader and imports of past plans)."""

from __future__ import annotations

from collections.abc import Sequence

from auditlog.context import set_actor


def save_audited(actor, record, update_fields: Sequence[str] | None = None) -> None:
    with set_actor(actor):
        record.save(update_fields=update_fields)
