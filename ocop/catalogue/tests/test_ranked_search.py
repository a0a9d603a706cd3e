"""A search ordered by relevance is read rank by rank from the name index
(`ocop.core.search.ranked_rows`): the same rows in the same order as one query ordered by
the relevance CASE, on every page and through the API's cursor, with a fixed number of
queries per page."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ocop.catalogue import selectors
from ocop.catalogue.tests.helpers import issue_certificate
from ocop.core.search import (
    RANKS,
    bytewise_collation,
    custom_plans,
    rank_tiers,
    relevance,
    search_filter,
)
from ocop.products.models import Product
from tests.factories import ProducerFactory, ProductFactory

pytestmark = pytest.mark.django_db

# For "ca phe": rank 0 (starts with it), 1 (the phrase inside), 2 (both words start a
# word, apart), 3 (a word inside another); and rows that do not match at all.
NAMES = [
    "Cà phê bột", "Cà phê hạt rang", "Cà phê phin", "Bột cà phê rang", "Mật ong hoa cà phê",
    "Cá kho phê la", "Phê la cá", "Mocca phê", "Bánh cacao phê", "Chè xanh", "Gạo tám", "Cà phê bột",
]
QUERIES = ["ca phe", "ca", "phe", "bot", "ca phe bot", "che", "khong co"]


@pytest.fixture
def products():
    producer = ProducerFactory(name="Hộ kinh doanh Lâm")
    made = [ProductFactory(name=name, producer=producer, commune=producer.commune) for name in NAMES]
    for index, product in enumerate(made):
        issue_certificate(product, stars=3 + index % 3, expires_in_days=400 + index)
    ProductFactory(name="Cà phê chưa công nhận", producer=producer, commune=producer.commune)  # not public
    return made


def _case_order(q: str) -> list[int]:
    """The order as one query sorted by the relevance CASE (what the tiers must equal)."""
    queryset = selectors.product_search(on=selectors.today(), q=q, sort=selectors.SORT_RELEVANCE)
    return list(selectors.ids_only(queryset))


@pytest.mark.usefixtures("products")
@pytest.mark.parametrize("q", QUERIES)
def test_every_slice_of_a_ranked_search_equals_the_relevance_order(q):
    expected = _case_order(q)
    ranked = selectors.product_ids(on=selectors.today(), q=q, sort=selectors.SORT_RELEVANCE)
    assert ranked.count() == len(expected)
    for start in range(len(expected) + 1):
        for stop in range(start, len(expected) + 2):
            assert ranked[start:stop] == expected[start:stop], (q, start, stop)


@pytest.mark.usefixtures("products")
def test_the_ranks_are_exclusive_and_together_are_the_search():
    today = selectors.today()
    ranked = selectors.ranked_products(on=today, q="ca phe")
    unranked = ranked.queryset
    found = set(search_filter(unranked, "ca phe").values_list("pk", flat=True))
    by_case = dict(unranked.annotate(rank=relevance("ca phe")).values_list("pk", "rank"))
    seen: dict[int, int] = {}
    for rank, tier in enumerate(rank_tiers("ca phe", sort_field="sort_name", bytewise=True)):
        for pk in unranked.filter(tier).values_list("pk", flat=True):
            assert pk not in seen, "a row in two ranks"
            seen[pk] = rank
    assert set(seen) == found
    assert seen == {pk: by_case[pk] for pk in found}
    assert set(seen.values()) == set(range(RANKS)), "the sample covers every rank"


@pytest.mark.usefixtures("products", "no_cache")
@pytest.mark.parametrize("q", ["ca phe", "ca", "phe"])
def test_the_api_cursor_walks_a_ranked_search_in_the_relevance_order(client, q):
    expected = [Product.objects.get(pk=pk).name for pk in _case_order(q)]
    url = reverse("catalogue:api_products") + f"?q={q}&page_size=2"
    names = []
    while url:
        data = client.get(url).json()
        assert data["count"] == len(expected)
        names += [p["name"] for p in data["results"]]
        url = data["next"]
    assert names == expected


@pytest.mark.usefixtures("products", "no_cache")
def test_the_catalogue_pages_a_ranked_search_in_the_relevance_order(client, monkeypatch):
    from ocop.catalogue import views

    monkeypatch.setattr(views, "CARDS_PER_PAGE", 3)
    expected = [Product.objects.get(pk=pk).name for pk in _case_order("ca phe")]
    shown = []
    for page in (1, 2, 3):
        response = client.get(reverse("catalogue:search"), {"q": "ca phe", "trang": page})
        assert response.status_code == 200
        shown += [card.product.name for card in response.context["cards"]]
    assert shown == expected[:9]


def _selects(captured) -> list[str]:
    return [q["sql"] for q in captured.captured_queries if q["sql"].lstrip().upper().startswith("SELECT")]


@pytest.mark.usefixtures("products")
def test_a_full_first_rank_reads_no_further_rank_and_starts_from_the_name_index():
    ranked = selectors.product_ids(on=selectors.today(), q="ca phe", sort=selectors.SORT_RELEVANCE)
    ranked[0:1]  # the collation, looked up once per connection
    with CaptureQueriesContext(connection) as captured:
        assert len(ranked[0:2]) == 2
    selects = _selects(captured)
    assert len(selects) == 1, "rank 0 filled the page"
    if bytewise_collation("default"):
        where = selects[0].split("WHERE", 1)[1].split("ORDER BY", 1)[0]
        assert "LIKE" not in where.upper(), "rank 0 is a range of the sort key, not a LIKE"
    with CaptureQueriesContext(connection) as captured:
        assert len(ranked[0:7]) == 7
    assert len(_selects(captured)) == 3, "4 rows ranked 0, 2 ranked 1, the 7th from rank 2"


def test_a_query_longer_than_the_sort_key_is_not_a_range_of_it():
    long_query = "ca phe " * 20
    tiers = rank_tiers(long_query, sort_field="sort_name", bytewise=True)
    assert "sort_name" not in str(tiers[0])
    assert "sort_name__gte" in str(rank_tiers("ca phe", sort_field="sort_name", bytewise=True)[0])
    assert "sort_name" not in str(rank_tiers("ca phe", sort_field="sort_name", bytewise=False)[0])


@pytest.mark.skipif(connection.vendor != "postgresql", reason="prepared statements' plans are PostgreSQL's")
@pytest.mark.django_db(transaction=True)  # SET LOCAL ends with the block's own transaction
def test_on_postgresql_ranked_reads_plan_each_search_for_its_words():
    with CaptureQueriesContext(connection) as captured, custom_plans("default"):
        with connection.cursor() as cursor:
            cursor.execute("SHOW plan_cache_mode")
            assert cursor.fetchone()[0] == "force_custom_plan"
    with connection.cursor() as cursor:
        cursor.execute("SHOW plan_cache_mode")
        assert cursor.fetchone()[0] == "auto", "only the block plans that way"
    assert any("plan_cache_mode" in q["sql"] for q in captured.captured_queries)
