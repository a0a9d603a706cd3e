"""Reads of ideas, yearly lists, business plans, surveys, focus products, support and budgets.

Every selector that depends on who asks takes `actor` and filters by the actor's scope.
Lists never query per row. The functions under "For other apps" are the stable interface
other engineers call (dossiers, planning dashboards); see docs/ideas-and-promotion.md.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Count, F, Q, QuerySet, Sum
from django.db.models.functions import Coalesce

from ocop.accounts.scopes import Scope, covered_unit_ids, unit_filter, user_scope
from ocop.core.text import normalize_search, search_terms
from ocop.ideas.models import (
    BudgetAllocation,
    BusinessPlan,
    ChangeAction,
    FocusItem,
    FocusSelection,
    FundingSource,
    Idea,
    IdeaListChange,
    IdeaListDecision,
    ProductSurvey,
    SupportActivity,
    SupportFunding,
    SupportStatus,
)
from ocop.ideas.policy import ALLOCATED_SOURCES
from ocop.ideas.workflow import IDEA_LISTABLE, IDEA_REGISTERED, IdeaStatus, PlanStatus
from ocop.territory.models import AdministrativeUnit, UnitCoverage
from ocop.territory.selectors import current_units_map

# -- scope helpers -----------------------------------------------------------------------------


def overlap_condition(scope: Scope, unit_field: str) -> Q | None:
    """Records tied to an "issuing" unit (a province or a legacy district that decides for
    many communes): readable when that unit lies within the reader's units, or covers one of
    them — a commune officer of today's Xã Kon Braih reads the 2024 list of Huyện Kon Rẫy,
    which covered the communes Kon Braih replaced."""
    if scope.is_admin:
        return None
    condition = Q(pk__in=[])
    read = scope.read_unit_ids
    if read:
        covered = covered_unit_ids(read)
        covering = UnitCoverage.objects.filter(covered__in=covered).values("unit_id")
        condition |= Q(**{f"{unit_field}__in": covered}) | Q(**{f"{unit_field}__in": covering})
    return condition


def _apply(queryset: QuerySet, condition: Q | None) -> QuerySet:
    return queryset if condition is None else queryset.filter(condition)


def _within(queryset: QuerySet, unit_field: str, unit: AdministrativeUnit | None) -> QuerySet:
    """Restrict to records under `unit` (old or new: a current unit also covers the units it
    replaced)."""
    if unit is None:
        return queryset
    return queryset.filter(**{f"{unit_field}__in": covered_unit_ids([unit.pk])})


# -- ideas -------------------------------------------------------------------------------------


def idea_visible_queryset(*, actor) -> QuerySet[Idea]:
    return _apply(Idea.objects.all(), unit_filter(user_scope(actor), "commune", "producer_id"))


def idea_list(
    *, actor, q: str = "", unit=None, year: int | None = None, status: str = "", producer=None
) -> QuerySet[Idea]:
    queryset = idea_visible_queryset(actor=actor)
    for term in search_terms(q):
        queryset = queryset.filter(search_text__contains=term)
    queryset = _within(queryset, "commune", unit)
    if year:
        queryset = queryset.filter(year=year)
    if status:
        queryset = queryset.filter(status=status)
    if producer is not None:
        queryset = queryset.filter(producer=producer)
    return queryset.select_related("producer", "commune", "category", "product").order_by(
        "-year", "search_text", "id"
    )


def idea_get(*, actor, pk: int) -> Idea | None:
    return (
        idea_visible_queryset(actor=actor)
        .select_related("producer", "commune", "commune__parent", "category", "product", "created_by")
        .filter(pk=pk)
        .first()
    )


def idea_events(idea: Idea) -> list:
    return list(idea.events.select_related("actor", "decision").order_by("created_at", "id"))


def idea_years(*, actor) -> list[int]:
    return sorted(
        set(idea_visible_queryset(actor=actor).values_list("year", flat=True).distinct()), reverse=True
    )


# -- yearly lists ------------------------------------------------------------------------------


def decision_visible_queryset(*, actor) -> QuerySet[IdeaListDecision]:
    scope = user_scope(actor)
    condition = overlap_condition(scope, "issuing_unit")
    if condition is not None and scope.producer_ids:
        condition |= Q(
            pk__in=IdeaListChange.objects.filter(idea__producer_id__in=list(scope.producer_ids)).values(
                "decision_id"
            )
        )
    return _apply(IdeaListDecision.objects.all(), condition)


def decision_list(*, actor, year: int | None = None, unit=None) -> QuerySet[IdeaListDecision]:
    queryset = decision_visible_queryset(actor=actor)
    if year:
        queryset = queryset.filter(year=year)
    queryset = _within(queryset, "issuing_unit", unit)
    return (
        queryset.select_related("issuing_unit", "issuing_unit__parent", "created_by")
        .annotate(
            added=Count("changes", filter=Q(changes__action=ChangeAction.ADD)),
            removed=Count("changes", filter=Q(changes__action=ChangeAction.REMOVE)),
        )
        .order_by("-year", "issuing_unit__search_text", "signed_on", "id")
    )


def decision_get(*, actor, pk: int) -> IdeaListDecision | None:
    return (
        decision_visible_queryset(actor=actor)
        .select_related("issuing_unit", "issuing_unit__parent", "created_by")
        .filter(pk=pk)
        .first()
    )


@dataclass
class ListEntry:
    idea: Idea
    added_by: IdeaListDecision
    change: IdeaListChange


@dataclass
class RemovedEntry:
    idea: Idea
    added_by: IdeaListDecision | None
    removed_by: IdeaListDecision
    reason: str


@dataclass
class ListState:
    """The yearly list as it stood after `decision` (and every earlier one of its unit and year)."""

    decision: IdeaListDecision
    decisions: list[IdeaListDecision]
    entries: list[ListEntry] = field(default_factory=list)
    removed: list[RemovedEntry] = field(default_factory=list)
    changes: list[IdeaListChange] = field(default_factory=list)

    @property
    def idea_ids(self) -> set[int]:
        return {entry.idea.pk for entry in self.entries}


def decisions_of(issuing_unit_id: int, year: int) -> QuerySet[IdeaListDecision]:
    """A unit's list decisions of one year in the order they apply: by signing date."""
    return IdeaListDecision.objects.filter(issuing_unit_id=issuing_unit_id, year=year).order_by(
        "signed_on", "id"
    )


