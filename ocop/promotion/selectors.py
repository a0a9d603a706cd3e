"""Reads of trade promotion and communication records, filtered by who asks.

The functions under "For other apps" are the interface of the public catalogue (where to buy
a product; public fields only, no actor) and of the planning dashboards (grouped in the
database, no query per row). See docs/ideas-and-promotion.md.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Prefetch, Q, QuerySet, Sum
from django.db.models.functions import Coalesce, ExtractYear
from django.utils import timezone

from ocop.accounts.scopes import covered_unit_ids, unit_filter, user_scope
from ocop.core.records import scoped_get
from ocop.core.search import search_filter
from ocop.ideas.selectors import overlap_condition
from ocop.promotion.models import (
    CommunicationActivity,
    CommunicationType,
    Consultant,
    ConsultantEngagement,
    EcommerceListing,
    EcommercePlatform,
    EventLevel,
    EventParticipation,
    Showroom,
    TradeEvent,
)


def _apply(queryset: QuerySet, condition: Q | None) -> QuerySet:
    return queryset if condition is None else queryset.filter(condition)


def _within(queryset: QuerySet, unit_field: str, unit) -> QuerySet:
    if unit is None:
        return queryset
    return queryset.filter(**{f"{unit_field}__in": covered_unit_ids([unit.pk])})


# -- events ------------------------------------------------------------------------------------


def event_visible_queryset(*, actor) -> QuerySet[TradeEvent]:
    scope = user_scope(actor)
    condition = overlap_condition(scope, "unit")
    if condition is not None and scope.producer_ids:
        condition |= Q(
            pk__in=EventParticipation.objects.filter(producer_id__in=list(scope.producer_ids)).values("event_id")
        )
    return _apply(TradeEvent.objects.all(), condition)


def event_list(*, actor, q: str = "", unit=None, year: int | None = None, level: str = "") -> QuerySet[TradeEvent]:
    queryset = event_visible_queryset(actor=actor)
    queryset = search_filter(queryset, q)
    queryset = _within(queryset, "unit", unit)
    if year:
        queryset = queryset.filter(starts_on__year=year)
    if level:
        queryset = queryset.filter(level=level)
    return (
        queryset.select_related("unit")
        .annotate(
            participant_count=Count("participations", distinct=True),
            sales_total=Coalesce(Sum("participations__sales"), 0),
            contracts_total=Coalesce(Sum("participations__contracts_value"), 0),
        )
        .order_by("-starts_on", "-id")
    )


def event_get(*, actor, pk: int) -> TradeEvent | None:
    return event_visible_queryset(actor=actor).select_related("unit", "created_by").filter(pk=pk).first()


def event_participations(event: TradeEvent) -> list[EventParticipation]:
    return list(
        event.participations.select_related("producer").prefetch_related("products").order_by("producer__name", "id")
    )


# -- showrooms, listings -----------------------------------------------------------------------


def showroom_visible_queryset(*, actor) -> QuerySet[Showroom]:
    scope = user_scope(actor)
    condition = overlap_condition(scope, "commune")
    if condition is not None and scope.producer_ids:
        condition |= Q(
            pk__in=Showroom.products.through.objects.filter(
                product__producer_id__in=list(scope.producer_ids)
            ).values("showroom_id")
        )
    return _apply(Showroom.objects.all(), condition)


def showroom_list(*, actor, q: str = "", unit=None) -> QuerySet[Showroom]:
    queryset = showroom_visible_queryset(actor=actor)
    queryset = search_filter(queryset, q)
    return (
        _within(queryset, "commune", unit)
        .select_related("commune", "commune__parent")
        .annotate(product_count=Count("products"))
        .order_by("-is_active", "name", "id")
    )


def showroom_get(*, actor, pk: int) -> Showroom | None:
    return scoped_get(
        showroom_visible_queryset(actor=actor).prefetch_related(Prefetch("products", to_attr="displayed")), pk,
        "commune", "commune__parent",
    )


def listing_visible_queryset(*, actor) -> QuerySet[EcommerceListing]:
    return _apply(
        EcommerceListing.objects.all(), unit_filter(user_scope(actor), "product__commune", "product__producer_id")
    )


def listing_list(*, actor, q: str = "", unit=None, platform: str = "") -> QuerySet[EcommerceListing]:
    queryset = listing_visible_queryset(actor=actor)
    queryset = search_filter(queryset, q, "product__search_text")
    if platform:
        queryset = queryset.filter(platform=platform)
    return (
        _within(queryset, "product__commune", unit)
        .select_related("product", "product__producer")
        .order_by("product__name", "platform", "id")
    )


def listing_get(*, actor, pk: int) -> EcommerceListing | None:
    return listing_visible_queryset(actor=actor).select_related("product", "product__producer").filter(pk=pk).first()


# -- consultants -------------------------------------------------------------------------------


def consultant_visible_queryset(*, actor) -> QuerySet[Consultant]:
    """The directory is open to everyone with a role: producers look for consultants."""
    scope = user_scope(actor)
    if scope.is_admin or scope.roles:
        return Consultant.objects.all()
    return Consultant.objects.none()


def consultant_list(*, actor, q: str = "", field: str = "") -> QuerySet[Consultant]:
    queryset = consultant_visible_queryset(actor=actor)
    queryset = search_filter(queryset, q)
    if field:
        queryset = queryset.filter(expertise__field=field)
    return (
        queryset.select_related("unit")
        .prefetch_related("expertise")
        .annotate(engagement_count=Count("engagements", distinct=True))
        .order_by("-is_active", "name", "id")
    )


def consultant_get(*, actor, pk: int) -> Consultant | None:
    return scoped_get(consultant_visible_queryset(actor=actor).prefetch_related("expertise"), pk, "unit")


def engagement_visible_queryset(*, actor) -> QuerySet[ConsultantEngagement]:
    return _apply(
        ConsultantEngagement.objects.all(), unit_filter(user_scope(actor), "producer__commune", "producer_id")
    )


def consultant_engagements(*, actor, consultant: Consultant) -> list[ConsultantEngagement]:
    return list(
        engagement_visible_queryset(actor=actor)
        .filter(consultant=consultant)
        .select_related("producer", "product")
        .order_by("-started_on", "-id")
    )


# -- communication -----------------------------------------------------------------------------


def communication_visible_queryset(*, actor) -> QuerySet[CommunicationActivity]:
    return _apply(CommunicationActivity.objects.all(), overlap_condition(user_scope(actor), "unit"))


def communication_list(
    *, actor, q: str = "", unit=None, year: int | None = None, activity_type: str = ""
) -> QuerySet[CommunicationActivity]:
    queryset = communication_visible_queryset(actor=actor)
    queryset = search_filter(queryset, q)
    if year:
        queryset = queryset.filter(held_on__year=year)
    if activity_type:
        queryset = queryset.filter(activity_type=activity_type)
    return (
        _within(queryset, "unit", unit)
        .select_related("unit", "agency")
        .annotate(attachment_count=Count("attachments"))
        .order_by("-held_on", "-id")
    )


def communication_get(*, actor, pk: int) -> CommunicationActivity | None:
    return scoped_get(
        communication_visible_queryset(actor=actor).prefetch_related("attachments"), pk, "unit", "agency",
        "created_by",
    )


# == For other apps =============================================================================


@dataclass(frozen=True)
class Shop:
    name: str
    address: str
    commune: str
    phone: str
    latitude: float | None
    longitude: float | None


@dataclass(frozen=True)
class OnlineListing:
    platform: str
    platform_label: str
    url: str


@dataclass(frozen=True)
class Fair:
    name: str
    starts_on: date
    ends_on: date
    place: str
    level_label: str


@dataclass(frozen=True)
class WhereToBuy:
    shops: tuple[Shop, ...] = ()
    listings: tuple[OnlineListing, ...] = ()
    fairs: tuple[Fair, ...] = ()  # not yet over

    @property
    def is_empty(self) -> bool:
        return not (self.shops or self.listings or self.fairs)


def _public_showroom(showroom: Showroom) -> Shop:
    return Shop(
        name=showroom.name,
        address=showroom.address,
        commune=showroom.commune.name,
        phone=showroom.phone,
        latitude=float(showroom.latitude) if showroom.latitude is not None else None,
        longitude=float(showroom.longitude) if showroom.longitude is not None else None,
    )


def _public_event(event: TradeEvent) -> Fair:
    return Fair(event.name, event.starts_on, event.ends_on, event.place, event.get_level_display())


def where_to_buy(product_ids: Iterable[int], *, today: date | None = None) -> dict[int, WhereToBuy]:
    """For each product: active showrooms displaying it, active e-commerce listings, and fairs
    not yet over where it is shown. Public fields only (no notes, no sales, no producer
    contacts); no reader filter: the catalogue shows published products to anyone. Three
    queries whatever the number of products."""
    ids = list(dict.fromkeys(product_ids))
    day = today or timezone.localdate()
    showrooms: dict[int, list[Shop]] = {pk: [] for pk in ids}
    links = Showroom.products.through.objects.filter(product_id__in=ids, showroom__is_active=True).select_related(
        "showroom__commune"
    ).order_by("showroom__name", "showroom_id")
    for link in links:
        showrooms[link.product_id].append(_public_showroom(link.showroom))
    listings: dict[int, list[OnlineListing]] = {pk: [] for pk in ids}
    labels = dict(EcommercePlatform.choices)
    for listing in EcommerceListing.objects.filter(product_id__in=ids, is_active=True).order_by("platform", "id"):
        listings[listing.product_id].append(OnlineListing(listing.platform, labels[listing.platform], listing.url))
    events: dict[int, list[Fair]] = {pk: [] for pk in ids}
    shown = (
        EventParticipation.products.through.objects.filter(
            product_id__in=ids, eventparticipation__event__ends_on__gte=day
        )
        .select_related("eventparticipation__event")
        .order_by("eventparticipation__event__starts_on", "eventparticipation__event_id")
    )
    seen: set[tuple[int, int]] = set()
    for link in shown:
        event = link.eventparticipation.event
        if (link.product_id, event.pk) not in seen:
            seen.add((link.product_id, event.pk))
            events[link.product_id].append(_public_event(event))
    return {
        pk: WhereToBuy(tuple(showrooms[pk]), tuple(listings[pk]), tuple(events[pk])) for pk in ids
    }


def products_with_sales_points(*, today: date | None = None) -> frozenset[int]:
    """Ids of the products `where_to_buy` has anything for (an active showroom, an active
    listing, a fair not yet over): the few of the register, so that a product page of the
    many others needs none of its three queries. One query."""
    day = today or timezone.localdate()
    showrooms = Showroom.products.through.objects.filter(showroom__is_active=True)
    listings = EcommerceListing.objects.filter(is_active=True)
    fairs = EventParticipation.products.through.objects.filter(eventparticipation__event__ends_on__gte=day)
    parts = [queryset.order_by().values_list("product_id", flat=True) for queryset in (showrooms, listings, fairs)]
    return frozenset(parts[0].union(*parts[1:]))


def upcoming_events(*, today: date | None = None, limit: int = 20) -> list[Fair]:
    """Fairs and exhibitions not yet over, soonest first (public fields only)."""
    day = today or timezone.localdate()
    events = TradeEvent.objects.filter(ends_on__gte=day).order_by("starts_on", "id")[:limit]
    return [_public_event(event) for event in events]


def active_showrooms(*, unit=None) -> list[Shop]:
    """Every active OCOP sales point (for a public map), optionally under a unit."""
    queryset = _within(Showroom.objects.filter(is_active=True), "commune", unit).select_related("commune")
    return [_public_showroom(showroom) for showroom in queryset.order_by("name", "id")]


@dataclass(frozen=True)
class EventTotalRow:
    year: int
    level: str
    level_label: str
    events: int
    participants: int
    sales: int
    contracts_count: int
    contracts_value: int


def event_totals_by_year(*, actor, unit=None, years: Iterable[int] | None = None) -> list[EventTotalRow]:
    """Events, participating producers, sales and contracts per year (of the start date) and
    organiser level. Two grouped queries."""
    events = _within(event_visible_queryset(actor=actor), "unit", unit)
    if years is not None:
        events = events.filter(starts_on__year__in=list(years))
    counts = {
        (row["y"], row["level"]): row["n"]
        for row in events.annotate(y=ExtractYear("starts_on")).values("y", "level").annotate(n=Count("id"))
    }
    sums = {
        (row["y"], row["event__level"]): row
        for row in EventParticipation.objects.filter(event__in=events.values("pk"))
        .annotate(y=ExtractYear("event__starts_on"))
        .values("y", "event__level")
        .annotate(
            participants=Count("producer", distinct=True),
            sales=Sum("sales"),
            contracts_count=Sum("contracts_count"),
            contracts_value=Sum("contracts_value"),
        )
    }
    labels = dict(EventLevel.choices)
    rows = []
    for (year, level), count in sorted(counts.items()):
        found = sums.get((year, level), {})
        rows.append(
            EventTotalRow(
                year, level, labels.get(level, level), count, found.get("participants", 0) or 0,
                found.get("sales", 0) or 0, found.get("contracts_count", 0) or 0, found.get("contracts_value", 0) or 0,
            )
        )
    return rows


@dataclass(frozen=True)
class CommunicationCountRow:
    year: int
    activity_type: str
    type_label: str
    activities: int
    reach: int


def communication_counts_by_type_year(
    *, actor, unit=None, years: Iterable[int] | None = None
) -> list[CommunicationCountRow]:
    """Communication activities and their reach per year and type (one grouped query)."""
    queryset = _within(communication_visible_queryset(actor=actor), "unit", unit)
    if years is not None:
        queryset = queryset.filter(held_on__year__in=list(years))
    labels = dict(CommunicationType.choices)
    rows = (
        queryset.annotate(y=ExtractYear("held_on"))
        .values("y", "activity_type")
        .annotate(n=Count("id"), reach=Coalesce(Sum("reach"), 0))
        .order_by("y", "activity_type")
    )
    return [
        CommunicationCountRow(row["y"], row["activity_type"], labels.get(row["activity_type"], ""), row["n"], row["reach"])
        for row in rows
    ]
