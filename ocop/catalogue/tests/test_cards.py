"""Per-request cost of the public pages at national scale: cards built once per data
version (ocop.catalogue.cards), bounded counts, the count carried by the API cursor, and
the queries of the product, verification and map answers (docs/performance.md)."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ocop.catalogue import api, cards, sources, views
from ocop.catalogue.codes import product_code
from ocop.catalogue.tests.helpers import issue_certificate
from ocop.certificates.models import Certificate
from ocop.certificates.selectors import with_status
from ocop.certificates.tests.test_services import _boundary_certificates
from tests.factories import ProducerFactory, ProductFactory, current_commune, legacy_commune

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_cache")]


@pytest.fixture(autouse=True)
def _empty_memo():
    cards.MEMO.clear()
    cards.API_MEMO.clear()
    yield
    cards.MEMO.clear()
    cards.API_MEMO.clear()


def _products(count, *, commune=None, prefix="Cà phê"):
    made = []
    for index in range(count):
        producer = ProducerFactory(commune=commune) if commune else ProducerFactory()
        product = ProductFactory(name=f"{prefix} số {index}", producer=producer, commune=producer.commune)
        issue_certificate(product, stars=3 + index % 3, expires_in_days=500 + index)
        made.append(product)
    return made


def _queries(client, url, params=None):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params or {})
    assert response.status_code == 200
    return response, [q["sql"] for q in captured.captured_queries]


def test_it_builds_each_card_once_and_a_list_page_then_costs_two_queries(client, django_assert_max_num_queries):
    _products(5)
    search = reverse("catalogue:search")
    first, cold = _queries(client, search)
    # The count (bounded) and the page's ids; cards, filters and fairs are already built.
    with django_assert_max_num_queries(2):
        second = client.get(search)
    assert len(cold) > 2
    assert second.content == first.content


def test_a_changed_product_gets_a_new_card_at_once(client):
    product = _products(2)[0]
    search = reverse("catalogue:search")
    assert "Cà phê số 0" in client.get(search).content.decode()
    product.name = "Cà phê rang xay Đăk Kôi"
    product.save()
    html = client.get(search).content.decode()
    assert "Cà phê rang xay Đăk Kôi" in html and "Cà phê số 0" not in html


def test_a_new_certificate_changes_the_card_the_same_day(client):
    product = _products(1)[0]
    issue_certificate(product, stars=5, expires_in_days=900)
    response = client.get(reverse("catalogue:search"))
    assert [c.stars for c in response.context["cards"]] == [5]
    assert "5 sao" in response.content.decode()


def test_cards_are_rebuilt_every_time_when_the_memo_is_off(client, settings):
    settings.OCOP_CATALOGUE_MEMO_SECONDS = 0
    _products(3)
    search = reverse("catalogue:search")
    _first, cold = _queries(client, search)
    _second, again = _queries(client, search)
    assert len(again) == len(cold) > 2


def test_the_memo_is_bounded_and_drops_the_least_recently_used_entries(settings):
    from django.core.cache.backends.locmem import LocMemCache

    for alias, entries in (("catalogue_cards", 4000), ("catalogue_api", 1500)):
        assert settings.CACHES[alias]["OPTIONS"]["MAX_ENTRIES"] == entries
    memo = LocMemCache("test-cards", {"OPTIONS": {"MAX_ENTRIES": 2, "CULL_FREQUENCY": 2}})
    memo.set("a", 1, 60)
    memo.set("b", 2, 60)
    assert memo.get("a") == 1  # "b" is now the oldest
    memo.set("c", 3, 60)
    assert memo.get("b") is None and memo.get("a") == 1 and memo.get("c") == 3


def test_a_long_list_is_counted_only_as_far_as_its_pages_reach(client, monkeypatch):
    monkeypatch.setattr(views, "MAX_PAGES", 2)
    monkeypatch.setattr(views, "CARDS_PER_PAGE", 1)
    _products(4)
    response, sql = _queries(client, reverse("catalogue:search"))
    page = response.context["page_obj"]
    assert page.paginator.count == 3 and page.paginator.truncated
    html = response.content.decode()
    assert "Tìm thấy hơn 2 sản phẩm." in html and "Tổng số: hơn 2" in html
    assert any("COUNT(*)" in q and "LIMIT 3" in q for q in sql)


def test_the_api_cursor_carries_the_count_so_later_pages_do_not_count_again(client):
    _products(5)
    url = reverse("catalogue:api_products")
    first = client.get(url, {"page_size": 2}).json()
    assert first["count"] == 5
    response, sql = _queries(client, first["next"])
    assert response.json()["count"] == 5
    assert not any("COUNT(" in q for q in sql)
    # A cursor made before it carried the count still works (and counts, once the kept
    # count is gone).
    cache.clear()
    fields = [("sort_name", False), ("pk", False)]
    last = api._decode_cursor(first["next"].split("cursor=")[1].split("&")[0], "ten", fields)[0]
    response, sql = _queries(client, url, {"page_size": 2, "cursor": api.encode_cursor("ten", last)})
    assert response.json()["count"] == 5 and any("COUNT(" in q for q in sql)


def test_without_the_page_cache_a_list_is_counted_once_per_data_version(client):
    # Pages are not cached (varied searches), but the count of a list is the same piece
    # for every request until the data change.
    _products(3)
    url = reverse("catalogue:api_certificates")
    response, sql = _queries(client, url)
    assert response.json()["count"] == 3 and any("COUNT(" in q for q in sql)
    response, sql = _queries(client, url)
    assert response.json()["count"] == 3 and not any("COUNT(" in q for q in sql)
    _products(1, prefix="Thêm")
    response, sql = _queries(client, url)
    assert response.json()["count"] == 4 and any("COUNT(" in q for q in sql)


@pytest.mark.parametrize("count", ["-1", "true", '"5"'])
def test_a_cursor_with_a_bad_count_answers_400(client, count):
    import base64

    raw = '{"s":"ten","k":["ca phe",1],"n":' + count + "}"
    cursor = base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")
    response = client.get(reverse("catalogue:api_products"), {"cursor": cursor})
    assert response.status_code == 400 and response.json()["parameter"] == "cursor"


def test_the_api_list_builds_each_object_once(client, django_assert_max_num_queries):
    _products(4)
    url = reverse("catalogue:api_products")
    first = client.get(url).json()
    with django_assert_max_num_queries(2):  # count and the page's keys
        second = client.get(url).json()
    assert second == first


def test_the_product_page_of_a_current_commune_costs_seven_queries(client, django_assert_max_num_queries):
    product = _products(2, commune=current_commune("23485"))[0]
    url = reverse("catalogue:product", args=[product_code(product.pk)])
    with django_assert_max_num_queries(7):
        response = client.get(url)
    assert response.context["card"].current_units == [product.commune]


def test_the_product_page_of_an_older_commune_still_names_todays(client):
    product = _products(1, commune=legacy_commune("23485"))[0]
    response = client.get(reverse("catalogue:product", args=[product_code(product.pk)]))
    assert current_commune("23485") in response.context["card"].current_units
    assert "nay là" in response.content.decode()


def test_the_verification_page_costs_one_query(client, django_assert_max_num_queries):
    product = _products(1, commune=current_commune("23485"))[0]
    certificate = product.certificates.get()
    url = reverse("certificates:verify", args=[certificate.public_code])
    client.get(url)
    with django_assert_max_num_queries(1):
        response = client.get(url)
    assert response.status_code == 200 and certificate.number in response.content.decode()


def test_the_verification_page_of_an_older_commune_names_todays(client):
    product = _products(1, commune=legacy_commune("23485"))[0]
    certificate = product.certificates.get()
    response = client.get(reverse("certificates:verify", args=[certificate.public_code]))
    assert current_commune("23485") in response.context["producer_current_units"]


def test_the_country_wide_map_groups_and_counts_in_one_query(client, monkeypatch, django_assert_max_num_queries):
    from ocop.catalogue import maps

    monkeypatch.setattr(maps, "MAP_POINTS_MAX", 2)
    for index in range(4):
        producer = ProducerFactory(latitude=14.5 + index * 0.02, longitude=108.2)
        issue_certificate(ProductFactory(producer=producer), stars=3)
    url = reverse("catalogue:api_map")
    with django_assert_max_num_queries(2):  # the cells (with their total) and the sales points
        data = client.get(url, {"bbox": "102,8,110,24", "zoom": "6"}).json()
    assert data["clustered"] is True and data["producers_in_view"] == 4
    assert sum(f["properties"]["count"] for f in data["features"] if f["properties"]["kind"] == "cluster") == 4


def test_an_address_made_from_a_code_is_the_one_reverse_gives():
    from ocop.catalogue.codes import code_path

    for name, code in [
        ("catalogue:product", "SP-12"), ("catalogue:producer", "CT-7"), ("catalogue:api_product", "SP-12"),
        ("catalogue:product_qr_svg", "SP-3"), ("catalogue:certificate_qr_svg", "AB12CD34"),
        ("catalogue:api_certificate", "AB12CD34"), ("certificates:verify", "AB12CD34"),
    ]:
        assert code_path(name, code) == reverse(name, args=[code])
    # Like reverse(), it follows the script prefix of a site served under a sub-path.
    from django.urls import set_script_prefix

    set_script_prefix("/ocop-tinh/")
    try:
        assert code_path("catalogue:product", "SP-12") == reverse("catalogue:product", args=["SP-12"]) == "/ocop-tinh/ocop/san-pham/SP-12/"
    finally:
        set_script_prefix("/")


@pytest.mark.parametrize("params", [{}, {"page": "1"}])
def test_an_api_page_joins_the_kept_json_into_the_bytes_json_response_would_write(client, params):
    import json

    made = _products(3)
    url = reverse("catalogue:api_products")
    client.get(url, params)  # builds and keeps the objects
    response = client.get(url, params)
    data = json.loads(response.content)
    assert list(data)[-1] == "results" and sorted(p["name"] for p in data["results"]) == sorted(p.name for p in made)
    assert response.content == api.json_response(data).content
    assert response["Content-Type"] == "application/json" and response["Access-Control-Allow-Origin"] == "*"


def test_the_public_cards_give_every_certificate_the_status_the_register_gives():
    """The catalogue's cards take the status from the rule in Python (no CASE to compile
    per request): on every boundary it must be the register's SQL status."""
    certificates, days = _boundary_certificates()
    for day in days:
        sql = dict(with_status(Certificate.objects.filter(pk__in=[c.pk for c in certificates]), day).values_list("public_code", "status"))
        per_product = sources.certificates_for_products({c.product_id for c in certificates}, day)
        shown = {public.public_code: public.status for listed in per_product.values() for public in listed}
        assert shown == sql, day
