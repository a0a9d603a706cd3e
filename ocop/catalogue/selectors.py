"""Public reads: what anyone may see without logging in (pages, API, exports, QR labels).

Which products are public (docs/catalogue.md §1): those with at least one certificate in the
register — issued on the system or imported — whatever its status today, so that a QR code
or a link to a product whose certificate expired or was revoked still leads to a page that
says so plainly. Products without a certificate (ideas, products being developed, dossiers
under evaluation) stay internal. Producers are public when they have a public product.
Sample data is shown, labelled "Dữ liệu mẫu".

Personal data: a producer's phone and e-mail appear only when `public_contact` is True, and
only `public_producer` reads them; tax code and business registration number only for
organisations (not households or farms, whose numbers identify a person). Never public:
notes, who created a record, search text, the representative's personal details,
workforce, certificate scores and internal references.

Every list costs a fixed number of queries whatever its length.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import (
    Case,
    Count,
    F,
    IntegerField,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone

from ocop.accounts.scopes import covered_unit_ids, within_unit
from ocop.catalogue import cache as public_cache
from ocop.catalogue import sources
from ocop.catalogue.codes import (
    PRODUCER_PREFIX,
    PRODUCT_PREFIX,
    code_path,
    parse_code,
    producer_code,
    product_code,
)
from ocop.core.compiled import CompiledQuery
from ocop.core.search import RankedIds, filter_given, relevance, search_filter, sort_key
from ocop.core.text import normalize_search
from ocop.producers.models import Producer, ProducerType
from ocop.products.models import Product, ProductCategory, ProductPhoto
from ocop.products.selectors import category_with_descendants, product_visible_queryset
from ocop.territory.models import AdministrativeUnit, UnitLevel
from ocop.territory.selectors import current_units_map, unit_predecessor_links, valid_on_q

# Producer types whose tax code and registration number identify an organisation, which
# Vietnam publishes anyway (Cổng thông tin quốc gia về đăng ký doanh nghiệp). A household's
# or a farm owner's numbers identify a person (since 2025 a personal tax code is the
# citizen ID number), so they stay internal.
ORGANISATION_TYPES = frozenset(
    {
        ProducerType.COOPERATIVE,
        ProducerType.COOPERATIVE_GROUP,
        ProducerType.SME,
        ProducerType.ASSOCIATION,
        ProducerType.FEDERATION,
        ProducerType.TOURISM_CENTRE,
    }
)

SORT_NAME = "ten"
SORT_STARS = "sao"
SORT_NEWEST = "moi"
# Only with a search text: best matches first (ocop.core.search.relevance), then by name.
SORT_RELEVANCE = "phu_hop"
SORTS = [(SORT_NAME, "Tên"), (SORT_STARS, "Số sao"), (SORT_NEWEST, "Mới nhất")]
SEARCH_SORTS = [(SORT_RELEVANCE, "Phù hợp nhất"), *SORTS]
STAR_CHOICES = (5, 4, 3)


def today() -> date:
    return timezone.localdate()


# == Products ====================================================================================


def public_products() -> QuerySet[Product]:
    return Product.objects.filter(pk__in=sources.certified_product_ids())


def product_path(pk: int) -> str:
    return code_path("catalogue:product", product_code(pk))


def producer_path(pk: int) -> str:
    return code_path("catalogue:producer", producer_code(pk))


def commune_path(unit: AdministrativeUnit) -> str:
    return reverse("catalogue:commune", args=[unit.code])


def headline_certificate(certificates: list[sources.PublicCertificate]) -> sources.PublicCertificate | None:
    """The certificate that describes the product today: the one in force with the most
    stars (then the newest), as the register's `current_certificates_for` chooses; else the
    newest one, expired, replaced or revoked, so the page can say so."""
    in_force = [c for c in certificates if c.in_force]
    if in_force:
        # `certificates` is newest first and max() keeps the first of equals.
        return max(in_force, key=lambda c: c.stars)
    return certificates[0] if certificates else None


@dataclass
class ProductCard:
    product: Product
    certificates: list[sources.PublicCertificate]
    current_units: list[AdministrativeUnit]
    photos: list = field(default_factory=list)
    producer_current_units: list = field(default_factory=list)  # set by product_by_code

    @property
    def code(self) -> str:
        return product_code(self.product.pk)

    @property
    def path(self) -> str:
        return product_path(self.product.pk)

    @property
    def headline(self) -> sources.PublicCertificate | None:
        return headline_certificate(self.certificates)

    @property
    def stars(self) -> int | None:
        headline = self.headline
        return headline.stars if headline is not None and headline.in_force else None

    @property
    def first_photo(self):
        return self.photos[0] if self.photos else None

    @property
    def province(self) -> AdministrativeUnit | None:
        """Today's province: the parent of today's commune."""
        units = self.current_units or ([self.product.commune] if self.product.commune.is_current else [])
        return units[0].parent if units else None


def _product_queryset(*, full: bool = False, with_category: bool = False) -> QuerySet[Product]:
    """Lists join what a card shows (producer, commune, province); the API and exports
    also the classification; a product page (`full`) also the producer's commune. Fewer
    joins keep PostgreSQL's planning time (which grows with every joined table) small on
    every list request."""
    related = ["producer", "commune", "commune__parent"]
    if full or with_category:
        related += ["category", "category__parent"]
    if full:
        related += ["producer__commune", "producer__commune__parent"]
    return public_products().select_related(*related).prefetch_related("photos")


def product_search(
    *,
    on: date,
    q: str = "",
    unit: AdministrativeUnit | None = None,
    units: Iterable[int] | None = None,
    category: ProductCategory | None = None,
    stars: int | None = None,
    producer_type: str = "",
    in_force: bool | None = None,
    producer_id: int | None = None,
    sort: str = SORT_NAME,
    with_category: bool = False,
) -> QuerySet[Product]:
    """Public products matching every filter. `unit` may be old or new: a unit valid today
    also covers the units it replaced; `units` is a list of unit ids treated the same way
    (a commune name typed in the filter may name several); `category` any level of the
    classification.

    The order always ends with the primary key, and its keys are annotated as `sort_keys`
    (see `sort_fields`) for the API's keyset cursor. The default order (by name) is read
    from an index (`product_sort_key_idx`), so a page costs the rows it shows; the stars
    and the latest issue date are computed only when a filter or the order needs them."""
    queryset = search_filter(_product_queryset(with_category=with_category), q)
    if unit is not None:
        queryset = queryset.filter(commune__in=covered_unit_ids([unit.pk]))
    if units is not None:
        queryset = queryset.filter(commune__in=covered_unit_ids(list(units)))
    if category is not None:
        queryset = queryset.filter(category__in=category_with_descendants(category))
    if stars or in_force is not None or sort == SORT_STARS:
        queryset = queryset.annotate(current_stars=sources.in_force_stars(on))
    if stars:
        queryset = queryset.filter(current_stars=stars)
    if producer_type:
        queryset = queryset.filter(producer__producer_type=producer_type)
    if in_force is True:
        queryset = queryset.filter(current_stars__isnull=False)
    elif in_force is False:
        queryset = queryset.filter(current_stars__isnull=True)
    if producer_id is not None:
        queryset = queryset.filter(producer_id=producer_id)
    if sort == SORT_RELEVANCE and not normalize_search(q):
        sort = SORT_NAME
    # The name sorts through search_text (the name without diacritics comes first), so
    # "Đẳng sâm" sorts with "Dầu", not after "Xoài".
    queryset = queryset.annotate(sort_name=sort_key())
    if sort == SORT_STARS:
        queryset = queryset.annotate(sort_stars=Coalesce("current_stars", Value(0)))
    elif sort == SORT_NEWEST:
        queryset = queryset.annotate(sort_issued=Coalesce(sources.latest_issued_on(), Value(date.min)))
    elif sort == SORT_RELEVANCE:
        queryset = queryset.annotate(sort_rank=relevance(q))
    return queryset.order_by(*[F(name).desc() if desc else F(name).asc() for name, desc in sort_fields(sort)])


def sort_fields(sort: str) -> list[tuple[str, bool]]:
    """(annotation, descending) of each key of a `product_search` order, primary key last.
    None of them is ever NULL (missing stars count as 0, a missing date as year 1)."""
    if sort == SORT_STARS:
        return [("sort_stars", True), ("sort_name", False), ("pk", False)]
    if sort == SORT_NEWEST:
        return [("sort_issued", True), ("pk", True)]
    if sort == SORT_RELEVANCE:
        return [("sort_rank", False), ("sort_name", False), ("pk", False)]
    return [("sort_name", False), ("pk", False)]


def units_today(units: Iterable[AdministrativeUnit], *, on: date) -> dict[int, list[AdministrativeUnit]]:
    """For each unit (already read, with its parent), the units valid on `on` it is part of:
    itself when valid then — no query, which is the case of most records — else what
    `current_units_map` follows through the mergers (its queries only for those)."""
    result: dict[int, list[AdministrativeUnit]] = {}
    older = []
    for unit in units:
        if unit is None:
            continue
        if unit.is_valid_on(on):
            result[unit.pk] = [unit]
        else:
            older.append(unit.pk)
    if older:
        result.update(current_units_map(older, on=on))
    return result


def ids_only(queryset: QuerySet[Product]) -> QuerySet:
    """The ids of a `product_search` in its order (a list page then takes its cards from
    `ocop.catalogue.cards`): no joined row, no photo, no model instance."""
    return queryset.select_related(None).prefetch_related(None).values_list("pk", flat=True)


def _ranked(queryset: QuerySet, q: str) -> RankedIds:
    return RankedIds(queryset, q, order=sort_fields(SORT_NAME), sort_field="sort_name")


def ranked_products(*, on: date, q: str, with_category: bool = False, **filters) -> RankedIds | None:
    """`product_search(q=q, sort=SORT_RELEVANCE, ...)` read rank by rank from the name
    index (`ocop.core.search.ranked_rows`); None when `q` has no word (no relevance)."""
    if not normalize_search(q):
        return None
    filters.pop("sort", None)
    return _ranked(product_search(on=on, with_category=with_category, sort=SORT_NAME, **filters), q)


def product_ids(*, on: date, q: str = "", sort: str = SORT_NAME, **filters):
    """The ids of `product_search(...)` in its order, for a list page."""
    if sort == SORT_RELEVANCE and normalize_search(q):
        return _ranked(ids_only(product_search(on=on, sort=SORT_NAME, **filters)), q)
    return ids_only(product_search(on=on, q=q, sort=sort, **filters))


def product_cards(
    products: Iterable[Product], *, on: date, current: dict | None = None, photos: bool = True
) -> list[ProductCard]:
    """Cards for a page of products: certificates, today's units and photos in a fixed
    number of queries (photos must be prefetched, as `product_search` does; exports, which
    show no photo, pass photos=False and need no prefetch). `current`: today's units
    already looked up (`current_units_map`) for the products' communes."""
    products = list(products)
    certificates = sources.certificates_for_products([p.pk for p in products], on)
    if current is None:
        current = units_today([p.commune for p in products], on=on)
    return [
        ProductCard(
            product=p,
            certificates=certificates.get(p.pk, []),
            current_units=current.get(p.commune_id, []),
            photos=list(p.photos.all()) if photos else [],
        )
        for p in products
    ]


