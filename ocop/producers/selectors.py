"""Reads of producers, filtered by who is asking."""

from django.db.models import Count, QuerySet

from ocop.accounts.scopes import covered_unit_ids, unit_filter, user_scope
from ocop.core.search import search_filter
from ocop.producers.models import Producer


def producer_visible_queryset(*, actor) -> QuerySet[Producer]:
    scope = user_scope(actor)
    queryset = Producer.objects.all()
    condition = unit_filter(scope, "commune", "id")
    return queryset if condition is None else queryset.filter(condition)


def producer_list(*, actor, q: str = "", unit=None, producer_type: str = "") -> QuerySet[Producer]:
    """Producers the actor may see, filtered; `unit` (old or new) covers its descendants,
    and a current unit also covers the units it replaced."""
    queryset = search_filter(producer_visible_queryset(actor=actor), q)
    if unit is not None:
        queryset = queryset.filter(commune__in=covered_unit_ids([unit.pk]))
    if producer_type:
        queryset = queryset.filter(producer_type=producer_type)
    return (
        queryset.select_related("commune", "commune__parent")
        .annotate(product_count=Count("products"))
        .order_by("name", "id")
    )


def producer_get(*, actor, pk: int) -> Producer | None:
    return (
        producer_visible_queryset(actor=actor)
        .select_related("commune", "commune__parent", "created_by")
        .filter(pk=pk)
        .first()
    )
