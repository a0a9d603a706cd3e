"""Reads of product surveys, focus products, support activities, funding and budgets. House rules of selectors: docs/architecture.md."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import Coalesce

from ocop.accounts.scopes import (
    apply_condition,
    covered_unit_ids,
    unit_filter,
    user_scope,
    within_unit,
)
from ocop.core.records import scoped_get
from ocop.core.search import filter_given, search_filter
from ocop.ideas.models import Idea
from ocop.ideas.selectors import overlap_condition
from ocop.ideas.workflow import IdeaStatus
from ocop.support.models import (
    BudgetAllocation,
    FocusItem,
    FocusSelection,
    FundingSource,
    ProductSurvey,
    SupportActivity,
    SupportFunding,
    SupportStatus,
)
from ocop.support.policy import ALLOCATED_SOURCES
from ocop.territory.models import AdministrativeUnit

# -- surveys -----------------------------------------------------------------------------------


def survey_visible_queryset(*, actor) -> QuerySet[ProductSurvey]:
    return apply_condition(
        ProductSurvey.objects.all(), unit_filter(user_scope(actor), "product__commune", "product__producer_id")
    )


def survey_list(*, actor, q: str = "", unit=None) -> QuerySet[ProductSurvey]:
    queryset = search_filter(survey_visible_queryset(actor=actor), q, "product__search_text")
    queryset = within_unit(queryset, "product__commune", unit)
    return queryset.select_related("product", "product__producer", "product__commune").order_by(
        "-surveyed_on", "-id"
    )


def survey_get(*, actor, pk: int) -> ProductSurvey | None:
    return scoped_get(
        survey_visible_queryset(actor=actor), pk, "product", "product__producer", "product__commune",
        "created_by",
    )


# -- focus products ----------------------------------------------------------------------------


def focus_visible_queryset(*, actor) -> QuerySet[FocusSelection]:
    scope = user_scope(actor)
    condition = overlap_condition(scope, "issuing_unit")
    if condition is not None and scope.producer_ids:
        mine = list(scope.producer_ids)
        condition |= Q(
            pk__in=FocusItem.objects.filter(
                Q(idea__producer_id__in=mine) | Q(product__producer_id__in=mine)
            ).values("selection_id")
        )
    return apply_condition(FocusSelection.objects.all(), condition)


def focus_list(*, actor, year: int | None = None, unit=None) -> QuerySet[FocusSelection]:
    queryset = focus_visible_queryset(actor=actor)
    if year:
        queryset = queryset.filter(year=year)
    queryset = within_unit(queryset, "issuing_unit", unit)
    return (
        queryset.select_related("issuing_unit", "issuing_unit__parent")
        .annotate(item_count=Count("items"))
        .order_by("-year", "issuing_unit__search_text", "id")
    )


def focus_get(*, actor, pk: int) -> FocusSelection | None:
    return scoped_get(
        focus_visible_queryset(actor=actor), pk, "issuing_unit", "issuing_unit__parent", "approved_by",
        "created_by",
    )


@dataclass
class FocusRow:
    item: FocusItem
    product: object | None
    assessment: object | None
    advice: object | None
    note: str


def focus_rows(selection: FocusSelection) -> list[FocusRow]:
    """Each focus item with its gap to 3★ from the product's latest self-assessment.

    The seed plan's target is "các sản phẩm tham gia đánh giá … đạt ba sao" (Kế hoạch Kon Rẫy
    2024 mục II.2). A fixed number of queries for any number of items.
    """
    from ocop.criteria.selectors import gap_to_stars, latest_self_assessments

    items = list(
        selection.items.select_related(
            "idea", "idea__producer", "idea__product", "product", "product__producer", "created_by"
        ).order_by("id")
    )
    products = {item.target_product.pk: item.target_product for item in items if item.target_product}
    latest = latest_self_assessments(products.keys())
    rows = []
    for item in items:
        product = item.target_product
        assessment = latest.get(product.pk) if product else None
        advice, note = None, ""
        if product is None:
            note = "Ý tưởng chưa thành sản phẩm, chưa tự đánh giá."
        elif assessment is None:
            note = "Chưa tự đánh giá."
        else:
            try:
                advice = gap_to_stars(assessment, target=3)
            except (LookupError, ValueError):
                note = "Không tính được khoảng cách đến 3 sao từ phiếu tự đánh giá đã lưu."
        rows.append(FocusRow(item, product, assessment, advice, note))
    return rows


def focus_candidates(selection: FocusSelection) -> tuple[QuerySet[Idea], QuerySet]:
    """Ideas in the unit's list of that year and products under the unit, not yet chosen."""
    from ocop.products.models import Product

    covered = covered_unit_ids([selection.issuing_unit_id])
    chosen_ideas = selection.items.exclude(idea=None).values("idea_id")
    chosen_products = selection.items.exclude(product=None).values("product_id")
    ideas = (
        Idea.objects.filter(year=selection.year, status=IdeaStatus.LISTED, commune__in=covered)
        .exclude(pk__in=chosen_ideas)
        .select_related("producer")
        .order_by("search_text", "id")
    )
    products = (
        Product.objects.filter(commune__in=covered)
        .exclude(pk__in=chosen_products)
        .exclude(ideas__in=chosen_ideas)
        .select_related("producer")
        .order_by("search_text", "id")
    )
    return ideas, products


# -- support and budgets -----------------------------------------------------------------------


def support_visible_queryset(*, actor) -> QuerySet[SupportActivity]:
    return apply_condition(
        SupportActivity.objects.all(), unit_filter(user_scope(actor), "producer__commune", "producer_id")
    )


