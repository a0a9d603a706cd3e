"""Promotion list pages cost the same number of queries for few and many rows."""

from datetime import date

import pytest
from django.urls import reverse

from ocop.core.tests.helpers import assert_same_queries
from ocop.promotion import services
from ocop.territory.models import AdministrativeUnit, UnitLevel
from tests.factories import ProducerFactory, ProductFactory, current_commune, legacy_commune


def same_queries(client, url, make, few=3, many=30):
    assert_same_queries(
        client, url, lambda: [make(n) for n in range(few)], lambda: [make(n) for n in range(few, many)]
    )


@pytest.fixture
def tinh(client_for, settings):
    settings.PAGE_SIZE = 200
    return client_for("tinh")


@pytest.fixture
def province(db):
    return AdministrativeUnit.objects.get(level=UnitLevel.PROVINCE, code="51", valid_to__isnull=True)


@pytest.mark.django_db
def test_the_event_list_costs_the_same_for_3_and_30_events(tinh, province):
    def make(n):
        event = services.event_create(
            actor=None, name=f"Phiên chợ đo truy vấn {n}", level="tinh", starts_on=date(2026, 1, 1 + n % 28),
            ends_on=date(2026, 1, 1 + n % 28), place="Quảng Ngãi", unit=province,
        )
        for _ in range(2):
            product = ProductFactory()
            services.participation_save(
                actor=None, event=event, producer=product.producer, products=[product], sales=1_000_000,
                contracts_count=1, contracts_value=2_000_000,
            )

    same_queries(tinh, reverse("promotion:event_list") + "?q=do+truy+van", make)


@pytest.mark.django_db
def test_the_showroom_and_listing_lists_cost_the_same_for_3_and_30_rows(tinh):
    def make_showroom(n):
        commune = current_commune("23479") if n % 2 else legacy_commune("23491")
        services.showroom_create(
            actor=None, name=f"Điểm bán đo truy vấn {n}", address="Thôn 1", commune=commune,
            products=[ProductFactory(), ProductFactory()],
        )

    same_queries(tinh, reverse("promotion:showroom_list") + "?q=do+truy+van", make_showroom)

    def make_listing(n):
        product = ProductFactory(producer=ProducerFactory(commune=legacy_commune("23482")) if n % 2 else ProducerFactory())
        services.listing_create(actor=None, product=product, platform="shopee", url=f"https://shopee.vn/shop-{n}")

    same_queries(tinh, reverse("promotion:listing_list") + "?q=thu+nghiem", make_listing)


@pytest.mark.django_db
def test_the_consultant_and_communication_lists_cost_the_same_for_3_and_30_rows(tinh, province):
    def make_consultant(n):
        consultant = services.consultant_create(
            actor=None, name=f"Chuyên gia đo truy vấn {n}", unit=province, fields_of_expertise=["bao_bi", "tieu_chuan"],
        )
        services.engagement_create(
            actor=None, consultant=consultant, producer=ProducerFactory(), field="bao_bi", started_on=date(2026, 1, 1),
            content="Tư vấn.",
        )

    same_queries(tinh, reverse("promotion:consultant_list") + "?q=do+truy+van", make_consultant)

    def make_activity(n):
        services.communication_create(
            actor=None, title=f"Tuyên truyền đo truy vấn {n}", activity_type="website", held_on=date(2026, 2, 1),
            unit=province, organiser="Văn phòng OCOP tỉnh", reach=100 + n,
        )

    same_queries(tinh, reverse("promotion:communication_list") + "?q=do+truy+van", make_activity)
