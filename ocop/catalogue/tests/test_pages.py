from datetime import timedelta

import pytest
from django.contrib.staticfiles import finders
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from ocop.catalogue.codes import product_code
from ocop.catalogue.tests.helpers import (
    add_fair,
    add_listing,
    add_showroom,
    certified_robusta,
    issue_certificate,
    revoke,
)
from tests.factories import ProducerFactory, ProductFactory, current_commune, legacy_commune


def product_url(product):
    return reverse("catalogue:product", args=[product_code(product.pk)])


@pytest.fixture
def coffee(db):
    producer = ProducerFactory(name="Hợp tác xã Nông nghiệp Đăk Kôi")
    return certified_robusta(producer)


@pytest.mark.django_db
@pytest.mark.parametrize("query", ["ca phe", "Cà phê", "CA PHE robusta", "dak koi"])
def test_it_finds_products_with_or_without_diacritics(client, coffee, query):
    ProductFactory(name="Mật ong rừng")  # no certificate: not public anyway
    honey = ProductFactory(name="Mật ong hoa cà phê")
    issue_certificate(honey, stars=3, expires_in_days=500)
    response = client.get(reverse("catalogue:search"), {"q": query})
    names = [card.product.name for card in response.context["cards"]]
    assert "Cà phê bột Robusta Đăk Kôi" in names
    assert "Mật ong rừng" not in names


@pytest.mark.django_db
def test_it_lists_only_products_that_have_a_certificate(client, coffee):
    ProductFactory(name="Sản phẩm đang hoàn thiện")
    response = client.get(reverse("catalogue:search"))
    names = [card.product.name for card in response.context["cards"]]
    assert names == ["Cà phê bột Robusta Đăk Kôi"]
    assert "Sản phẩm đang hoàn thiện" not in response.content.decode()


@pytest.mark.django_db
def test_it_filters_by_stars_producer_type_and_classification(client, coffee):
    rice = ProductFactory(name="Gạo lúa rẫy", category=coffee.category.__class__.objects.get(criteria_set=3))
    issue_certificate(rice, stars=3, expires_in_days=500)
    search = reverse("catalogue:search")
    assert [c.product.name for c in client.get(search, {"sao": "4"}).context["cards"]] == [coffee.name]
    assert [c.product.name for c in client.get(search, {"sao": "3"}).context["cards"]] == [rice.name]
    assert client.get(search, {"loai": "ho_san_xuat"}).context["cards"] == []
    assert [c.product.name for c in client.get(search, {"phan_loai": coffee.category.code}).context["cards"]] == [coffee.name]
    sector = coffee.category
    while sector.parent_id:
        sector = sector.parent
    both = {c.product.name for c in client.get(search, {"phan_loai": sector.code}).context["cards"]}
    assert both == {coffee.name, rice.name}


@pytest.mark.django_db
def test_it_sorts_by_name_ignoring_diacritics_by_stars_and_by_newest(client, coffee):
    ginseng = ProductFactory(name="Đẳng sâm sấy khô")
    issue_certificate(ginseng, stars=5, expires_in_days=900)
    apple = ProductFactory(name="Táo mèo")
    issue_certificate(apple, stars=3, expires_in_days=400)
    search = reverse("catalogue:search")
    by_name = [c.product.name for c in client.get(search).context["cards"]]
    assert by_name == ["Cà phê bột Robusta Đăk Kôi", "Đẳng sâm sấy khô", "Táo mèo"]
    by_stars = [c.stars for c in client.get(search, {"sap_xep": "sao"}).context["cards"]]
    assert by_stars == [5, 4, 3]
    newest = [c.product.name for c in client.get(search, {"sap_xep": "moi"}).context["cards"]]
    assert newest[0] == "Đẳng sâm sấy khô"