def idea_list_as_of(decision: IdeaListDecision) -> ListState:
    """Replay the changes of `decision` and of every earlier decision of its unit and year.

    Three queries whatever the size of the list.
    """
    applied = list(
        decisions_of(decision.issuing_unit_id, decision.year)
        .filter(Q(signed_on__lt=decision.signed_on) | Q(signed_on=decision.signed_on, pk__lte=decision.pk))
        .select_related("created_by")
    )
    order = {d.pk: index for index, d in enumerate(applied)}
    by_pk = {d.pk: d for d in applied}
    changes = sorted(
        IdeaListChange.objects.filter(decision_id__in=list(order)).select_related(
            "idea__producer", "idea__commune", "idea__category", "idea__product", "created_by"
        ),
        key=lambda change: (order[change.decision_id], change.pk),
    )
    current: dict[int, ListEntry] = {}
    removed: dict[int, RemovedEntry] = {}
    for change in changes:
        change.decision = by_pk[change.decision_id]
        if change.action == ChangeAction.ADD:
            current[change.idea_id] = ListEntry(change.idea, change.decision, change)
            removed.pop(change.idea_id, None)
        else:
            entry = current.pop(change.idea_id, None)
            removed[change.idea_id] = RemovedEntry(
                change.idea, entry.added_by if entry else None, change.decision, change.reason
            )

    def sort_key(item):
        return (normalize_search(item.idea.commune.name), normalize_search(item.idea.name), item.idea.pk)

    return ListState(
        decision=by_pk[decision.pk],
        decisions=applied,
        entries=sorted(current.values(), key=sort_key),
        removed=sorted(removed.values(), key=sort_key),
        changes=changes,
    )


def latest_decision(issuing_unit_id: int, year: int) -> IdeaListDecision | None:
    return decisions_of(issuing_unit_id, year).last()


