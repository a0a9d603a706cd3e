"""The public catalogue on a phone (375 px), anonymous: search without diacritics, open a
product, check its honest certificate status, and follow its QR code."""

import re

import pytest
from django.core.cache import cache
from playwright.sync_api import expect

from ocop.catalogue.tests.helpers import add_listing, certified_robusta, issue_certificate, revoke
from ocop.core.qr import qr_svg
from tests.factories import ProducerFactory, ProductFactory


@pytest.fixture(autouse=True)
def _fresh_cache():
    # The live server runs in this process: its cache must not hold another test's pages.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def catalogue_data(phone_page, settings, live_server):
    # QR payloads are OCOP_SITE_URL + path: point it at the live server so the code's
    # address can be followed.
    settings.OCOP_SITE_URL = live_server.url
    producer = ProducerFactory(
        name="Hợp tác xã Nông nghiệp Đăk Kôi", phone="0912345678", email="htx@example.vn", public_contact=False
    )
    coffee = certified_robusta(producer, story="Người Xơ Đăng trồng cà phê dưới tán rừng già.")
    add_listing(coffee)
    wine = ProductFactory(name="Rượu cần Đắk Ruồng", producer=producer)
    revoke(issue_certificate(wine, stars=3, expires_in_days=380))
    ProductFactory(name="Cà phê phin giấy (đang hoàn thiện)", producer=producer)
    return {"coffee": coffee, "wine": wine}


def _fits_the_screen(page) -> None:
    overflow = page.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0


def test_a_buyer_finds_a_product_and_follows_its_qr_code_on_a_phone(phone_page, catalogue_data, live_server):
    page = phone_page
    page.goto("/ocop/")
    _fits_the_screen(page)
    page.get_by_label("Tên sản phẩm, chủ thể").fill("ca phe")  # no diacritics
    page.get_by_role("button", name="Tìm", exact=True).click()

    results = page.locator("#ket-qua")
    expect(results.get_by_role("link", name="Cà phê bột Robusta Đăk Kôi")).to_be_visible()
    # A product without a certificate is not public.
    expect(results).not_to_contain_text("Cà phê phin giấy")
    _fits_the_screen(page)

    results.get_by_role("link", name="Cà phê bột Robusta Đăk Kôi").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Cà phê bột Robusta Đăk Kôi")
    expect(page.locator("#tinh-trang")).to_have_text("Còn hiệu lực")
    expect(page.locator("#chung-nhan")).to_contain_text("4 sao")
    expect(page.get_by_text("Người Xơ Đăng trồng cà phê dưới tán rừng già.")).to_be_visible()
    expect(page.get_by_role("link", name="Shopee")).to_be_visible()
    # No consent to publish contacts: the phone number is nowhere on the page.
    assert "0912345678" not in page.content()
    _fits_the_screen(page)

    # The QR image is served and decodes (by construction) to the address under it.
    qr_image = page.get_by_role("img", name="Mã QR dẫn đến trang này")
    expect(qr_image).to_be_visible()
    assert page.evaluate("img => img.naturalWidth > 0", qr_image.element_handle())
    payload = page.locator("#dia-chi-qr").inner_text().strip()
    code = page.locator("#ma-san-pham").inner_text().strip()
    assert payload == f"{live_server.url}/ocop/san-pham/{code}/"
    svg = page.request.get(qr_image.get_attribute("src"))
    assert svg.status == 200 and svg.headers["content-type"].startswith("image/svg+xml")
    assert svg.text() == qr_svg(payload)

    # Following the QR code's address lands on the same product page.
    page.goto(payload)
    expect(page.get_by_role("heading", level=1)).to_have_text("Cà phê bột Robusta Đăk Kôi")


def test_a_revoked_certificate_is_shown_plainly_on_a_phone(phone_page, catalogue_data):
    page = phone_page
    page.goto("/ocop/?q=ruou+can")
    page.locator("#ket-qua").get_by_role("link", name="Rượu cần Đắk Ruồng").click()
    expect(page.locator("#tinh-trang")).to_have_text("Đã bị thu hồi")
    expect(page.locator("#chung-nhan")).to_contain_text("không còn được sử dụng nhãn OCOP")
    # The link to the register's public verification page works without login.
    page.locator("#chung-nhan").get_by_role("link", name="Trang xác minh giấy chứng nhận").click()
    expect(page).to_have_url(re.compile(r"/giay-chung-nhan/xac-minh/\w+/$"))
    expect(page.locator("#trang-thai")).to_contain_text("thu hồi")