@pytest.mark.django_db
def test_a_unit_filter_finds_products_registered_under_the_old_or_the_new_commune(client):
    # Xã Đắk Tơ Lung (legacy 23485) merged into today's Xã Đăk Kôi (23485) on 1/7/2025.
    old_commune = legacy_commune("23485")
    product = ProductFactory(name="Cà phê hạt rang Đắk Tơ Lung", producer=ProducerFactory(commune=old_commune))
    issue_certificate(product, stars=4)
    search = reverse("catalogue:search")
    for unit in (old_commune, current_commune("23485")):
        names = [c.product.name for c in client.get(search, {"don_vi": unit.pk}).context["cards"]]
        assert names == ["Cà phê hạt rang Đắk Tơ Lung"]
    assert client.get(search, {"don_vi": current_commune("23497").pk}).context["cards"] == []


@pytest.mark.django_db
def test_the_product_page_shows_story_stars_status_producer_and_where_to_buy(client, coffee):
    add_showroom(coffee)
    add_listing(coffee)
    add_fair(coffee)
    response = client.get(product_url(coffee))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Người Xơ Đăng trồng cà phê dưới tán rừng." in html
    assert "4 sao" in html and "Còn hiệu lực" in html
    assert "Hợp tác xã Nông nghiệp Đăk Kôi" in html
    assert "Điểm bán OCOP Quảng Ngãi" in html
    assert "https://shopee.vn/ca-phe-thu" in html
    assert "Hội chợ OCOP Quảng Ngãi" in html
    assert "Ghi chú nội bộ về hội chợ" not in html


@pytest.mark.django_db
@pytest.mark.usefixtures("no_cache")
def test_a_product_sold_nowhere_asks_nothing_of_the_sales_points_until_it_is(client, coffee):
    def sales_queries():
        with CaptureQueriesContext(connection) as captured:
            html = client.get(product_url(coffee)).content.decode()
        return html, [q["sql"] for q in captured.captured_queries if "promotion_" in q["sql"]]

    client.get(product_url(coffee))  # the list of products sold somewhere, once per data version
    html, sql = sales_queries()
    assert sql == [] and "Điểm bán OCOP Quảng Ngãi" not in html
    add_showroom(coffee)  # a new data version: the list is made again and names the product
    html, sql = sales_queries()
    assert "Điểm bán OCOP Quảng Ngãi" in html and sql
    add_listing(coffee)
    assert "https://shopee.vn/ca-phe-thu" in sales_queries()[0]


@pytest.mark.django_db
def test_the_product_page_says_plainly_when_the_certificate_was_revoked(client, coffee):
    revoke(coffee.certificates.get())
    response = client.get(product_url(coffee))
    html = response.content.decode()
    assert "Giấy chứng nhận OCOP: đã bị thu hồi" in html
    assert "không còn được sử dụng nhãn OCOP" in html
    assert 'class="alert alert-danger"' in html
    assert response.context["card"].stars is None
    # Nor does it count as a 4-star product any more.
    assert client.get(reverse("catalogue:search"), {"sao": "4"}).context["cards"] == []


@pytest.mark.django_db
def test_the_product_page_says_plainly_when_the_certificate_expired(client):
    product = ProductFactory(name="Thịt heo đen gác bếp")
    issue_certificate(product, stars=3, expires_in_days=-100)
    response = client.get(product_url(product))
    html = response.content.decode()
    assert "Đã hết hiệu lực" in html
    assert "nay đã hết hiệu lực" in html
    assert response.context["card"].stars is None


@pytest.mark.django_db
def test_the_product_page_shows_the_commune_under_todays_unit(client):
    product = ProductFactory(name="Cà phê Đắk Tơ Lung", producer=ProducerFactory(commune=legacy_commune("23485")))
    issue_certificate(product)
    html = client.get(product_url(product)).content.decode()
    assert "Xã Đắk Tơ Lung" in html
    assert "nay là Xã Đăk Kôi" in html
    assert "Tỉnh Quảng Ngãi" in html


@pytest.mark.django_db
def test_the_product_page_has_opengraph_tags_with_absolute_urls(client, coffee, settings):
    settings.OCOP_SITE_URL = "https://ocop.example.vn"
    html = client.get(product_url(coffee)).content.decode()
    assert '<meta property="og:title" content="Cà phê bột Robusta Đăk Kôi – Sản phẩm OCOP 4 sao">' in html
    assert f'<meta property="og:url" content="https://ocop.example.vn{product_url(coffee)}">' in html
    assert '<meta property="og:type" content="product">' in html


