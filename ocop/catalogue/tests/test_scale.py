"""The catalogue at national scale: keyset cursor, bounded pages, typed commune, province
select, light pages, and (on PostgreSQL) the trigram index behind search."""

import base64
import gzip
import json

import pytest
from django.db import connection
from django.urls import reverse

from ocop.catalogue import api, views
from ocop.catalogue.tests.helpers import issue_certificate
from ocop.core.search import search_filter, sort_key
from ocop.products.models import Product
from ocop.territory.models import AdministrativeUnit
from tests.factories import ProducerFactory, ProductFactory, current_commune, legacy_commune

pytestmark = pytest.mark.django_db


def _products(names, *, stars=3, commune=None):
    made = []
    for index, name in enumerate(names):
        producer = ProducerFactory(commune=commune) if commune else ProducerFactory()
        product = ProductFactory(name=name, producer=producer, commune=producer.commune)
        issue_certificate(product, stars=stars if stars else 3 + index % 3, expires_in_days=400 + index)
        made.append(product)
    return made


def _walk(client, params):
    """Every row of /api/v1/products by following `next`, and the pages' sizes."""
    response = client.get(reverse("catalogue:api_products"), params)
    assert response.status_code == 200
    data = response.json()
    names, pages = [], 0
    while True:
        names += [p["name"] for p in data["results"]]
        pages += 1
        if not data["next"]:
            return names, pages, data
        assert response["Link"] == f'<{data["next"]}>; rel="next"'
        response = client.get(data["next"])
        data = response.json()


@pytest.mark.usefixtures("no_cache")
@pytest.mark.parametrize("sort", ["name", "stars", "newest"])
def test_it_walks_every_product_exactly_once_in_order_by_cursor(client, sort):
    _products([f"Sản phẩm {chr(65 + i)}" for i in range(7)], stars=None)
    names, pages, last = _walk(client, {"page_size": 3, "sort": sort})
    expected, _, _ = _walk(client, {"page_size": 200, "sort": sort})
    assert names == expected and len(names) == 7 and len(set(names)) == 7
    assert pages == 3 and last["next"] is None and last["count"] == 7


@pytest.mark.usefixtures("no_cache")
def test_a_cursor_neither_skips_nor_repeats_when_rows_are_added_between_pages(client):
    _products(["Bánh B", "Bánh D", "Bánh F", "Bánh H"])
    first = client.get(reverse("catalogue:api_products"), {"page_size": 2}).json()
    assert [p["name"] for p in first["results"]] == ["Bánh B", "Bánh D"]
    _products(["Bánh A", "Bánh E"])  # one before the cursor, one after it
    rest, _, _ = _walk_from(client, first["next"])
    assert rest == ["Bánh E", "Bánh F", "Bánh H"]


@pytest.mark.parametrize(
    ("fields", "bound"),
    [
        ([("sort_name", False), ("pk", False)], ("sort_name__gte", "banh d")),
        ([("sort_issued", True), ("pk", True)], ("sort_issued__lte", "banh d")),
    ],
)
def test_a_cursor_page_bounds_its_first_key_so_the_index_is_read_from_the_cursor(fields, bound):
    # The OR that spells out "after (key, id)" cannot start an index scan; the bound it
    # implies on the first key can (a deep page read every row before it without one).
    condition = api.after_q(fields, ["banh d", 7])
    assert condition.connector == "AND" and bound in condition.children


def _walk_from(client, url):
    names, pages = [], 0
    data = None
    while url:
        data = client.get(url).json()
        names += [p["name"] for p in data["results"]]
        pages += 1
        url = data["next"]
    return names, pages, data


@pytest.mark.usefixtures("no_cache")
def test_a_search_walks_by_relevance_with_a_cursor(client):
    _products(["Mật ong hoa cà phê", "Cà phê bột", "Bột cà phê rang", "Chè xanh"])
    names, _, _ = _walk(client, {"q": "ca phe", "page_size": 1})
    assert names == ["Cà phê bột", "Bột cà phê rang", "Mật ong hoa cà phê"]