def support_list(
    *, actor, q: str = "", unit=None, year: int | None = None, support_type: str = "", status: str = ""
) -> QuerySet[SupportActivity]:
    queryset = search_filter(support_visible_queryset(actor=actor), q, "producer__search_text")
    queryset = within_unit(queryset, "producer__commune", unit)
    queryset = filter_given(queryset, year=year, support_type=support_type, status=status)
    return (
        queryset.select_related("producer", "producer__commune", "product", "budget_unit")
        .annotate(total=Coalesce(Sum("fundings__amount"), 0))
        .order_by("-provided_on", "-id")
    )


def support_get(*, actor, pk: int) -> SupportActivity | None:
    return scoped_get(
        support_visible_queryset(actor=actor).prefetch_related("fundings"), pk, "producer", "product", "idea",
        "budget_unit", "created_by",
    )


def allocation_visible_queryset(*, actor) -> QuerySet[BudgetAllocation]:
    return apply_condition(BudgetAllocation.objects.all(), overlap_condition(user_scope(actor), "unit"))


def allocation_get(*, actor, pk: int) -> BudgetAllocation | None:
    return allocation_visible_queryset(actor=actor).select_related("unit").filter(pk=pk).first()


def committed_amount(*, unit_id: int, year: int, source: str, exclude_activity_id: int | None = None) -> int:
    """Sum of the support not cancelled on one allocation: what the allocation must cover."""
    queryset = SupportFunding.objects.filter(
        source=source, activity__budget_unit_id=unit_id, activity__year=year
    ).exclude(activity__status=SupportStatus.CANCELLED)
    if exclude_activity_id is not None:
        queryset = queryset.exclude(activity_id=exclude_activity_id)
    return queryset.aggregate(total=Coalesce(Sum("amount"), 0))["total"]


@dataclass
class AllocationRow:
    allocation: BudgetAllocation
    committed: int  # planned + in progress + done
    disbursed: int  # done only

    @property
    def remaining(self) -> int:
        return self.allocation.amount - self.committed


def allocation_overview(*, actor, year: int | None = None, unit=None) -> list[AllocationRow]:
    """Allocations with what is committed and disbursed against each: three queries."""
    allocations = allocation_visible_queryset(actor=actor)
    if year:
        allocations = allocations.filter(year=year)
    allocations = list(
        within_unit(allocations, "unit", unit).select_related("unit", "unit__parent").order_by(
            "-year", "unit__search_text", "source"
        )
    )
    if not allocations:
        return []
    sums = (
        SupportFunding.objects.filter(
            activity__budget_unit_id__in={a.unit_id for a in allocations},
            activity__year__in={a.year for a in allocations},
            source__in=ALLOCATED_SOURCES,
        )
        .exclude(activity__status=SupportStatus.CANCELLED)
        .values("activity__budget_unit_id", "activity__year", "source")
        .annotate(
            committed=Sum("amount"),
            disbursed=Coalesce(Sum("amount", filter=Q(activity__status=SupportStatus.DONE)), 0),
        )
    )
    totals = {
        (row["activity__budget_unit_id"], row["activity__year"], row["source"]): row for row in sums
    }
    rows = []
    for allocation in allocations:
        found = totals.get((allocation.unit_id, allocation.year, allocation.source), {})
        rows.append(AllocationRow(allocation, found.get("committed", 0), found.get("disbursed", 0)))
    return rows


@dataclass(frozen=True)
class FocusCountRow:
    issuing_unit: AdministrativeUnit
    year: int
    status: str
    items: int
    min_items: int
    max_items: int


def focus_counts(*, actor, unit=None, years: Iterable[int] | None = None) -> list[FocusCountRow]:
    """Focus selections with their number of items, per unit and year (one query)."""
    queryset = focus_list(actor=actor, unit=unit)
    if years is not None:
        queryset = queryset.filter(year__in=list(years))
    return [
        FocusCountRow(s.issuing_unit, s.year, s.status, s.item_count, s.min_items, s.max_items)
        for s in queryset
    ]


@dataclass(frozen=True)
class SupportTotalRow:
    year: int
    source: str
    source_label: str
    committed: int  # not cancelled
    disbursed: int  # done
    activities: int


def support_totals_by_source_year(
    *, actor, unit=None, years: Iterable[int] | None = None
) -> list[SupportTotalRow]:
    """Support money per funding source and budget year, for producers under `unit` (one
    query). Cancelled support is left out."""
    activities = within_unit(support_visible_queryset(actor=actor), "producer__commune", unit).exclude(
        status=SupportStatus.CANCELLED
    )
    if years is not None:
        activities = activities.filter(year__in=list(years))
    rows = (
        SupportFunding.objects.filter(activity__in=activities.values("pk"))
        .values("activity__year", "source")
        .annotate(
            committed=Sum("amount"),
            disbursed=Coalesce(Sum("amount", filter=Q(activity__status=SupportStatus.DONE)), 0),
            activities=Count("activity", distinct=True),
        )
        .order_by("activity__year", "source")
    )
    labels = dict(FundingSource.choices)
    return [
        SupportTotalRow(
            row["activity__year"], row["source"], labels.get(row["source"], row["source"]),
            row["committed"], row["disbursed"], row["activities"],
        )
        for row in rows
    ]


def support_totals_table(rows: Iterable[SupportTotalRow]) -> dict[int, dict[str, int]]:
    """{year: {source: committed}} from support_totals_by_source_year, for charts."""
    table: dict[int, dict[str, int]] = defaultdict(dict)
    for row in rows:
        table[row.year][row.source] = row.committed
    return dict(table)
