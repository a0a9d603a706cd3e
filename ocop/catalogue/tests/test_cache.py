import os
import subprocess
import sys

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ocop.catalogue.codes import product_code
from ocop.catalogue.tests.helpers import add_listing, add_showroom, body, issue_certificate, revoke
from tests.factories import ProductFactory


@pytest.fixture
def coffee(db):
    product = ProductFactory(name="Cà phê bột")
    issue_certificate(product, stars=4)
    return product


def _queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["catalogue:search", "catalogue:api_products", "catalogue:api_certificates", "catalogue:map"])
def test_a_second_request_is_served_from_the_cache(client, coffee, name):
    first, _ = _queries(client, reverse(name))
    second, response = _queries(client, reverse(name))
    assert first > 0 and second == 0
    text = response.content.decode()
    assert "Cà phê bột" in text or coffee.producer.name in text


@pytest.mark.django_db
def test_the_cache_keeps_the_content_type_of_exports(client, coffee):
    url = reverse("catalogue:api_products_csv")
    body(client.get(url))  # streamed, kept in the cache once sent in full
    queries, response = _queries(client, url)
    assert queries == 0
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith("attachment;")


@pytest.mark.django_db
def test_editing_a_product_invalidates_the_cached_pages(client, coffee):
    url = reverse("catalogue:product", args=[product_code(coffee.pk)])
    assert "Cà phê bột" in client.get(url).content.decode()
    coffee.name = "Cà phê bột rang mộc"
    coffee.refresh_search_text()
    coffee.save()
    assert "Cà phê bột rang mộc" in client.get(url).content.decode()


@pytest.mark.django_db
def test_revoking_a_certificate_invalidates_the_cached_api(client, coffee):
    url = reverse("catalogue:api_product", args=[product_code(coffee.pk)])
    assert client.get(url).json()["certificate"]["status"] == "valid"
    revoke(coffee.certificates.get())
    assert client.get(url).json()["certificate"]["status"] == "revoked"


@pytest.mark.django_db
def test_a_new_place_to_buy_invalidates_the_cached_product_page(client, coffee):
    url = reverse("catalogue:product", args=[product_code(coffee.pk)])
    assert "Điểm bán OCOP" not in client.get(url).content.decode()
    add_showroom(coffee, name="Điểm bán OCOP Kon Rẫy")
    assert "Điểm bán OCOP Kon Rẫy" in client.get(url).content.decode()
    add_listing(coffee, url="https://tiki.vn/ca-phe-bot", platform="tiki")
    assert "https://tiki.vn/ca-phe-bot" in client.get(url).content.decode()


@pytest.mark.django_db
def test_caching_can_be_turned_off(client, coffee, settings):
    settings.OCOP_CATALOGUE_CACHE_SECONDS = 0
    client.get(reverse("catalogue:search"))
    queries, _ = _queries(client, reverse("catalogue:search"))
    assert queries > 0


@pytest.mark.django_db
def test_error_answers_are_not_cached(client, coffee):
    url = reverse("catalogue:product", args=["SP-999999"])
    assert client.get(url).status_code == 404
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 404
    assert len(captured) > 0


class _BrokenCache:
    def __getattr__(self, name):
        def fail(*args, **kwargs):
            raise ConnectionError("cache server down")

        return fail


@pytest.mark.django_db
def test_a_cache_outage_neither_breaks_pages_nor_writes(client, coffee, monkeypatch):
    from ocop.catalogue import cache as catalogue_cache

    monkeypatch.setattr(catalogue_cache, "cache", _BrokenCache())
    coffee.name = "Cà phê bột nguyên chất"
    coffee.refresh_search_text()
    coffee.save()  # the invalidation signal fails quietly
    response = client.get(reverse("catalogue:product", args=[product_code(coffee.pk)]))
    assert response.status_code == 200 and "Cà phê bột nguyên chất" in response.content.decode()


@pytest.mark.django_db
def test_public_pages_answer_head_requests(client, coffee):
    assert client.head(reverse("catalogue:product", args=[product_code(coffee.pk)])).status_code == 200
    assert client.head(reverse("catalogue:api_products")).status_code == 200
    assert client.post(reverse("catalogue:api_products")).status_code == 405


@pytest.mark.django_db
def test_importing_a_register_file_invalidates_the_cache_despite_bulk_writes(client, coffee):
    from ocop.catalogue.tests.helpers import import_register

    url = reverse("catalogue:api_products")
    assert client.get(url).json()["count"] == 1
    import_register([{"product": "Cà phê hạt rang Đắk Tơ Lung", "number": "05/GCN-UBND"}])
    names = [p["name"] for p in client.get(url).json()["results"]]
    assert "Cà phê hạt rang Đắk Tơ Lung" in names


def test_each_test_process_keeps_its_own_cache():
    # Parallel test workers have their own databases: a cache shared through files (the
    # default of `make run`) would let one serve the other's pages and data versions.
    # This holds only if nothing reads the cache settings before conftest chooses them.
    from django.core.cache import caches
    from django.core.cache.backends.locmem import LocMemCache

    assert isinstance(caches["default"], LocMemCache)


def test_the_single_machine_file_cache_holds_the_pages_of_a_province():
    # Django's default of 300 files was fewer than the product pages visitors read: past it
    # the cache deleted a third of itself at each new page, and product pages never hit.
    code = (
        "import django, os; os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'ocop.settings'); django.setup();"
        "from django.core.cache import caches; print(type(caches['default']).__name__, caches['default']._max_entries)"
    )
    env = {k: v for k, v in os.environ.items() if k not in ("REDIS_URL", "OCOP_CACHE_MAX_ENTRIES")}
    shown = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    assert shown.stdout.split() == ["FileBasedCache", "5000"]
