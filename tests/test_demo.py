"""The whole sample scenario, every app's demo steps together (ocop/core/demo.py)."""

import pytest

from ocop.accounts.models import RoleAssignment, User
from ocop.core.demo import load_demo
from ocop.producers.models import Producer
from ocop.products.models import Product


def counts():
    return (
        User.objects.count(),
        RoleAssignment.objects.count(),
        Producer.objects.count(),
        Product.objects.count(),
    )


@pytest.mark.django_db
def test_it_loads_the_kon_ray_scenario_idempotently():
    load_demo()
    first = counts()
    load_demo()
    assert counts() == first
    users, roles, producers, products = first
    assert users == 13 and roles == 13
    assert producers == 20 and products == 40
    assert Producer.objects.filter(is_sample=False).count() == 0


@pytest.mark.django_db
def test_it_spreads_the_demo_over_the_seven_former_units():
    load_demo()
    legacy_codes = set(
        Producer.objects.filter(commune__valid_to__isnull=False).values_list("commune__code", flat=True)
    )
    assert legacy_codes == {"23479", "23482", "23485", "23488", "23491", "23494", "23497"}


@pytest.mark.django_db
def test_migrations_alone_create_no_accounts_and_no_sample_data():
    assert User.objects.count() == 0
    assert Producer.objects.count() == 0


@pytest.mark.django_db
def test_the_demo_is_sample_data_and_loads_twice_without_duplicates(demo):
    from ocop.ideas.models import BusinessPlan, Idea
    from ocop.promotion.models import CommunicationActivity, EcommerceListing, TradeEvent

    def counted():
        return [m.objects.count() for m in (Idea, BusinessPlan, TradeEvent, EcommerceListing, CommunicationActivity)]

    first = counted()
    load_demo()
    assert counted() == first
    assert not Idea.objects.filter(is_sample=False).exists()
    assert Idea.objects.filter(year=2026, commune__valid_to__isnull=True).count() == 3
