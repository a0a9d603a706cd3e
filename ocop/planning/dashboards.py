"""The dashboard of a plan: targets against live actuals per commune, registries, tasks and
reports, with the charts drawn by `ocop.core.charts` (the same charts go into the DOCX).

`plan_dashboard(...)` runs a fixed number of queries whatever the number of communes,
products, certificates, tasks or reports (tested): each indicator and statistic is one or
two grouped queries, the assignments and their update dates two, the reports three.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.utils import timezone

from ocop.core.charts import OK_COLOUR, PALETTE, BarChart, RenderedChart, Series, render
from ocop.core.text import format_number_vn
from ocop.planning import actuals, selectors
from ocop.planning import targets as target_progress
from ocop.planning.models import Plan, ProgressUpdate
from ocop.planning.progress import DISPLAY_LABELS
from ocop.planning.reporting import Completeness
from ocop.planning.rules import manages_plan
from ocop.planning.workflow import TaskStatus

NOT_MET_COLOUR = "#b00020"
EXPIRING_WITHIN_DAYS = 180


def format_value(value, unit_label: str = "") -> str:
    if value is None:
        return "—"
    value = Decimal(value)
    decimals = 0 if value == value.to_integral_value() else 1
    text = format_number_vn(value, decimals)
    return f"{text}%" if unit_label == "%" else text


def target_chart(progress: target_progress.TargetProgress) -> RenderedChart | None:
    """Bars per commune with the target mark; green when met, red when not."""
    if not progress.available or not progress.cells:
        return None
    cells = progress.cells
    percent = progress.target.unit_label == "%"
    values = [float(c.value) if c.value is not None else None for c in cells]
    colours = [OK_COLOUR if c.met else (NOT_MET_COLOUR if c.met is False else PALETTE[0]) for c in cells]
    return render(
        BarChart(
            title=progress.target.label,
            categories=[c.unit.name for c in cells],
            series=[Series("Thực hiện", values, bar_colours=colours)],
            targets=[float(c.target) if c.target is not None else None for c in cells] if progress.target.per_commune else None,
            value_label=progress.target.unit_label,
            percent=percent,
            horizontal=len(cells) > 8,
            description="Cột xanh: đạt chỉ tiêu; cột đỏ: chưa đạt.",
        )
    )


def _worth_a_chart(progress: target_progress.TargetProgress) -> bool:
    """Per-commune targets always; other per-unit indicators when some commune has a value."""
    if progress.target.per_commune:
        return True
    if progress.indicator is None or not progress.indicator.per_unit:
        return False
    return any(cell.value for cell in progress.cells)


def simple_chart(title: str, rows: list[tuple[str, int]], *, label: str = "", horizontal: bool = False) -> RenderedChart:
    return render(
        BarChart(
            title=title,
            categories=[name for name, _ in rows],
            series=[Series(label or title, [value for _, value in rows], colour=PALETTE[0])],
            horizontal=horizontal,
            value_label=label,
        )
    )


@dataclass
class HolderProgress:
    name: str
    total: int = 0
    done: int = 0
    in_progress: int = 0
    not_started: int = 0
    overdue: int = 0
    progress_sum: int = 0

    @property
    def average(self) -> float:
        return self.progress_sum / self.total if self.total else 0.0


@dataclass
class Dashboard:
    plan: Plan
    mode: str
    as_of: date
    progress: target_progress.PlanProgress
    target_charts: list[tuple[target_progress.TargetProgress, RenderedChart | None]]
    commune_matrix: tuple[list[actuals.Indicator], list[tuple[object, list[str]]]]
    stars: actuals.Statistic
    producer_types: actuals.Statistic
    product_sectors: actuals.Statistic
    expiring: actuals.Statistic
    charts: dict[str, RenderedChart]
    assignments: list  # (assignment, state)
    overdue: list
    holders: list[HolderProgress]
    status_counts: dict[str, int]
    recent_updates: list[ProgressUpdate]
    completeness: Completeness | None
    targets_met: int = 0
    targets_measured: int = 0
    units: dict[int, object] = field(default_factory=dict)

    def chart(self, key: str) -> RenderedChart | None:
        """A chart by its key: a name of `charts`, or "chi-tieu-<target id>"."""
        if key.startswith("chi-tieu-"):
            for progress, chart in self.target_charts:
                if f"chi-tieu-{progress.target.pk}" == key:
                    return chart
            return None
        return self.charts.get(key)


def _matrix(progress: target_progress.PlanProgress):
    """Every per-commune indicator computed for the plan, one row per commune of the view."""
    indicators = [
        actuals.INDICATORS[key]
        for key, actual in progress.actuals.items()
        if key in actuals.INDICATORS and actuals.INDICATORS[key].per_unit and actual.available
    ]
    grouped = {
        indicator.key: target_progress.regroup(progress.actuals[indicator.key], progress.rows, indicator.kind)
        for indicator in indicators
    }
    rows = []
    for unit in progress.rows.units:
        cells = []
        for indicator in indicators:
            value, numerator, denominator = grouped[indicator.key].get(unit.pk, (None, None, None))
            if indicator.kind == actuals.RATIO:
                cells.append(f"{numerator or 0}/{denominator or 0}" + (f" ({format_value(value, '%')})" if value is not None else ""))
            else:
                cells.append(format_value(value if value is not None else 0))
        rows.append((unit, cells))
    return indicators, rows


def plan_dashboard(*, actor, plan: Plan, mode: str = target_progress.NEW, today: date | None = None) -> Dashboard:
    today = today or timezone.localdate()
    extra = ("ideas_registered", "ideas_approved", "products_evaluated", "products_certified", "products_in_force")
    progress = target_progress.plan_progress(plan, mode=mode, today=today, extra_indicators=extra)
    context = progress.area.context
    stars = actuals.star_distribution(context)
    producer_types = actuals.producers_by_type(context)
    product_sectors = actuals.products_by_sector(context)
    expiring = actuals.certificates_expiring(context, within_days=EXPIRING_WITHIN_DAYS)

    assignments = selectors.with_states(selectors.assignment_list(actor=actor, plan=plan), today)
    holders: dict[str, HolderProgress] = {}
    status_counts = {key: 0 for key in DISPLAY_LABELS}
    for assignment, state in assignments:
        holder = holders.setdefault(assignment.holder_name, HolderProgress(assignment.holder_name))
        holder.total += 1
        holder.progress_sum += assignment.progress
        status_counts[state.status] += 1
        if state.overdue:
            holder.overdue += 1
        if assignment.status == TaskStatus.DONE:
            holder.done += 1
        elif assignment.status == TaskStatus.IN_PROGRESS:
            holder.in_progress += 1
        else:
            holder.not_started += 1
    overdue = [(a, s) for a, s in assignments if s.overdue]
    visible_ids = [a.pk for a, _ in assignments]
    recent = list(
        ProgressUpdate.objects.filter(assignment_id__in=visible_ids)
        .select_related("assignment", "assignment__task", "assignment__agency", "assignment__commune")
        .order_by("-reported_on", "-id")[:10]
    )
    completeness = None
    if plan.periods.exists():
        reporters = selectors.reporters_of(plan)
        if not manages_plan(actor, plan):
            reporters = selectors.reporters_held_by(actor=actor, plan=plan)
        completeness = selectors.plan_completeness(plan, as_of=today, reporters=reporters)

    charts: dict[str, RenderedChart] = {}
    if stars.available:
        charts["stars"] = simple_chart("Sản phẩm OCOP còn hiệu lực theo hạng sao", stars.rows, label="sản phẩm")
    if producer_types.available:
        charts["producers"] = simple_chart("Chủ thể theo loại hình", producer_types.rows, label="chủ thể", horizontal=True)
    if product_sectors.available:
        charts["sectors"] = simple_chart("Sản phẩm theo ngành (Phụ lục I)", product_sectors.rows, label="sản phẩm", horizontal=True)
    ordered_holders = sorted(holders.values(), key=lambda h: (-h.overdue, h.name))
    if ordered_holders:
        charts["holders"] = render(
            BarChart(
                title="Nhiệm vụ theo cơ quan, đơn vị",
                categories=[h.name for h in ordered_holders],
                series=[
                    Series("Hoàn thành", [h.done for h in ordered_holders], colour=OK_COLOUR),
                    Series("Đang thực hiện", [h.in_progress for h in ordered_holders], colour=PALETTE[0]),
                    Series("Chưa bắt đầu", [h.not_started for h in ordered_holders], colour="#9e9e9e"),
                ],
                stacked=True,
                horizontal=True,
                value_label="nhiệm vụ",
            )
        )
    if completeness is not None and completeness.periods:
        charts["reports"] = render(
            BarChart(
                title="Tình hình nộp báo cáo định kỳ",
                categories=[p.label for p in completeness.periods],
                series=[
                    Series("Tỷ lệ đầy đủ", [completeness.by_period[p.key].completeness for p in completeness.periods], colour=PALETTE[0]),
                    Series("Tỷ lệ đúng hạn", [completeness.by_period[p.key].timeliness for p in completeness.periods], colour=OK_COLOUR),
                ],
                percent=True,
                value_label="%",
                description="Chỉ tính các kỳ đã quá hạn nộp.",
            )
        )
    target_charts = [(t, target_chart(t) if _worth_a_chart(t) else None) for t in progress.targets]
    measured = [t for t in progress.targets if t.available]
    return Dashboard(
        plan=plan,
        mode=mode,
        as_of=context.as_of,
        progress=progress,
        target_charts=target_charts,
        commune_matrix=_matrix(progress),
        stars=stars,
        producer_types=producer_types,
        product_sectors=product_sectors,
        expiring=expiring,
        charts=charts,
        assignments=assignments,
        overdue=overdue,
        holders=ordered_holders,
        status_counts=status_counts,
        recent_updates=recent,
        completeness=completeness,
        targets_met=sum(1 for t in measured if t.met),
        targets_measured=len(measured),
        units={u.pk: u for u in progress.rows.units},
    )
