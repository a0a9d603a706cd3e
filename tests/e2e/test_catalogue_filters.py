"""The public catalogue's place filter in a browser: choose a province, type a few letters
of a commune without diacritics, pick the suggestion, and get that commune's products."""

import pytest
from django.core.cache import cache
from playwright.sync_api import expect

from ocop.catalogue.tests.helpers import issue_certificate
from tests.factories import ProducerFactory, ProductFactory, current_commune


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


def test_a_visitor_filters_by_province_and_a_commune_suggested_while_typing(page, live_server):
    dakkoi = current_commune("23485")
    coffee = ProductFactory(name="Cà phê bột Đăk Kôi", producer=ProducerFactory(commune=dakkoi), commune=dakkoi)
    issue_certificate(coffee, stars=4)
    elsewhere = current_commune("23497")
    honey = ProductFactory(name="Mật ong nơi khác", producer=ProducerFactory(commune=elsewhere), commune=elsewhere)
    issue_certificate(honey, stars=3)

    page.goto("/ocop/")
    page.locator("summary", has_text="Bộ lọc và sắp xếp").click()
    page.get_by_label("Tỉnh, thành phố").select_option(label=dakkoi.parent.name)
    page.get_by_label("Xã, phường (hiện hành hoặc trước 1/7/2025)").fill("dak ko")
    # The suggestions come from /api/v1/units into the input's <datalist>.
    expect(page.locator("#xa-goi-y option[value='Xã Đăk Kôi']")).to_have_count(1)
    page.get_by_label("Xã, phường (hiện hành hoặc trước 1/7/2025)").fill("Xã Đăk Kôi")
    page.get_by_role("button", name="Áp dụng").click()

    results = page.locator("#ket-qua")
    expect(results.get_by_role("link", name="Cà phê bột Đăk Kôi")).to_be_visible()
    expect(results).not_to_contain_text("Mật ong nơi khác")