# The product page's reads, each compiled once per database (ocop.core.compiled): after the
# QR landing it is the most visited public page, and Django compiling its eight-table row
# cost more than PostgreSQL's answer. The row has no ORDER BY (one row by its key); its
# photos are read directly (for one product, prefetch_related's machinery cost three times
# the photo query itself).
_PRODUCT = CompiledQuery(
    lambda pk: _product_queryset(full=True).prefetch_related(None).filter(pk=pk).order_by()[:1], int
)
_PHOTOS = CompiledQuery(lambda product_id: ProductPhoto.objects.filter(product_id=product_id), int)
_SIBLINGS = CompiledQuery(
    lambda producer_id, pk: public_products()
    .filter(producer_id=producer_id)
    .exclude(pk=pk)
    .order_by("search_text", "pk")
    .values_list("pk", "name"),
    int,
    int,
)


def product_by_code(code: str, *, on: date) -> ProductCard | None:
    pk = parse_code(code, PRODUCT_PREFIX)
    if pk is None:
        return None
    product = _PRODUCT.first(pk)
    if product is None:
        return None
    # Today's units of the product's and of its producer's commune in one lookup.
    current = units_today([product.commune, product.producer.commune], on=on)
    card = product_cards([product], on=on, current=current, photos=False)[0]
    card.photos = _PHOTOS.all(pk)
    card.producer_current_units = current.get(product.producer.commune_id, [])
    return card