@pytest.mark.django_db
def test_it_labels_sample_data(client, coffee):
    coffee.is_sample = True
    coffee.save()
    assert "Dữ liệu mẫu" in client.get(product_url(coffee)).content.decode()
    assert "Dữ liệu mẫu" in client.get(reverse("catalogue:search")).content.decode()


@pytest.mark.django_db
def test_a_product_without_a_certificate_has_no_public_page(client):
    draft = ProductFactory(name="Ý tưởng sản phẩm")
    response = client.get(product_url(draft))
    assert response.status_code == 404
    assert "Ý tưởng sản phẩm" not in response.content.decode()
    assert client.get(reverse("catalogue:product", args=["khong-phai-ma"])).status_code == 404


@pytest.mark.django_db
def test_a_lower_case_code_redirects_to_the_canonical_address(client, coffee):
    response = client.get(reverse("catalogue:product", args=[f"sp-{coffee.pk}"]))
    assert response.status_code == 301
    assert response["Location"] == product_url(coffee)


@pytest.mark.django_db
def test_the_commune_page_includes_products_of_its_predecessor_communes(client, coffee):
    old = ProductFactory(name="Cà phê Đắk Tơ Lung", producer=ProducerFactory(commune=legacy_commune("23485")))
    issue_certificate(old)
    elsewhere = ProductFactory(name="Gạo Kon Braih", producer=ProducerFactory(commune=current_commune("23497")))
    issue_certificate(elsewhere)
    response = client.get(reverse("catalogue:commune", args=["23485"]))
    names = {card.product.name for card in response.context["cards"]}
    assert names == {"Cà phê bột Robusta Đăk Kôi", "Cà phê Đắk Tơ Lung"}
    html = response.content.decode()
    assert "Xã Đắk Tơ Lung" in html  # named among the units it was formed from


@pytest.mark.django_db
def test_a_legacy_commune_code_redirects_to_todays_commune(client):
    # 23482 (Xã Đắk Kôi before 2025) went into today's Xã Đăk Kôi (23485).
    response = client.get(reverse("catalogue:commune", args=["23482"]))
    assert response.status_code == 302
    assert response["Location"] == reverse("catalogue:commune", args=["23485"])


@pytest.mark.django_db
def test_the_producer_page_lists_its_public_products(client, coffee):
    ProductFactory(name="Cà phê chưa chứng nhận", producer=coffee.producer)
    response = client.get(reverse("catalogue:producer", args=[f"CT-{coffee.producer_id}"]))
    assert response.status_code == 200
    assert [card.product.name for card in response.context["cards"]] == [coffee.name]
    assert "Cà phê chưa chứng nhận" not in response.content.decode()


@pytest.mark.django_db
def test_the_sitemap_lists_public_pages_only(client, coffee, settings):
    settings.OCOP_SITE_URL = "https://ocop.example.vn"
    draft = ProductFactory(name="Bản nháp")
    response = client.get("/sitemap.xml")
    xml = response.content.decode()
    assert response["Content-Type"].startswith("application/xml")
    assert f"<loc>https://ocop.example.vn{product_url(coffee)}</loc>" in xml
    assert f"/ocop/chu-the/CT-{coffee.producer_id}/" in xml
    assert "/ocop/dia-ban/23485/" in xml
    assert f"SP-{draft.pk}/" not in xml


