"""Writes to the territory tables.

Units themselves are loaded by the data migration (see `loading.py`); what changes at run
time is the derived coverage table, rebuilt whenever units or successions change.
"""

from datetime import date

from django.db import transaction
from django.utils import timezone

from ocop.territory.loading import build_coverage
from ocop.territory.models import AdministrativeUnit, UnitCoverage, UnitSuccession


def unit_coverage_rebuild(*, today: date | None = None) -> int:
    """Recompute UnitCoverage for every unit; return the number of coverage rows.

    "Today" decides which units follow their predecessors (see `build_coverage`), so run it
    again after loading new units or successions, and on the day a change takes effect.
    """
    with transaction.atomic():
        return build_coverage(
            AdministrativeUnit,
            UnitSuccession,
            UnitCoverage,
            today=today or timezone.localdate(),
        )