@dataclass
class ProductPage:
    card: ProductCard
    producer: PublicProducer
    where_to_buy: sources.WhereToBuy
    siblings: list[tuple[str, str]]  # (name, path) of the producer's other public products


def product_page(code: str, *, on: date) -> ProductPage | None:
    """Everything the public product page (and the API detail) shows."""
    card = product_by_code(code, on=on)
    if card is None:
        return None
    product = card.product
    producer = public_producer(product.producer, card.producer_current_units)
    siblings = [(name, product_path(pk)) for pk, name in _SIBLINGS.all(product.producer_id, product.pk)]
    # Most products are sold nowhere the register knows of: their page skips the three
    # where-to-buy queries (the few that are sold are listed once per data version).
    selling = public_cache.per_version("selling", lambda: sources.products_with_sales_points(today=on), on=on)
    if product.pk in selling:
        buy = sources.where_to_buy([product.pk], today=on)[product.pk]
    else:
        buy = sources.NOWHERE_TO_BUY
    return ProductPage(card=card, producer=producer, where_to_buy=buy, siblings=siblings)


# == Producers ===================================================================================


@dataclass(frozen=True)
class PublicProducer:
    """A producer as the public sees it. Built only by `public_producer`."""

    pk: int
    name: str
    producer_type: str
    producer_type_label: str
    address: str
    commune: AdministrativeUnit
    current_units: list[AdministrativeUnit]
    business_registration_number: str
    tax_code: str
    phone: str
    email: str
    latitude: float | None
    longitude: float | None
    is_sample: bool
    product_count: int | None = None

    @property
    def code(self) -> str:
        return producer_code(self.pk)

    @property
    def path(self) -> str:
        return producer_path(self.pk)

    @property
    def has_contact(self) -> bool:
        return bool(self.phone or self.email)

    @property
    def has_location(self) -> bool:
        return self.latitude is not None and self.longitude is not None


