"""Reads of producers, filtered by who is asking."""

from django.db.models import Count, QuerySet

from ocop.accounts.scopes import (
    apply_condition,
    unit_filter,
    user_scope,
    within_unit,
)
from ocop.core.records import scoped_get
from ocop.core.search import filter_given, search_filter
from ocop.producers.models import Producer


def producer_visible_queryset(*, actor) -> QuerySet[Producer]:
    return apply_condition(Producer.objects.all(), unit_filter(user_scope(actor), "commune", "id"))


def producer_list(*, actor, q: str = "", unit=None, producer_type: str = "") -> QuerySet[Producer]:
    """Producers the actor may see, filtered; `unit` (old or new) covers its descendants,
    and a current unit also covers the units it replaced."""
    queryset = within_unit(search_filter(producer_visible_queryset(actor=actor), q), "commune", unit)
    queryset = filter_given(queryset, producer_type=producer_type)
    return (
        queryset.select_related("commune", "commune__parent")
        .annotate(product_count=Count("products"))
        .order_by("name", "id")
    )


def producer_get(*, actor, pk: int) -> Producer | None:
    return scoped_get(producer_visible_queryset(actor=actor), pk, "commune", "commune__parent", "created_by")
