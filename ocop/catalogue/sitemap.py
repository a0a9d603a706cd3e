"""The public sitemap (/sitemap.xml): the search, map and open-data pages, then every public
product, producer and commune with products, for search engines."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from django.urls import reverse
from django.utils import timezone

from ocop.catalogue import selectors


@dataclass(frozen=True)
class SitemapEntry:
    path: str
    lastmod: date | None = None


def sitemap_entries(*, on: date) -> list[SitemapEntry]:
    entries = [
        SitemapEntry(reverse("catalogue:search")),
        SitemapEntry(reverse("catalogue:map")),
        SitemapEntry(reverse("catalogue:open_data")),
    ]
    for pk, updated in selectors.public_products().order_by("pk").values_list("pk", "updated_at"):
        entries.append(SitemapEntry(selectors.product_path(pk), _day(updated)))
    for pk, updated in selectors.public_producers().order_by("pk").values_list("pk", "updated_at"):
        entries.append(SitemapEntry(selectors.producer_path(pk), _day(updated)))
    for unit in selectors.communes_with_products(on=on):
        entries.append(SitemapEntry(selectors.commune_path(unit)))
    return entries


def _day(value: datetime | None) -> date | None:
    return timezone.localtime(value).date() if value else None