@pytest.mark.django_db
def test_the_map_page_is_a_list_when_leaflet_is_not_installed(client, coffee, monkeypatch):
    from ocop.catalogue import views

    monkeypatch.setattr(views, "_leaflet_available", lambda: False)
    producer = coffee.producer
    producer.latitude, producer.longitude = 14.55, 108.2
    producer.save()
    response = client.get(reverse("catalogue:map"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Hợp tác xã Nông nghiệp Đăk Kôi" in html
    assert 'id="ban-do"' not in html and "leaflet" not in html
    assert "<script>" not in html  # no inline script (CSP)


@pytest.mark.django_db
def test_without_a_tile_server_the_map_uses_its_built_in_base(client, coffee, settings):
    settings.OCOP_MAP_TILE_URL = ""
    html = client.get(reverse("catalogue:map")).content.decode()
    assert 'id="ban-do"' in html and 'data-tile-url=""' in html
    assert 'data-outline-url="/static/vendor/world-atlas/countries-50m.json"' in html
    assert finders.find("vendor/world-atlas/countries-50m.json")
    assert finders.find("vendor/topojson-client/topojson-client.min.js")
    assert "Hợp tác xã Nông nghiệp Đăk Kôi" in html
    assert "<script>" not in html


@pytest.mark.django_db
def test_the_map_page_names_the_tile_server_and_the_data_endpoint(client, coffee, settings):
    settings.OCOP_MAP_TILE_URL = "https://tiles.example.vn/{z}/{x}/{y}.png"
    producer = coffee.producer
    producer.latitude, producer.longitude = 14.55, 108.2
    producer.save()
    html = client.get(reverse("catalogue:map")).content.decode()
    assert 'data-tile-url="https://tiles.example.vn/{z}/{x}/{y}.png"' in html
    assert 'data-endpoint="/api/v1/map.geojson"' in html
    # The first view frames the located producers.
    assert 'data-extent="108.20000,14.55000,108.20000,14.55000"' in html
    assert "catalogue/map.js" in html and "vendor/leaflet/leaflet.js" in html


@pytest.mark.django_db
def test_the_public_pages_carry_no_staff_navigation(client, coffee, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("quantri", password="x"))
    html = client.get(reverse("catalogue:search")).content.decode()
    assert "Đăng xuất" not in html and "csrfmiddlewaretoken" not in html


def _count_queries(client, url, params=None):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params or {})
    assert response.status_code == 200
    return len(queries)


def _make_products(count, *, commune=None):
    for index in range(count):
        producer = ProducerFactory(commune=commune) if commune else ProducerFactory()
        product = ProductFactory(name=f"Cà phê số {index}", producer=producer, commune=producer.commune)
        issue_certificate(product, stars=3 + index % 3, expires_in_days=500 + index)


@pytest.mark.django_db
@pytest.mark.usefixtures("no_cache")
@pytest.mark.parametrize("url_name", ["catalogue:search", "catalogue:map"])
def test_list_pages_cost_the_same_queries_for_few_and_many_rows(client, url_name):
    commune = legacy_commune("23485")
    _make_products(2, commune=commune)
    few = _count_queries(client, reverse(url_name))
    _make_products(10, commune=commune)
    many = _count_queries(client, reverse(url_name))
    assert few == many
    assert few <= 12


@pytest.mark.django_db
@pytest.mark.usefixtures("no_cache")
def test_the_commune_page_costs_the_same_queries_for_few_and_many_rows(client):
    _make_products(2, commune=legacy_commune("23485"))
    url = reverse("catalogue:commune", args=["23485"])
    few = _count_queries(client, url)
    _make_products(10, commune=current_commune("23485"))
    assert _count_queries(client, url) == few
    assert few <= 14


@pytest.mark.django_db
def test_a_certificate_expiring_tomorrow_is_still_in_force_today(client):
    product = ProductFactory(name="Chè dây")
    certificate = issue_certificate(product, stars=3, expires_in_days=1)
    assert certificate.expires_on == timezone.localdate() + timedelta(days=1)
    assert client.get(product_url(product)).context["card"].stars == 3


def test_filter_options_are_escaped_once_and_the_chosen_one_is_marked():
    from ocop.catalogue.templatetags.catalogue_tags import escaped_options, select_options

    options = escaped_options([(1, 'Tỉnh "A" & B'), ("x<", "Xã <C>")])
    html = select_options(options, 1)
    assert html == (
        '<option value="1" selected>Tỉnh &quot;A&quot; &amp; B</option>'
        '<option value="x&lt;">Xã &lt;C&gt;</option>'
    )
    assert select_options(options, None).count(" selected") == 0