def ideas_eligible_for_list(*, issuing_unit, year: int) -> QuerySet[Idea]:
    """Ideas of `year` under `issuing_unit` that a list decision may add now."""
    return (
        Idea.objects.filter(year=year, status__in=IDEA_LISTABLE, commune__in=covered_unit_ids([issuing_unit.pk]))
        .select_related("producer", "commune", "category")
        .order_by("commune__search_text", "search_text", "id")
    )


# -- business plans ----------------------------------------------------------------------------


def plan_visible_queryset(*, actor) -> QuerySet[BusinessPlan]:
    return _apply(BusinessPlan.objects.all(), unit_filter(user_scope(actor), "commune", "producer_id"))


def plan_list(*, actor, q: str = "", unit=None, status: str = "", idea=None) -> QuerySet[BusinessPlan]:
    queryset = plan_visible_queryset(actor=actor)
    for term in search_terms(q):
        queryset = queryset.filter(search_text__contains=term)
    queryset = _within(queryset, "commune", unit)
    if status:
        queryset = queryset.filter(status=status)
    if idea is not None:
        queryset = queryset.filter(idea=idea)
    return (
        queryset.select_related("producer", "commune", "idea", "product")
        .annotate(
            investment_total=Coalesce(Sum("investments__amount"), 0),
        )
        .order_by("-created_at", "-id")
    )


def plan_get(*, actor, pk: int) -> BusinessPlan | None:
    return (
        plan_visible_queryset(actor=actor)
        .select_related("producer", "commune", "commune__parent", "idea", "product", "created_by")
        .prefetch_related("investments", "years", "attachments")
        .filter(pk=pk)
        .first()
    )


def plan_events(plan: BusinessPlan) -> list:
    return list(plan.events.select_related("actor").order_by("created_at", "id"))


# -- surveys -----------------------------------------------------------------------------------


def survey_visible_queryset(*, actor) -> QuerySet[ProductSurvey]:
    return _apply(
        ProductSurvey.objects.all(), unit_filter(user_scope(actor), "product__commune", "product__producer_id")
    )


def survey_list(*, actor, q: str = "", unit=None) -> QuerySet[ProductSurvey]:
    queryset = survey_visible_queryset(actor=actor)
    for term in search_terms(q):
        queryset = queryset.filter(product__search_text__contains=term)
    queryset = _within(queryset, "product__commune", unit)
    return queryset.select_related("product", "product__producer", "product__commune").order_by(
        "-surveyed_on", "-id"
    )