def test_the_map_page_is_a_usable_list_without_tiles_on_a_phone(phone_page, catalogue_data, settings):
    settings.OCOP_MAP_TILE_URL = ""
    phone_page.goto("/ocop/ban-do/")
    expect(phone_page.locator("#danh-sach-chu-the")).to_contain_text("Hợp tác xã Nông nghiệp Đăk Kôi")
    _fits_the_screen(phone_page)


def test_the_map_shows_producers_and_says_so_when_tiles_fail(phone_page, catalogue_data, settings, live_server):
    # Map Leaflet as the lead will in settings (docs/catalogue.md) and use a tile server
    # that answers 404, as an intranet without tiles would.
    settings.STATICFILES_DIRS = [
        *settings.STATICFILES_DIRS,
        ("vendor/leaflet", settings.NODE_MODULES / "leaflet" / "dist"),
    ]
    settings.OCOP_MAP_TILE_URL = live_server.url + "/khong-co-ban-do/{z}/{x}/{y}.png"
    producer = catalogue_data["coffee"].producer
    producer.latitude, producer.longitude = 14.55, 108.21
    producer.save()
    errors = []
    phone_page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    phone_page.goto("/ocop/ban-do/")
    expect(phone_page.locator("#ban-do")).to_be_visible()
    expect(phone_page.locator("#ban-do .leaflet-interactive")).to_have_count(1)
    expect(phone_page.locator("#ban-do-thong-bao")).to_have_text(re.compile("Không tải được bản đồ nền"))
    expect(phone_page.locator("#danh-sach-chu-the")).to_contain_text("Hợp tác xã Nông nghiệp Đăk Kôi")
    # Only the failing tiles complain; nothing breaks the content security policy.
    assert not [e for e in errors if "Content Security Policy" in e]
    _fits_the_screen(phone_page)


def test_the_map_draws_its_built_in_base_and_points_with_the_network_blocked(
    phone_page, catalogue_data, settings, live_server, monkeypatch
):
    """An intranet install: nothing outside the site answers. The default public tile
    server is configured, but the browser reaches only the test server."""
    from ocop.catalogue import maps
    from ocop.catalogue.tests.helpers import issue_certificate as certify
    from tests.e2e.conftest import ARTIFACTS_DIR

    settings.OCOP_MAP_TILE_URL = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
    # Few producers here: group them from 3 on so that the clusters are exercised too.
    monkeypatch.setattr(maps, "MAP_POINTS_MAX", 2)
    for index in range(4):
        producer = ProducerFactory(name=f"Hợp tác xã Kon Rẫy {index}", latitude=14.5 + index * 0.02, longitude=108.2)
        certify(ProductFactory(producer=producer), stars=3)
    outside = []

    def only_local(route):
        if route.request.url.startswith(live_server.url):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    page = phone_page
    page.route("**/*", only_local)
    page.goto("/ocop/ban-do/")
    expect(page.locator("#ban-do")).to_be_visible()
    # The built-in base: Vietnam's outline as SVG paths, and the archipelagos' names.
    expect(page.locator("#ban-do path.nen-ban-do-viet-nam")).to_have_count(1, timeout=15_000)
    assert page.locator("#ban-do path.nen-ban-do-lan-can").count() >= 3
    expect(page.locator("#ban-do .nhan-ban-do")).to_contain_text(["Quần đảo Hoàng Sa", "Quần đảo Trường Sa"])
    expect(page.locator("#ban-do-thong-bao")).to_have_text(re.compile("Không tải được bản đồ nền"))
    # Points: four producers grouped in one cluster at the first view.
    cluster = page.locator("#ban-do .cum-ban-do")
    expect(cluster.first).to_be_visible()
    assert sum(int(text) for text in cluster.all_inner_texts()) == 4
    ARTIFACTS_DIR.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS_DIR / "ban-do-khong-co-mang.png"))
    # Clicking a cluster zooms in until producers are drawn one by one.
    for _ in range(6):
        if not page.locator("#ban-do .cum-ban-do").count():
            break
        page.locator("#ban-do .cum-ban-do").first.click()
        page.wait_for_timeout(600)
    expect(page.locator("#ban-do path.leaflet-interactive").first).to_be_visible()
    # Only the tiles were attempted outside, and nothing else left the site.
    assert outside and all(url.startswith("https://tile.openstreetmap.org/") for url in outside)
    _fits_the_screen(page)