@pytest.mark.parametrize(
    "cursor",
    [
        "không-phải-base64",
        base64.urlsafe_b64encode(b"[1, 2]").decode(),
        base64.urlsafe_b64encode(json.dumps({"s": "sao", "k": [3, "x", 1]}).encode()).decode(),
        base64.urlsafe_b64encode(json.dumps({"s": "ten", "k": ["x"]}).encode()).decode(),
        base64.urlsafe_b64encode(json.dumps({"s": "ten", "k": ["x", "1"]}).encode()).decode(),
    ],
)
def test_an_invalid_cursor_answers_400_in_vietnamese(client, cursor):
    response = client.get(reverse("catalogue:api_products"), {"cursor": cursor})
    assert response.status_code == 400
    assert response.json() == {"detail": api.BAD_CURSOR, "parameter": "cursor"}


def test_numbered_api_pages_are_bounded(client):
    response = client.get(reverse("catalogue:api_products"), {"page": 10_000, "page_size": 200})
    assert response.status_code == 400
    assert response.json()["parameter"] == "page" and "cursor" in response.json()["detail"]


@pytest.mark.usefixtures("no_cache")
def test_html_pages_stop_at_the_maximum_and_say_how_to_narrow(client, monkeypatch):
    monkeypatch.setattr(views, "MAX_PAGES", 2)
    monkeypatch.setattr(views, "CARDS_PER_PAGE", 1)
    _products(["Gạo A", "Gạo B", "Gạo C"])
    response = client.get(reverse("catalogue:search"), {"trang": 3})
    page = response.context["page_obj"]
    assert page.number == 2 and page.paginator.num_pages == 2 and page.paginator.count == 3
    assert "Chỉ xem được 2 trang đầu" in response.content.decode()


def test_the_unit_filter_is_a_province_select_and_a_typed_commune(client):
    html = client.get(reverse("catalogue:search")).content.decode()
    provinces = AdministrativeUnit.objects.filter(level="province", valid_to__isnull=True).count()
    assert html.count("<option") <= provinces + 60  # provinces + classification + stars + sorts + types
    assert 'name="xa"' in html and 'name="tinh"' in html and "catalogue/commune-search.js" in html


@pytest.mark.usefixtures("no_cache")
def test_a_typed_commune_name_without_diacritics_finds_products_under_the_old_and_new_commune(client):
    # Xã Đắk Tơ Lung (before 1/7/2025) merged into today's Xã Đăk Kôi.
    old, new = legacy_commune("23485"), current_commune("23485")
    _products(["Cà phê Đắk Tơ Lung"], commune=old)
    _products(["Mật ong Đăk Kôi"], commune=new)
    _products(["Gạo nơi khác"], commune=current_commune("23497"))
    search = reverse("catalogue:search")
    names = {c.product.name for c in client.get(search, {"xa": "dak koi"}).context["cards"]}
    assert names == {"Cà phê Đắk Tơ Lung", "Mật ong Đăk Kôi"}
    province = new.parent
    names = {c.product.name for c in client.get(search, {"xa": "Xã Đăk Kôi", "tinh": province.pk}).context["cards"]}
    assert names == {"Cà phê Đắk Tơ Lung", "Mật ong Đăk Kôi"}
    response = client.get(search, {"xa": "khong co xa nay"})
    assert response.context["cards"] == []
    assert "Không tìm thấy xã, phường nào tên «khong co xa nay»." in response.content.decode()


@pytest.mark.usefixtures("no_cache")
def test_a_province_filter_finds_its_products(client):
    commune = current_commune("23485")
    _products(["Sâm dây Kon Tum"], commune=commune)
    other = AdministrativeUnit.objects.filter(level="province", valid_to__isnull=True).exclude(pk=commune.parent_id).first()
    search = reverse("catalogue:search")
    assert [c.product.name for c in client.get(search, {"tinh": commune.parent_id}).context["cards"]] == ["Sâm dây Kon Tum"]
    assert client.get(search, {"tinh": other.pk}).context["cards"] == []


