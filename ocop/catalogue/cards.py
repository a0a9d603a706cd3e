"""Product cards of the public lists as ready HTML, and products as API objects, kept in
each server process between requests (docs/performance.md, "Thẻ sản phẩm dựng sẵn").

Why: at national size a list page spent most of its time building its 24 cards (four
queries for the products, their photos, certificates and today's units, then a template
include per card), although the same popular products appear on page after page. Now a
list reads only the ids of its page (one query); the cards already built are taken from
here, and only the others cost those queries and the template.

When an entry is right:

* its key holds the public data's version (`cache.current_version()`), which any save or
  delete of a record the public side shows increments (`signals.py`: products, photos,
  producers, certificates and their decisions, revocations, sales points, units and the
  classification), and the day (a certificate's status changes with the date alone), so a
  change is seen by the next request of every process;
* it expires after OCOP_CATALOGUE_MEMO_SECONDS (300 s by default; 0 turns this off): a
  write that bypasses signals (`bulk_create`, `QuerySet.update`) is seen within that time,
  the rule the public page cache already follows (`cache.py`).

This is not the page cache: that one (OCOP_CATALOGUE_CACHE_SECONDS) stores whole answers
per address; this one stores pieces that every address reuses, so varied searches still
run their own queries. At most 4,000 cards and filter lists and 1,500 API
objects per process (settings.CACHES) (the least recently used are dropped): a card is about 1.5 kB, an API
object (its JSON text) about 2 kB, so together under 10 MB per process.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date

from django.core.cache import caches
from django.core.cache.backends.base import BaseCache
from django.core.serializers.json import DjangoJSONEncoder
from django.template.loader import get_template
from django.utils.safestring import SafeString, mark_safe

from ocop.catalogue import cache as public_cache
from ocop.catalogue import selectors

CARD_TEMPLATE = "catalogue/_product_card.html"


memo_seconds = public_cache.memo_seconds


# Django's in-process cache (LocMemCache: thread-safe, drops the least recently used past
# MAX_ENTRIES) under its own aliases, so the page cache's files are not filled with cards;
# a deployment with several app nodes may point them at Redis (docs/operations.md).
MEMO = caches[public_cache.MEMO_ALIAS]
API_MEMO = caches["catalogue_api"]


_data_key = public_cache.data_key


@dataclass(frozen=True)
class ProductRef:
    pk: int
    name: str


@dataclass(frozen=True)
class RenderedCard:
    """A product card as the lists show it: the product it is about, its stars today (None
    without a certificate in force) and its HTML."""

    product: ProductRef
    stars: int | None
    html: SafeString


def _key(*parts) -> str:
    return ":".join(str(part) for part in parts)


def _built(memo: BaseCache, pks: list[int], *, on: date, build: Callable[[list[int]], dict]) -> list:
    key = _data_key(on)
    found: dict = {}
    if key is not None:
        keys = {_key(pk, *key): pk for pk in pks}
        found = {keys[k]: value for k, value in memo.get_many(list(keys)).items()}
    missing = [pk for pk in pks if pk not in found]
    if missing:
        made = build(missing)
        if key is not None:
            memo.set_many({_key(pk, *key): value for pk, value in made.items()}, memo_seconds())
        found.update(made)
    return [found[pk] for pk in pks if pk in found]


def _pk(row) -> int:
    if isinstance(row, int):
        return row
    if isinstance(row, dict):
        return row["pk"]
    return row.pk


def _products(pks: list[int], on: date, *, with_category: bool) -> list:
    return list(selectors.product_search(on=on, with_category=with_category).filter(pk__in=pks))


def rendered_cards(rows: Iterable, *, on: date) -> list[RenderedCard]:
    """The cards of a page of products (ids, value rows or instances), in its order.
    Products not yet built cost a fixed number of queries together, whatever their number."""
    template = get_template(CARD_TEMPLATE)

    def build(missing: list[int]) -> dict:
        cards = selectors.product_cards(_products(missing, on, with_category=False), on=on)
        return {
            card.product.pk: RenderedCard(
                ProductRef(card.product.pk, card.product.name), card.stars, mark_safe(template.render({"card": card}))
            )
            for card in cards
        }

    return _built(MEMO, [_pk(row) for row in rows], on=on, build=build)


def encode(data) -> str:
    """JSON as the API writes it (JsonResponse's encoder, Vietnamese letters as they are)."""
    return json.dumps(data, ensure_ascii=False, cls=DjangoJSONEncoder)


def product_texts(rows: Iterable, *, on: date) -> list[str]:
    """The API objects (`serializers.product_json`) of a page of products, in its order, as
    JSON text: kept encoded, a list page joins them instead of unpickling fifty nested
    objects and encoding them again (together a fifth of the page's time)."""
    from ocop.catalogue import serializers

    def build(missing: list[int]) -> dict:
        cards = selectors.product_cards(_products(missing, on, with_category=True), on=on)
        return {card.product.pk: encode(serializers.product_json(card)) for card in cards}

    return _built(API_MEMO, [_pk(row) for row in rows], on=on, build=build)


def product_objects(rows: Iterable, *, on: date) -> list[dict]:
    """The same objects decoded, for an answer that nests them (a producer's products)."""
    return [json.loads(text) for text in product_texts(rows, on=on)]
