"""List pages cost the same number of queries for few and many rows; pages show money and
dates the Vietnamese way."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ocop.business_plans import services as plan_services
from ocop.ideas import services
from ocop.ideas.models import IdeaListChange, IdeaListDecision
from ocop.products.models import Product, ProductCategory
from ocop.support import services as support_services
from ocop.territory.models import AdministrativeUnit, UnitLevel
from tests.factories import ProducerFactory, ProductFactory, legacy_commune


def queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def same_queries(client, url, make, few=3, many=30):
    for n in range(few):
        make(n)
    client.get(url)  # reads what pages keep between requests (the unit filter's options)
    first = queries(client, url)
    for n in range(few, many):
        make(n)
    assert queries(client, url) == first


def _producer(n):
    # Alternate today's and former communes so rows need both kinds of unit lookups.
    return ProducerFactory(commune=legacy_commune("23482")) if n % 2 else ProducerFactory()


@pytest.fixture
def tinh(client_for, settings):
    settings.PAGE_SIZE = 200
    return client_for("tinh")


@pytest.mark.django_db
def test_the_idea_list_costs_the_same_for_3_and_30_ideas(tinh):
    category = ProductCategory.objects.get(criteria_set=13)

    def make(n):
        producer = _producer(n)
        services.idea_create(
            actor=None, name=f"Ý tưởng đo truy vấn {n}", producer=producer, category=category, year=2026,
            product=ProductFactory(producer=producer) if n % 3 == 0 else None,
        )

    same_queries(tinh, reverse("ideas:list") + "?q=do+truy+van", make)


@pytest.mark.django_db
def test_the_plan_list_costs_the_same_for_3_and_30_plans(tinh):
    def make(n):
        product = ProductFactory(producer=_producer(n))
        plan_services.plan_create(
            actor=None, title=f"Phương án đo truy vấn {n}", producer=product.producer, product=product,
            market="Trong tỉnh.", investments=[("Máy", 1_000_000), ("Nhà xưởng", 2_000_000)],
            years=[(2026, 10, 5)],
        )

    same_queries(tinh, reverse("business_plans:list") + "?q=do+truy+van", make)


@pytest.mark.django_db
def test_the_support_list_costs_the_same_for_3_and_30_rows(tinh):
    province = AdministrativeUnit.objects.get(level=UnitLevel.PROVINCE, code="51", valid_to__isnull=True)

    def make(n):
        product = ProductFactory(producer=_producer(n))
        support_services.support_create(
            actor=None, producer=product.producer, product=product, support_type="dao_tao", content="Tập huấn.",
            provided_on=date(2026, 3, 1), budget_unit=province, status="ke_hoach",
            fundings=[("doi_ung", 1_000_000), ("khac", 500_000)],
        )

    same_queries(tinh, reverse("support:support_list") + "?q=thu+nghiem", make)


@pytest.mark.django_db
def test_the_budget_page_costs_the_same_for_3_and_30_allocations(tinh):
    communes = list(
        AdministrativeUnit.objects.filter(level=UnitLevel.COMMUNE, parent__code="51", valid_to__isnull=True).order_by("pk")[:30]
    )

    def make(n):
        support_services.allocation_set(actor=None, unit=communes[n], year=2027, source="ngan_sach_xa", amount=10_000_000 + n)

    same_queries(tinh, reverse("support:allocation_list") + "?nam=2027", make)


@pytest.mark.django_db
def test_the_decision_list_and_a_decisions_list_cost_the_same_for_few_and_many(tinh, make_idea):
    ideas = [make_idea(f"Ý tưởng danh sách {n}", "producer1" if n % 2 else "producer2") for n in range(30)]
    province = AdministrativeUnit.objects.get(level=UnitLevel.PROVINCE, code="51", valid_to__isnull=True)
    approval = services.idea_list_approve(
        actor=None, issuing_unit=province, year=2026, number="1/QĐ-UBND", signed_on=date(2026, 3, 1),
        issuer_name="UBND tỉnh", signer_name="A", ideas=ideas[:3],
    )
    detail = reverse("ideas:decision_detail", args=[approval.pk])
    few = queries(tinh, detail)
    amendment = services.idea_list_amend(
        actor=None, base=approval, number="2/QĐ-UBND", signed_on=date(2026, 6, 1), issuer_name="UBND tỉnh",
        signer_name="A", add=ideas[3:],
    )
    assert queries(tinh, reverse("ideas:decision_detail", args=[amendment.pk])) == few

    def make(n):
        decision = IdeaListDecision.objects.create(
            issuing_unit=province, year=2030 + n, kind="phe_duyet", number=f"{n}/QĐ-UBND", signed_on=date(2030 + n, 3, 1),
            issuer_name="UBND tỉnh", signer_name="A",
        )
        IdeaListChange.objects.create(decision=decision, idea=ideas[n], action="them")

    same_queries(tinh, reverse("ideas:decision_list"), make)


@pytest.mark.django_db
def test_the_survey_and_focus_lists_cost_the_same_for_few_and_many(tinh, province):
    def make_survey(n):
        support_services.survey_create(
            actor=None, product=ProductFactory(producer=_producer(n)), surveyed_on=date(2026, 2, 1),
            surveyor="Văn phòng OCOP tỉnh", strengths="Nguyên liệu tốt.",
        )

    same_queries(tinh, reverse("support:survey_list") + "?q=thu+nghiem", make_survey)

    def make_focus(n):
        support_services.focus_selection_create(actor=None, issuing_unit=province, year=2040 + n)

    same_queries(tinh, reverse("support:focus_list"), make_focus)


@pytest.mark.django_db
def test_money_is_shown_with_dots_and_the_dong_sign(client_for, demo):
    html = client_for("tinh").get(reverse("support:allocation_list"), {"nam": 2024}).content.decode()
    assert "300.000.000 đ" in html and "205.000.000 đ" in html
    plan_html = client_for("chuthe1").get(reverse("business_plans:list")).content.decode()
    assert "225.000.000 đ" in plan_html  # 180.000.000 + 45.000.000 invested in the coffee plan
    assert Product.objects.filter(name="Cà phê bột Robusta Đăk Kôi").exists()
