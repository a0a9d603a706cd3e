"""Targets against live actuals, per commune, under the old or the new territory.

A plan follows a list of communes (for the Kon Rẫy 2024 plan, the seven communes of the
former district). Its *area* is those communes, today's units they became, and every unit
counted under those (UnitCoverage), so a 2024 record kept under Xã Đắk Tơ Lung and a 2026 one
under Xã Đăk Kôi both count.

Two views of the same figures:

* OLD (theo đơn vị lúc ghi nhận): each record stays in the unit it was recorded under; the
  Kon Rẫy 2024 plan shows its seven legacy communes;
* NEW (theo đơn vị hiện hành): each recorded unit is shown under the unit(s) valid today
  (`current_units_map`): the seven become Đăk Rve, Đăk Kôi and Kon Braih.

A per-commune target ("mỗi xã ≥ 1") applies to each of the plan's communes; in the new view
a row that merges k of them carries k times the target (for counts and amounts; a
percentage stays as it is). Totals are taken from the indicator itself, never by summing
rows (a split commune may appear under two rows).

Every function runs a fixed number of queries, whatever the number of communes or records.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.utils import timezone

from ocop.planning import actuals
from ocop.planning.actuals import RATIO, Actual, ActualsContext
from ocop.planning.models import Plan, Target
from ocop.territory.models import AdministrativeUnit, UnitCoverage
from ocop.territory.selectors import current_units_map

OLD = "cu"
NEW = "moi"
MODE_CHOICES = [
    (NEW, "Theo địa giới hiện hành (sau 1/7/2025)"),
    (OLD, "Theo đơn vị lúc ghi nhận (địa giới cũ)"),
]


def as_of_for(year: int, today: date | None = None) -> date:
    """Figures of a past year are taken on its last day; of this year, today."""
    today = today or timezone.localdate()
    return min(today, date(year, 12, 31))


@dataclass
class PlanArea:
    plan: Plan
    communes: list[AdministrativeUnit]  # the plan's communes, as stored
    successors: dict[int, list[AdministrativeUnit]]  # plan commune id → today's units
    context: ActualsContext


def plan_area(plan: Plan, *, today: date | None = None) -> PlanArea:
    """The plan's communes, their successors and the units whose records count (3–4 queries)."""
    communes = sorted(plan.communes.all(), key=lambda u: u.search_text)
    successors = current_units_map([c.pk for c in communes])
    today_ids = {unit.pk for units in successors.values() for unit in units}
    covered = set(UnitCoverage.objects.filter(unit_id__in=today_ids).values_list("covered_id", flat=True))
    area = frozenset({c.pk for c in communes} | today_ids | covered)
    context = ActualsContext(
        year=plan.year,
        as_of=as_of_for(plan.year, today),
        area_ids=area,
        issuing_unit_ids=frozenset({plan.issuing_unit_id}),
    )
    return PlanArea(plan, communes, successors, context)


@dataclass
class Rows:
    """The rows of a view and where each recorded unit's figures go."""

    mode: str
    units: list[AdministrativeUnit]
    targets_per_row: dict[int, int]  # row unit id → number of plan communes it stands for
    mapping: dict[int, list[int]]  # recorded unit id → row unit ids


def view_rows(area: PlanArea, mode: str, recorded_ids: set[int]) -> Rows:
    """Rows of the view; two queries (the recorded units and their successions)."""
    plan_ids = [c.pk for c in area.communes]
    all_ids = set(plan_ids) | set(recorded_ids)
    today_map = current_units_map(all_ids) if mode == NEW else {}
    units: dict[int, AdministrativeUnit] = {}
    mapping: dict[int, list[int]] = {}
    targets_per_row: dict[int, int] = defaultdict(int)
    if mode == NEW:
        for pk in all_ids:
            current = today_map.get(pk, [])
            for unit in current:
                units[unit.pk] = unit
            mapping[pk] = [unit.pk for unit in current]
        for pk in plan_ids:
            for row in mapping.get(pk, []):
                targets_per_row[row] += 1
    else:
        known = {c.pk: c for c in area.communes}
        missing = all_ids - set(known)
        if missing:
            known.update(AdministrativeUnit.objects.in_bulk(missing))
        for pk in all_ids:
            if pk in known:
                units[pk] = known[pk]
                mapping[pk] = [pk]
        for pk in plan_ids:
            targets_per_row[pk] += 1
    ordered = sorted(units.values(), key=lambda u: (0 if targets_per_row.get(u.pk) else 1, u.search_text))
    return Rows(mode, ordered, dict(targets_per_row), mapping)


@dataclass
class Cell:
    unit: AdministrativeUnit
    value: Decimal | None
    numerator: int | None = None
    denominator: int | None = None
    target: Decimal | None = None
    target_max: Decimal | None = None
    met: bool | None = None


@dataclass
class TargetProgress:
    target: Target
    indicator: actuals.Indicator | None
    actual: Actual
    cells: list[Cell] = field(default_factory=list)
    total_target: Decimal | None = None
    total_target_max: Decimal | None = None
    met: bool | None = None
    communes_met: int = 0
    communes_expected: int = 0

    @property
    def available(self) -> bool:
        return self.actual.available

    @property
    def percent_of_target(self) -> float | None:
        """How far the total is towards the (minimum) target, capped at 100, for bars."""
        if self.target.per_commune and self.communes_expected:
            return 100.0 * self.communes_met / self.communes_expected
        if self.actual.total is None or not self.total_target:
            return None
        return float(min(Decimal(100), self.actual.total * 100 / self.total_target))