def _float(value: Decimal | None) -> float | None:
    return float(value) if value is not None else None


def public_producer(producer: Producer, current_units: list[AdministrativeUnit]) -> PublicProducer:
    """The one place that decides which of a producer's fields are public."""
    organisation = producer.producer_type in ORGANISATION_TYPES
    consent = producer.public_contact is True
    return PublicProducer(
        pk=producer.pk,
        name=producer.name,
        producer_type=producer.producer_type,
        producer_type_label=producer.get_producer_type_display(),
        address=producer.address,
        commune=producer.commune,
        current_units=current_units,
        business_registration_number=producer.business_registration_number if organisation else "",
        tax_code=producer.tax_code if organisation else "",
        phone=producer.phone if consent else "",
        email=producer.email if consent else "",
        latitude=_float(producer.latitude),
        longitude=_float(producer.longitude),
        is_sample=producer.is_sample,
        product_count=getattr(producer, "public_product_count", None),
    )


def public_producers() -> QuerySet[Producer]:
    return Producer.objects.filter(pk__in=public_products().values("producer_id"))


def producer_search(
    *, q: str = "", unit: AdministrativeUnit | None = None, producer_type: str = ""
) -> QuerySet[Producer]:
    queryset = within_unit(search_filter(public_producers(), q), "commune", unit)
    queryset = filter_given(queryset, producer_type=producer_type)
    return (
        queryset.select_related("commune", "commune__parent")
        .annotate(
            # A join to the certificates (read by their product index for the rows of the
            # page), not `IN (every certified product)`, which hashed the whole register.
            public_product_count=Count("products", filter=Q(products__certificates__isnull=False), distinct=True)
        )
        .order_by(sort_key(), "pk")
    )


def public_producer_rows(producers: Iterable[Producer], *, on: date) -> list[PublicProducer]:
    producers = list(producers)
    current = units_today([p.commune for p in producers], on=on)
    return [public_producer(p, current.get(p.commune_id, [])) for p in producers]


@dataclass
class ProducerPage:
    producer: PublicProducer
    product_ids: list[int]  # its public products, in the lists' order


def producer_page(code: str, *, on: date) -> ProducerPage | None:
    pk = parse_code(code, PRODUCER_PREFIX)
    if pk is None:
        return None
    producer = producer_search().filter(pk=pk).first()
    if producer is None:
        return None
    ids = list(ids_only(product_search(on=on, producer_id=pk)))
    return ProducerPage(producer=public_producer_rows([producer], on=on)[0], product_ids=ids)


# == Territory ===================================================================================


def current_commune_by_code(code: str, *, on: date) -> AdministrativeUnit | None:
    return (
        AdministrativeUnit.objects.filter(valid_on_q(on), level=UnitLevel.COMMUNE, code=code)
        .select_related("parent")
        .first()
    )


def successor_of_legacy_commune(code: str, *, on: date) -> AdministrativeUnit | None:
    """Today's commune for a commune code used only before a merger (first if split)."""
    legacy = AdministrativeUnit.objects.filter(level=UnitLevel.COMMUNE, code=code, valid_to__lt=on).first()
    if legacy is None:
        return None
    units = current_units_map([legacy.pk], on=on).get(legacy.pk, [])
    return units[0] if units else None


