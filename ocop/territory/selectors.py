"""Reads of administrative units: search, today's units for old ones, coverage.

Territory data is public within the app (every logged-in user may read every unit), so
these selectors take no `actor`. Lists never query per row: `current_units_map` resolves
today's units for a whole page in a fixed number of queries.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.db.models import Case, IntegerField, Q, QuerySet, Value, When
from django.utils import timezone

from ocop.core.search import search_filter
from ocop.territory.models import (
    AdministrativeUnit,
    UnitLevel,
    UnitSuccession,
)

PERIOD_CURRENT = "hien-hanh"
PERIOD_LEGACY = "truoc-2025"
PERIOD_CHOICES = [
    (PERIOD_CURRENT, "Hiện hành"),
    (PERIOD_LEGACY, "Trước 1/7/2025"),
]

# Successions can chain (a unit merged in 2025 and again later); a bound keeps a bad cycle
# in the data from looping forever.
MAX_SUCCESSION_DEPTH = 10


def _today() -> date:
    return timezone.localdate()


def valid_on_q(day: date, prefix: str = "") -> Q:
    """Q for units valid on `day` (open-ended dates count as valid)."""
    return (Q(**{f"{prefix}valid_from__isnull": True}) | Q(**{f"{prefix}valid_from__lte": day})) & (
        Q(**{f"{prefix}valid_to__isnull": True}) | Q(**{f"{prefix}valid_to__gte": day})
    )


# Lists sort by search_text (the name without diacritics, then the code): a plain sort on the
# name would put "Xã Đắk Kôi" after "Xã Tân Lập", since "Đ" sorts after every Latin letter.


def _level_rank():
    # Provinces first, then districts, then communes (the stored values sort alphabetically).
    return Case(
        When(level=UnitLevel.PROVINCE, then=Value(0)),
        When(level=UnitLevel.DISTRICT, then=Value(1)),
        default=Value(2),
        output_field=IntegerField(),
    )


def unit_search(
    query: str = "",
    *,
    level: str | None = None,
    period: str | None = None,
    parent: AdministrativeUnit | None = None,
    on: date | None = None,
) -> QuerySet[AdministrativeUnit]:
    """Units matching every word of `query` in name or code, ignoring diacritics and case.

    "dak koi" finds "Xã Đăk Kôi" and "Xã Đắk Kôi"; "23485" finds both units with that code.
    `period` is PERIOD_CURRENT (valid on `on`, default today) or PERIOD_LEGACY (ended
    before it). Ordered: current before legacy, province → district → commune, then by name
    ignoring diacritics.
    """
    day = on or _today()
    units = search_filter(AdministrativeUnit.objects.select_related("parent"), query)
    if level in UnitLevel.values:
        units = units.filter(level=level)
    if period == PERIOD_CURRENT:
        units = units.filter(valid_on_q(day))
    elif period == PERIOD_LEGACY:
        units = units.filter(valid_to__lt=day)
    if parent is not None:
        units = units.filter(parent=parent)
    return units.annotate(level_rank=_level_rank()).order_by(
        Case(When(valid_to__isnull=True, then=Value(0)), default=Value(1)),
        "level_rank",
        "search_text",
        "pk",
    )


def unit_get(pk: int) -> AdministrativeUnit | None:
    return AdministrativeUnit.objects.select_related("parent__parent").filter(pk=pk).first()


def unit_children(unit: AdministrativeUnit) -> QuerySet[AdministrativeUnit]:
    return unit.children.order_by("search_text", "pk")


def unit_predecessor_links(unit: AdministrativeUnit) -> QuerySet[UnitSuccession]:
    """Links to the units this one was formed from (đơn vị trước sắp xếp)."""
    return (
        UnitSuccession.objects.filter(successor=unit)
        .select_related("predecessor__parent")
        .order_by("predecessor__search_text")
    )


def unit_successor_links(unit: AdministrativeUnit) -> QuerySet[UnitSuccession]:
    """Links to the units this one went into (đơn vị sau sắp xếp)."""
    return (
        UnitSuccession.objects.filter(predecessor=unit)
        .select_related("successor__parent")
        .order_by("successor__search_text")
    )


def current_units_map(
    unit_ids: Iterable[int | None], *, on: date | None = None
) -> dict[int, list[AdministrativeUnit]]:
    """For each unit id, the units valid on `on` (default today) that it is part of now.

    A unit still valid maps to itself; a merged one to the unit it went into; a split one to
    every unit that took part of it; a unit with no successor (e.g. a legacy district) to an
    empty list. One query for the units plus one per succession step (one since 2025), so a
    list page costs the same whatever its rows.
    """
    day = on or _today()
    ids = {pk for pk in unit_ids if pk is not None}
    result: dict[int, list[AdministrativeUnit]] = {pk: [] for pk in ids}
    if not ids:
        return result
    origins = set()
    for unit in AdministrativeUnit.objects.filter(pk__in=ids).select_related("parent"):
        if unit.is_valid_on(day):
            result[unit.pk] = [unit]
        else:
            origins.add(unit.pk)
    # origin id → ids reached but not valid on `day`, still to follow.
    pending: dict[int, set[int]] = {pk: {pk} for pk in origins}
    seen: dict[int, set[int]] = {pk: {pk} for pk in origins}
    found: dict[int, dict[int, AdministrativeUnit]] = {pk: {} for pk in origins}
    # The first step asks for the links of every id, even valid ones (which have none), so
    # a page costs the same number of queries whether its rows are current or legacy.
    frontier_ids = ids
    for _ in range(MAX_SUCCESSION_DEPTH):
        successors: dict[int, list[AdministrativeUnit]] = {}
        links = UnitSuccession.objects.filter(predecessor_id__in=frontier_ids)
        for link in links.select_related("successor__parent"):
            successors.setdefault(link.predecessor_id, []).append(link.successor)
        next_pending: dict[int, set[int]] = {}
        for origin, frontier in pending.items():
            for node in frontier:
                for successor in successors.get(node, []):
                    if successor.pk in seen[origin]:
                        continue
                    seen[origin].add(successor.pk)
                    if successor.is_valid_on(day):
                        found[origin][successor.pk] = successor
                    else:
                        next_pending.setdefault(origin, set()).add(successor.pk)
        pending = next_pending
        frontier_ids = set().union(*pending.values())
        if not frontier_ids:
            break
    for origin, units in found.items():
        result[origin] = sorted(units.values(), key=lambda u: u.search_text)
    return result


def current_successors(
    unit: AdministrativeUnit, *, on: date | None = None
) -> list[AdministrativeUnit]:
    """The units valid today that `unit` went into, following successions transitively.

    A unit still valid is its own successor; an empty list means no successor is recorded.
    """
    return current_units_map([unit.pk], on=on)[unit.pk]


def current_units_for(
    unit: AdministrativeUnit, *, on: date | None = None
) -> tuple[str, list[AdministrativeUnit]]:
    """How to show `unit` today: ("", []) if still valid, ("là", units) if it became those
    units, ("thuộc", units) if only its parent's successors are known (a legacy district
    lies within today's province).
    """
    day = on or _today()
    if unit.is_valid_on(day):
        return "", []
    successors = current_successors(unit, on=day)
    if successors:
        return "là", successors
    ancestor = unit.parent
    while ancestor is not None:
        successors = current_successors(ancestor, on=day)
        if successors:
            return "thuộc", successors
        ancestor = ancestor.parent
    return "", []


def display_with_current(
    unit: AdministrativeUnit | None,
    current: list[AdministrativeUnit] | None = None,
    *,
    on: date | None = None,
) -> str:
    """'Xã Đắk Tơ Lung (nay là Xã Đăk Kôi)'; a unit still valid shows its name only.

    Pass `current` (from `current_units_map`) when showing many units, to avoid queries.
    """
    if unit is None:
        return ""
    day = on or _today()
    if unit.is_valid_on(day):
        return unit.name
    if current is None:
        relation, current = current_units_for(unit, on=day)
    else:
        relation = "là"
    if not current:
        return unit.name
    names = ", ".join(u.name for u in current)
    return f"{unit.name} (nay {relation} {names})"


def current_communes(province: AdministrativeUnit | None = None) -> QuerySet[AdministrativeUnit]:
    """Communes, wards and special zones valid today (for form choices), optionally in one
    province."""
    communes = AdministrativeUnit.objects.filter(
        valid_on_q(_today()), level=UnitLevel.COMMUNE
    ).select_related("parent")
    if province is not None:
        communes = communes.filter(parent=province)
    return communes.order_by("search_text", "pk")


def current_provinces() -> QuerySet[AdministrativeUnit]:
    return AdministrativeUnit.objects.filter(
        valid_on_q(_today()), level=UnitLevel.PROVINCE
    ).order_by("search_text")


def units_within(unit: AdministrativeUnit) -> QuerySet[AdministrativeUnit]:
    """Every unit whose records count under `unit` (itself included), via UnitCoverage."""
    return AdministrativeUnit.objects.filter(covered_by__unit=unit)


def covered_ids(unit_ids: Iterable[int]) -> QuerySet:
    """Subquery of the ids covered by any of `unit_ids` (for `field__in=` filters)."""
    from ocop.territory.models import UnitCoverage

    return UnitCoverage.objects.filter(unit_id__in=list(unit_ids)).values("covered_id")


def with_current_units(page, *, attribute: str = "commune_id") -> list[tuple]:
    """(record, current units of its commune) for a page: one lookup for the whole page,
    so a list shows where a record now lies after the reorganisation of 1/7/2025."""
    records = list(page)
    current = current_units_map([getattr(r, attribute) for r in records])
    return [(r, current.get(getattr(r, attribute), [])) for r in records]
