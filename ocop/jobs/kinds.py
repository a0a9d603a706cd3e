"""The kinds of job, registered by the apps that own the work.

`jobs` sits low in the layers (docs/layers.md): it cannot import the certificates or the
catalogue. Each app registers what a kind of job does in its AppConfig.ready(); the worker
loads every app before it runs a task, so the registry is complete there too.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class JobKind:
    key: str
    label: str
    # run(job, ctx): reports progress through ctx, writes the effect through ctx.apply (once
    # however often it is retried), raises ValidationError / ctx.fail() with Vietnamese text.
    run: Callable


_KINDS: dict[str, JobKind] = {}


def register_kind(kind: JobKind) -> None:
    _KINDS[kind.key] = kind


def kind_for(key: str) -> JobKind | None:
    return _KINDS.get(key)


def kind_label(key: str) -> str:
    kind = _KINDS.get(key)
    return kind.label if kind else key
