"""Reads of products, filtered by who is asking."""

from django.db.models import QuerySet

from ocop.accounts.scopes import apply_condition, unit_filter, user_scope, within_unit
from ocop.core.records import scoped_get
from ocop.core.search import filter_given, search_filter
from ocop.products.models import Product, ProductCategory


def product_visible_queryset(*, actor) -> QuerySet[Product]:
    return apply_condition(Product.objects.all(), unit_filter(user_scope(actor), "commune", "producer_id"))


def product_list(
    *, actor, q: str = "", unit=None, category=None, status: str = "", producer_type: str = ""
) -> QuerySet[Product]:
    """Products the actor may see. `category` may be any level of the classification."""
    queryset = within_unit(search_filter(product_visible_queryset(actor=actor), q), "commune", unit)
    if category is not None:
        queryset = queryset.filter(category__in=category_with_descendants(category))
    queryset = filter_given(queryset, status=status, producer__producer_type=producer_type)
    return queryset.select_related("producer", "commune", "category").order_by("name", "id")


def product_get(*, actor, pk: int) -> Product | None:
    return scoped_get(
        product_visible_queryset(actor=actor).prefetch_related("photos"), pk, "producer", "commune",
        "commune__parent", "category", "category__parent",
    )


def category_with_descendants(category: ProductCategory) -> list[int]:
    ids = {category.pk}
    frontier = {category.pk}
    # The classification is three levels deep; two passes reach every leaf.
    for _ in range(2):
        frontier = set(ProductCategory.objects.filter(parent_id__in=frontier).values_list("pk", flat=True))
        ids |= frontier
    return list(ids)


def category_tree() -> list[ProductCategory]:
    return list(ProductCategory.objects.select_related("parent").order_by("position"))
