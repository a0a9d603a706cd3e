"""Synthetic national data for the benchmark (`manage.py ocop_national_data`).

The register of a whole country: producers in every current commune of the 34 provinces
(and some still filed under a unit abolished on 1/7/2025), two products each with a photo,
certificates of the three regimes (QĐ 148/2023, QĐ 148 as amended by QĐ 1489/2025, QĐ
26/2026) in every validity status, and dossiers in every workflow state, those in front of
a council with every member's score sheet. Vietnamese names throughout. Everything is
deterministic for a given seed and index, and marked as sample data.

Speed: rows are written with `bulk_create`, one transaction per batch of producers with
everything that belongs to them, so an interrupted run leaves whole batches and the next
run continues where it stopped. Idempotence: every producer carries `MARKER` and its index
in `notes` (never public), and a run only builds the indices not yet present, so running
it twice adds nothing, and a larger `--producers` adds only the difference.

`bulk_create` sends no signals, which means: no audit-log rows (wanted: this is not a
user's change), no search text refresh (so it is computed here, with the models' own
`refresh_search_text`), and no invalidation of the public cache — `build()` therefore
bumps the cache version itself at the end (`ocop.catalogue.cache.bump`).

This app sits on top of the layers (it writes every app's tables; nothing imports it). Its
modules: `vocabulary` (names, weights and the random picks made from them), `context` (what
every batch reads once), `batches` (one batch of producers and all that belongs to them);
`build` below runs the batches.
"""

from __future__ import annotations

from collections.abc import Callable

from django.db import transaction

from ocop.national.batches import build_batch
from ocop.national.context import existing_count, prepare
from ocop.national.vocabulary import COUNCIL_SIZE, MARKER, SCORED_STATES

__all__ = ["COUNCIL_SIZE", "MARKER", "SCORED_STATES", "build", "existing_count"]


def build(*, producers: int, seed: int = 1, batch: int = 500, log: Callable[[str], None] = print) -> dict:
    """Add synthetic producers (and all that belongs to them) up to `producers` in total."""
    from ocop.catalogue.cache import bump

    done = existing_count()
    totals: dict = {}
    if done >= producers:
        log(f"Đã có {done} chủ thể mô phỏng; không thêm gì.")
        return totals
    ctx = prepare(seed)
    for start in range(done, producers, batch):
        stop = min(start + batch, producers)
        with transaction.atomic():
            counts = build_batch(seed, start, stop, ctx)
        for key, value in counts.items():
            totals[key] = totals.get(key, 0) + value
        log(f"  {stop}/{producers} chủ thể")
    # bulk_create sent no post_save: drop every cached public page at once.
    bump()
    return totals
