"""Rounds (QĐ 26/2026 Điều 5): legal cut-offs from the data, the suggested round, lists
with counts per state, and no query per row."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ocop.evaluation import selectors, services
from ocop.evaluation.models import (
    Dossier,
    DossierKind,
    DossierState,
    EvaluationLevel,
    EvaluationRound,
)
from ocop.evaluation.tests.builders import current_dakkoi, make_product, put_in_state
from ocop.products.models import Product, ProductCategory
from ocop.territory.models import AdministrativeUnit, UnitLevel


def _province():
    return AdministrativeUnit.objects.get(level=UnitLevel.PROVINCE, code="51", valid_to__isnull=True)


@pytest.mark.django_db
def test_it_takes_the_legal_cut_offs_of_regular_rounds_from_the_regime_data():
    first = services.round_create(actor=None, level=EvaluationLevel.PROVINCE, unit=_province(), year=2028, number=1)
    second = services.round_create(actor=None, level=EvaluationLevel.PROVINCE, unit=_province(), year=2028, number=2)
    assert (first.proposed_before, first.held_before) == (date(2028, 4, 30), date(2028, 6, 30))
    assert (second.proposed_before, second.held_before) == (date(2028, 10, 30), date(2028, 12, 30))
    assert first.regime_key == "qd26-2026"
    extra = services.round_create(
        actor=None, level=EvaluationLevel.PROVINCE, unit=_province(), year=2028, number=3, is_extra=True,
        held_before=date(2028, 9, 15),
    )
    assert extra.proposed_before is None and extra.held_before == date(2028, 9, 15)
    assert "bổ sung" in extra.name
    ministry = services.round_create(actor=None, level=EvaluationLevel.MINISTRY, unit=None, year=2028, number=1)
    assert (ministry.proposed_before, ministry.held_before) == (date(2028, 7, 30), date(2028, 9, 30))


@pytest.mark.django_db
def test_it_refuses_a_district_round_after_the_district_level_was_abolished():
    district = AdministrativeUnit.objects.get(level=UnitLevel.DISTRICT, code="614")
    with pytest.raises(Exception) as error:
        services.round_create(
            actor=None, level=EvaluationLevel.DISTRICT, unit=district, year=2026, number=1, regime_key="qd26-2026"
        )
    assert "không còn cấp huyện" in str(error.value)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "proposed_on, expected",
    [
        (date(2027, 4, 29), (2027, 1)),  # before 30/4 → round 1, held before 30/6
        (date(2027, 4, 30), (2027, 2)),  # "trước ngày 30/4" is strict → round 2
        (date(2027, 10, 29), (2027, 2)),
        (date(2027, 10, 30), (2028, 1)),  # too late for the year: next year's round 1
    ],
)
def test_it_suggests_the_round_from_the_date_the_commune_proposed(proposed_on, expected):
    for year in (2027, 2028):
        for number in (1, 2):
            services.round_create(actor=None, level=EvaluationLevel.PROVINCE, unit=_province(), year=year, number=number)
    product = make_product(commune=current_dakkoi())
    dossier = services.dossier_create(actor=None, product=product, kind=DossierKind.FIRST, filed_on=date(2027, 1, 5))
    dossier = put_in_state(dossier, DossierState.PROVINCE_CHECKING, forwarded_on=proposed_on)
    suggested = selectors.suggested_round(dossier=dossier)
    assert (suggested.year, suggested.number) == expected


def _fill_round(round_obj, count: int) -> None:
    """`count` accepted dossiers in the round (bulk: setup only)."""
    commune = current_dakkoi()
    producer = make_product(commune=commune).producer
    category = ProductCategory.objects.get(criteria_set=13)
    products = Product.objects.bulk_create(
        [Product(name=f"Sản phẩm số {i}", producer=producer, commune=commune, category=category) for i in range(count)]
    )
    Dossier.objects.bulk_create(
        [
            Dossier(
                product=product, producer=producer, commune=commune, province=commune.parent,
                kind=DossierKind.FIRST, regime_key="qd26-2026", filed_on=date(2026, 9, 1),
                state=DossierState.ACCEPTED if i % 4 else DossierState.IN_EVALUATION,
                representative_name="Y Hiền", contact_address="Thôn 1", round=round_obj,
                product_code=f"51-23485-{i + 1:02d}-2027",
            )
            for i, product in enumerate(products)
        ]
    )


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.django_db
def test_the_round_pages_run_the_same_queries_for_200_dossiers_as_for_5(client_for, settings):
    settings.PAGE_SIZE = 500  # every row on one page
    client = client_for("tinh")
    small = services.round_create(actor=None, level=EvaluationLevel.PROVINCE, unit=_province(), year=2030, number=1)
    large = services.round_create(actor=None, level=EvaluationLevel.PROVINCE, unit=_province(), year=2030, number=2)
    _fill_round(small, 5)
    _fill_round(large, 200)
    small_detail = _queries(client, reverse("evaluation:round_detail", args=[small.pk]))
    large_detail = _queries(client, reverse("evaluation:round_detail", args=[large.pk]))
    assert small_detail == large_detail
    response = client.get(reverse("evaluation:round_detail", args=[large.pk]))
    assert len(response.context["rows"]) == 200
    counts = dict((state, n) for state, _label, n in response.context["counts"])
    assert counts == {DossierState.ACCEPTED: 150, DossierState.IN_EVALUATION: 50}
    # The list of rounds counts per state in the same single query whatever the numbers.
    listed = {r.pk: r for r in selectors.round_list(actor=_tinh(), year=2030)}
    assert listed[large.pk].dossier_count == 200 and listed[large.pk].count_accepted == 150
    assert listed[small.pk].dossier_count == 5


def _tinh():
    from ocop.accounts.models import User

    return User.objects.get(username="tinh")


@pytest.mark.django_db
def test_the_dossier_list_runs_the_same_queries_for_many_rows(client_for, settings):
    settings.PAGE_SIZE = 500
    client = client_for("tinh")
    round_obj = services.round_create(actor=None, level=EvaluationLevel.PROVINCE, unit=_province(), year=2030, number=1)
    url = reverse("evaluation:list") + "?nam=2026"
    _fill_round(round_obj, 5)
    few = _queries(client, url)
    _fill_round(round_obj, 195)
    many = _queries(client, url)
    assert few == many
    assert _queries(client, reverse("evaluation:todo")) == _queries(client, reverse("evaluation:todo"))


@pytest.mark.django_db
def test_round_counts_show_only_what_the_reader_may_see(users, demo):
    current = Dossier.objects.get(product__name="Cà phê hạt rang Đắk Tơ Lung").round
    for_commune = {r.pk: r for r in selectors.round_list(actor=users["xa.konbraih"])}
    for_province = {r.pk: r for r in selectors.round_list(actor=users["tinh"])}
    assert for_province[current.pk].dossier_count == 1
    assert for_commune[current.pk].dossier_count == 0  # the accepted dossier is Đăk Kôi's
    assert EvaluationRound.objects.filter(level="district", year=2024, status="closed").exists()