def test_public_pages_and_the_api_are_gzipped_for_clients_that_accept_it(client):
    [product] = _products(["Trà xanh"])
    for url in (reverse("catalogue:search"), reverse("catalogue:api_products")):
        plain = client.get(url)
        packed = client.get(url, HTTP_ACCEPT_ENCODING="gzip, br")
        assert packed["Content-Encoding"] == "gzip" and "Accept-Encoding" in packed["Vary"]
        assert gzip.decompress(packed.content) == plain.content
        # served again from the public cache, still compressed
        again = client.get(url, HTTP_ACCEPT_ENCODING="gzip")
        assert again["Content-Encoding"] == "gzip" and gzip.decompress(again.content) == plain.content
    assert not plain.has_header("Content-Encoding")


@pytest.mark.skipif(connection.vendor != "postgresql", reason="pg_trgm is PostgreSQL's")
def test_on_postgresql_search_uses_the_trigram_index_and_lists_use_the_name_index():
    with connection.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off")
        try:
            plan = search_filter(Product.objects.all(), "dak koi").explain()
            assert "product_search_trgm_idx" in plan
            plan = Product.objects.order_by(sort_key(), "pk")[:24].explain()
            assert "product_sort_key_idx" in plan
        finally:
            cursor.execute("RESET enable_seqscan")


@pytest.mark.usefixtures("no_cache")
def test_photos_are_served_as_thumbnails_made_once_with_srcset_and_lazy_loading(client, settings, tmp_path):
    from io import BytesIO

    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage
    from PIL import Image

    from ocop.core.thumbnails import thumbnail_name
    from ocop.products.models import ProductPhoto

    settings.MEDIA_ROOT = tmp_path
    [product] = _products(["Cà phê có ảnh"])
    buffer = BytesIO()
    Image.new("RGB", (2000, 1500), (120, 80, 40)).save(buffer, "JPEG")
    photo = ProductPhoto(product=product, caption="Gói cà phê")
    photo.image.save("ca-phe.jpg", ContentFile(buffer.getvalue()))
    html = client.get(reverse("catalogue:search")).content.decode()
    small, large = thumbnail_name(photo.image.name, 320), thumbnail_name(photo.image.name, 640)
    assert f'src="{default_storage.url(small)}"' in html
    assert f"{default_storage.url(small)} 320w, {default_storage.url(large)} 640w" in html
    assert 'width="320" height="240"' in html and 'loading="lazy"' in html
    with default_storage.open(large) as handle, Image.open(handle) as image:
        assert image.size == (640, 480)
    made = (tmp_path / small).stat().st_mtime_ns
    page = client.get(reverse("catalogue:product", args=[f"SP-{product.pk}"])).content.decode()
    assert (tmp_path / small).stat().st_mtime_ns == made
    assert f'src="{default_storage.url(small)}"' in page and 'alt="Gói cà phê"' in page  # the product page shows it


def test_static_files_get_hashed_names_from_the_manifest_and_plain_names_without_one(settings, tmp_path):
    from ocop.core.storage import StaticFilesStorage

    settings.STATIC_ROOT = tmp_path
    assert StaticFilesStorage().url("catalogue/catalogue.css") == "/static/catalogue/catalogue.css"
    manifest = {"paths": {"catalogue/catalogue.css": "catalogue/catalogue.0123456789ab.css"}, "version": "1.1", "hash": "x"}
    (tmp_path / "staticfiles.json").write_text(json.dumps(manifest))
    storage = StaticFilesStorage()
    assert storage.url("catalogue/catalogue.css") == "/static/catalogue/catalogue.0123456789ab.css"
    assert storage.url("catalogue/new-file.js") == "/static/catalogue/new-file.js"
