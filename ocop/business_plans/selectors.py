"""Reads of business plans (phương án sản xuất kinh doanh). House rules of selectors: docs/architecture.md."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import F, Q, QuerySet, Sum
from django.db.models.functions import Coalesce

from ocop.accounts.scopes import apply_condition, unit_filter, user_scope, within_unit
from ocop.business_plans.models import BusinessPlan
from ocop.business_plans.workflow import PlanStatus
from ocop.core.records import scoped_get
from ocop.core.search import filter_given, search_filter

# -- business plans ----------------------------------------------------------------------------


def plan_visible_queryset(*, actor) -> QuerySet[BusinessPlan]:
    return apply_condition(BusinessPlan.objects.all(), unit_filter(user_scope(actor), "commune", "producer_id"))


def plan_list(*, actor, q: str = "", unit=None, status: str = "", idea=None) -> QuerySet[BusinessPlan]:
    queryset = within_unit(search_filter(plan_visible_queryset(actor=actor), q), "commune", unit)
    queryset = filter_given(queryset, status=status, idea=idea)
    return (
        queryset.select_related("producer", "commune", "idea", "product")
        .annotate(
            investment_total=Coalesce(Sum("investments__amount"), 0),
        )
        .order_by("-created_at", "-id")
    )


def plan_get(*, actor, pk: int) -> BusinessPlan | None:
    return scoped_get(
        plan_visible_queryset(actor=actor).prefetch_related("investments", "years", "attachments"), pk,
        "producer", "commune", "commune__parent", "idea", "product", "created_by",
    )


def plan_events(plan: BusinessPlan) -> list:
    return list(plan.events.select_related("actor").order_by("at", "id"))


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


def business_plans_waiting_for(*, actor, status: str, limit: int) -> tuple[list[BusinessPlan], int]:
    """Business plans in `status`, as the plan list filtered by it (first `limit`, count)."""
    queryset = plan_list(actor=actor, status=status)
    return list(queryset.order_by("updated_at", "id")[:limit]), queryset.count()