def survey_get(*, actor, pk: int) -> ProductSurvey | None:
    return (
        survey_visible_queryset(actor=actor)
        .select_related("product", "product__producer", "product__commune", "created_by")
        .filter(pk=pk)
        .first()
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
    return _apply(FocusSelection.objects.all(), condition)


def focus_list(*, actor, year: int | None = None, unit=None) -> QuerySet[FocusSelection]:
    queryset = focus_visible_queryset(actor=actor)
    if year:
        queryset = queryset.filter(year=year)
    queryset = _within(queryset, "issuing_unit", unit)
    return (
        queryset.select_related("issuing_unit", "issuing_unit__parent")
        .annotate(item_count=Count("items"))
        .order_by("-year", "issuing_unit__search_text", "id")
    )


def focus_get(*, actor, pk: int) -> FocusSelection | None:
    return (
        focus_visible_queryset(actor=actor)
        .select_related("issuing_unit", "issuing_unit__parent", "approved_by", "created_by")
        .filter(pk=pk)
        .first()
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
    return _apply(
        SupportActivity.objects.all(), unit_filter(user_scope(actor), "producer__commune", "producer_id")
    )


def support_list(
    *, actor, q: str = "", unit=None, year: int | None = None, support_type: str = "", status: str = ""
) -> QuerySet[SupportActivity]:
    queryset = support_visible_queryset(actor=actor)
    for term in search_terms(q):
        queryset = queryset.filter(producer__search_text__contains=term)
    queryset = _within(queryset, "producer__commune", unit)
    if year:
        queryset = queryset.filter(year=year)
    if support_type:
        queryset = queryset.filter(support_type=support_type)
    if status:
        queryset = queryset.filter(status=status)
    return (
        queryset.select_related("producer", "producer__commune", "product", "budget_unit")
        .annotate(total=Coalesce(Sum("fundings__amount"), 0))
        .order_by("-provided_on", "-id")
    )


def support_get(*, actor, pk: int) -> SupportActivity | None:
    return (
        support_visible_queryset(actor=actor)
        .select_related("producer", "product", "idea", "budget_unit", "created_by")
        .prefetch_related("fundings")
        .filter(pk=pk)
        .first()
    )


def allocation_visible_queryset(*, actor) -> QuerySet[BudgetAllocation]:
    return _apply(BudgetAllocation.objects.all(), overlap_condition(user_scope(actor), "unit"))


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
        _within(allocations, "unit", unit).select_related("unit", "unit__parent").order_by(
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


# == For other apps =============================================================================
# Dossiers (evaluation) and the planning dashboards call these. They return plain values or
# model instances; the dashboard ones group in the database (no query per row).


def approved_business_plan_for(product) -> BusinessPlan | None:
    """The most recently approved business plan of a product, directly linked or through the
    idea it grew from; None if it has none. Not filtered by a reader: the caller (e.g. the
    dossier app) has already decided the reader may see the product."""
    return (
        BusinessPlan.objects.filter(Q(product=product) | Q(idea__product=product), status=PlanStatus.APPROVED)
        .select_related("producer", "idea", "product")
        .prefetch_related("years", "investments", "attachments")
        .order_by(F("approved_at").desc(nulls_last=True), "-id")
        .first()
    )


def approved_business_plans_for(product_ids: Iterable[int]) -> dict[int, BusinessPlan]:
    """product id → its latest approved business plan, for a page of products (one query)."""
    ids = list(product_ids)
    plans = (
        BusinessPlan.objects.filter(Q(product_id__in=ids) | Q(idea__product_id__in=ids), status=PlanStatus.APPROVED)
        .select_related("idea")
        .order_by(F("approved_at").asc(nulls_first=True), "id")
    )
    result: dict[int, BusinessPlan] = {}
    for plan in plans:  # later approvals overwrite earlier ones
        product_id = plan.product_id or (plan.idea.product_id if plan.idea_id else None)
        if product_id in ids:
            result[product_id] = plan
    return result


@dataclass(frozen=True)
class IdeaCountRow:
    commune: AdministrativeUnit
    current_units: list[AdministrativeUnit]
    year: int
    registered: int  # sent to the commune at least once (any state but draft)
    approved: int  # in the approved list now


def idea_counts_by_commune_year(
    *, actor, unit=None, years: Iterable[int] | None = None
) -> list[IdeaCountRow]:
    """Ideas registered and approved per recorded commune and year, with today's unit(s) of
    each commune for regrouping. Two to three queries whatever the number of rows."""
    queryset = _within(idea_visible_queryset(actor=actor), "commune", unit)
    if years is not None:
        queryset = queryset.filter(year__in=list(years))
    rows = list(
        queryset.values("commune_id", "year")
        .annotate(
            registered=Count("id", filter=Q(status__in=IDEA_REGISTERED)),
            approved=Count("id", filter=Q(status=IdeaStatus.LISTED)),
        )
        .order_by("year", "commune_id")
    )
    communes = AdministrativeUnit.objects.in_bulk({row["commune_id"] for row in rows})
    current = current_units_map(communes.keys())
    return [
        IdeaCountRow(
            communes[row["commune_id"]], current.get(row["commune_id"], []), row["year"],
            row["registered"], row["approved"],
        )
        for row in rows
    ]


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
    activities = _within(support_visible_queryset(actor=actor), "producer__commune", unit).exclude(
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


def ideas_waiting_for(*, actor, status: str, limit: int) -> tuple[list[Idea], int]:
    """Ideas in `status` as the idea list filtered by it shows them: the first `limit`
    (oldest first, they waited longest) and the list's count."""
    queryset = idea_list(actor=actor, status=status)
    return list(queryset.order_by("updated_at", "id")[:limit]), queryset.count()


def business_plans_waiting_for(*, actor, status: str, limit: int) -> tuple[list[BusinessPlan], int]:
    """Business plans in `status`, as the plan list filtered by it (first `limit`, count)."""
    queryset = plan_list(actor=actor, status=status)
    return list(queryset.order_by("updated_at", "id")[:limit]), queryset.count()