def _met(value: Decimal | None, minimum: Decimal | None, maximum: Decimal | None) -> bool | None:
    if minimum is None:
        return None
    if value is None:
        return False
    if value < minimum:
        return False
    return maximum is None or value <= maximum


def regroup(actual: Actual, rows: Rows, kind: str) -> dict[int, tuple[Decimal | None, int | None, int | None]]:
    """row unit id → (value, numerator, denominator) for one indicator."""
    result: dict[int, tuple[Decimal | None, int | None, int | None]] = {}
    if kind == RATIO:
        nums: dict[int, int] = defaultdict(int)
        dens: dict[int, int] = defaultdict(int)
        for recorded, den in actual.denominators.items():
            for row in rows.mapping.get(recorded, []):
                dens[row] += den
                nums[row] += actual.numerators.get(recorded, 0)
        for row in rows.targets_per_row.keys() | dens.keys():
            den = dens.get(row, 0)
            value = Decimal(nums.get(row, 0) * 100) / Decimal(den) if den else None
            result[row] = (value, nums.get(row, 0), den)
        return result
    sums: dict[int, Decimal] = defaultdict(Decimal)
    for recorded, value in actual.values.items():
        for row in rows.mapping.get(recorded, []):
            sums[row] += value
    for unit in rows.units:
        result[unit.pk] = (sums.get(unit.pk, Decimal(0)), None, None)
    return result


def target_progress(target: Target, actual: Actual, rows: Rows) -> TargetProgress:
    indicator = actuals.INDICATORS.get(target.indicator)
    progress = TargetProgress(target=target, indicator=indicator, actual=actual)
    if not actual.available or indicator is None:
        return progress
    kind = indicator.kind
    plan_communes = sum(rows.targets_per_row.values()) if rows.targets_per_row else 0
    scale_counts = kind != RATIO
    if indicator.per_unit:
        grouped = regroup(actual, rows, kind)
        for unit in rows.units:
            value, numerator, denominator = grouped.get(unit.pk, (None, None, None))
            cell = Cell(unit, value, numerator, denominator)
            weight = rows.targets_per_row.get(unit.pk, 0)
            if target.per_commune and weight:
                factor = Decimal(weight) if scale_counts else Decimal(1)
                cell.target = target.target_value * factor
                cell.target_max = target.target_max * factor if target.target_max is not None else None
                cell.met = _met(value if value is not None else (Decimal(0) if scale_counts else None), cell.target, cell.target_max)
                progress.communes_expected += weight
                if cell.met:
                    progress.communes_met += weight
            progress.cells.append(cell)
    if target.per_commune:
        factor = Decimal(plan_communes) if scale_counts else Decimal(1)
        progress.total_target = target.target_value * factor
        progress.total_target_max = target.target_max * factor if target.target_max is not None else None
        progress.met = progress.communes_expected > 0 and progress.communes_met == progress.communes_expected
    else:
        progress.total_target = target.target_value
        progress.total_target_max = target.target_max
        progress.met = _met(actual.total, target.target_value, target.target_max)
    return progress


@dataclass
class PlanProgress:
    area: PlanArea
    rows: Rows
    targets: list[TargetProgress]
    actuals: dict[str, Actual]


def plan_progress(plan: Plan, *, mode: str = NEW, today: date | None = None, extra_indicators=()) -> PlanProgress:
    """Every target of the plan with its live actuals, in a fixed number of queries."""
    area = plan_area(plan, today=today)
    targets = list(plan.targets.all())
    keys = list(dict.fromkeys([t.indicator for t in targets] + list(extra_indicators)))
    computed = {key: actuals.compute(key, area.context) for key in keys}
    recorded: set[int] = set()
    for actual in computed.values():
        recorded |= set(actual.values) | set(actual.denominators)
    rows = view_rows(area, mode, recorded)
    return PlanProgress(
        area=area,
        rows=rows,
        targets=[target_progress(t, computed[t.indicator], rows) for t in targets],
        actuals=computed,
    )


def figures_for_unit(progress: PlanProgress, unit_id: int) -> dict[str, dict]:
    """The figures a commune reports: each indicator's value for that row of the view.

    `progress` must be computed in the view the unit belongs to (a legacy commune in OLD, a
    current one in NEW)."""
    figures: dict[str, dict] = {}
    for key, actual in progress.actuals.items():
        indicator = actuals.INDICATORS.get(key)
        if indicator is None or not indicator.per_unit or not actual.available:
            continue
        grouped = regroup(actual, progress.rows, indicator.kind)
        value, numerator, denominator = grouped.get(unit_id, (Decimal(0) if indicator.kind != RATIO else None, 0, 0))
        entry = {"value": _plain(value)}
        if indicator.kind == RATIO:
            entry.update({"numerator": numerator or 0, "denominator": denominator or 0})
        figures[key] = entry
    return figures


def _plain(value: Decimal | None):
    """A JSON-friendly number: integers stay integers, others keep two decimals."""
    if value is None:
        return None
    if value == value.to_integral_value():
        return int(value)
    return float(round(value, 2))