@dataclass
class CommunePage:
    unit: AdministrativeUnit
    predecessors: list[AdministrativeUnit]
    page_products: QuerySet[Product]
    producers: list[PublicProducer]


def commune_page(unit: AdministrativeUnit, *, on: date, sort: str = SORT_NAME) -> CommunePage:
    """Today's commune: its public products, including those registered under the units it
    was formed from (UnitCoverage), and its producers."""
    producers = producer_search(unit=unit)
    return CommunePage(
        unit=unit,
        predecessors=[link.predecessor for link in unit_predecessor_links(unit)],
        page_products=product_search(on=on, unit=unit, sort=sort),
        producers=public_producer_rows(producers, on=on),
    )


def province_choices(*, on: date) -> list[AdministrativeUnit]:
    """Today's provinces (34 since 1/7/2025) for the public filter: a short select instead of
    every unit of the country; communes are typed (`communes_named`). One query."""
    return list(
        AdministrativeUnit.objects.filter(valid_on_q(on), level=UnitLevel.PROVINCE).order_by("search_text", "pk")
    )


# More communes than this matching a typed name: ask for more letters (or a province).
MAX_TYPED_COMMUNES = 30


def communes_named(text: str, *, on: date, province: AdministrativeUnit | None = None) -> list[AdministrativeUnit]:
    """Communes (today's first, then those before 1/7/2025) whose name matches what a
    visitor typed, ignoring diacritics and case: today's communes of exactly that name
    ("Xã Đăk Kôi", "dak koi"), else older communes of that name, else every commune
    containing the words. Within `province` (its
    communes of today and the older communes it covers) when one is chosen."""
    words = normalize_search(text)
    if not words:
        return []
    candidates = search_filter(AdministrativeUnit.objects.filter(level=UnitLevel.COMMUNE), words).select_related("parent")
    if province is not None:
        candidates = candidates.filter(pk__in=covered_unit_ids([province.pk]))
    found = list(
        candidates.annotate(
            current_rank=Case(When(valid_on_q(on), then=Value(0)), default=Value(1), output_field=IntegerField())
        ).order_by("current_rank", "search_text", "pk")[: MAX_TYPED_COMMUNES + 1]
    )
    exact = [u for u in found if words in (normalize_search(u.name), _bare_name(u.name))]
    # Today's commune of that name already covers the older communes merged into it.
    current = [u for u in exact if u.current_rank == 0]
    return current or exact or found


def _bare_name(name: str) -> str:
    """"Xã Đăk Kôi" → "dak koi": the name without its kind, as people type it."""
    bare = normalize_search(name)
    for prefix in ("thi tran ", "dac khu ", "phuong ", "xa "):
        if bare.startswith(prefix):
            return bare[len(prefix):]
    return bare


def communes_with_products(*, on: date) -> list[AdministrativeUnit]:
    """Today's communes covering at least one public product (sitemap, commune index)."""
    communes = public_products().values("commune_id")
    return list(
        AdministrativeUnit.objects.filter(valid_on_q(on), level=UnitLevel.COMMUNE, coverage__covered_id__in=communes)
        .distinct()
        .select_related("parent")
        .order_by("search_text", "pk")
    )


def unit_by_id(value) -> AdministrativeUnit | None:
    text = str(value or "").strip()
    if not text.isdigit():
        return None
    return AdministrativeUnit.objects.select_related("parent").filter(pk=int(text)).first()


def category_by_code(value) -> ProductCategory | None:
    text = str(value or "").strip()
    if not text:
        return None
    return ProductCategory.objects.filter(code=text).first()


def category_choices() -> list[ProductCategory]:
    """Sectors and groups for the filter (subgroups are reached through their group)."""
    return list(ProductCategory.objects.exclude(level="subgroup").select_related("parent").order_by("position"))


# == QR labels (staff) ==========================================================================


def label_products(*, actor, q: str = "", ids: Iterable[int] | None = None) -> QuerySet[Product]:
    """Public products the actor may see in the registry (their scope), for label sheets:
    a label for a product without a public page would be a QR code leading nowhere."""
    queryset = search_filter(product_visible_queryset(actor=actor).filter(pk__in=sources.certified_product_ids()), q)
    if ids is not None:
        queryset = queryset.filter(pk__in=list(ids))
    return (
        queryset.annotate(current_stars=sources.in_force_stars(today()))
        .select_related("producer", "commune")
        .order_by("search_text", "pk")
    )
