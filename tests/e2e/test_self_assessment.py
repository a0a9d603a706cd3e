"""Issue 3 journey: a producer self-assesses a coffee product (bộ 13) in the browser."""

from playwright.sync_api import expect

from ocop.core.demo import DEMO_PASSWORD
from ocop.criteria.models import SelfAssessment
from ocop.products.models import Product


def test_producer_self_assesses_coffee_with_live_totals_minimums_and_advice(page, login, demo):
    coffee = Product.objects.get(name="Cà phê bột Robusta Đăk Kôi")
    SelfAssessment.objects.filter(product=coffee).delete()  # start from an empty sheet
    login(page, "chuthe1", DEMO_PASSWORD)
    page.goto(f"/san-pham/{coffee.pk}/")
    page.get_by_role("link", name="Tự đánh giá theo bộ tiêu chí").click()
    expect(page.get_by_text("Bộ sản phẩm 13: Cà phê, cacao")).to_be_visible()
    expect(page.get_by_test_id("total")).to_have_text("0")

    # 1.1: raw material 75–100 % from the province (3 points) — the total updates live.
    page.get_by_label("Sử dụng nguyên liệu có nguồn gốc trong tỉnh từ 75% đến 100%").check()
    expect(page.get_by_test_id("total")).to_have_text("3")
    expect(page.get_by_test_id("part-A")).to_have_text("3")

    # Pick the best option everywhere except the product story (5.1: 3 of 5 points): the
    # total is 98, in the 5★ band, but 5.1 carries a 4★ minimum (5 points), so the product
    # is capped at 3★ and the minimum is flagged.
    page.evaluate(
        """() => {
          for (const group of document.querySelectorAll('[role=radiogroup]')) {
            const radios = [...group.querySelectorAll('input[type=radio]')];
            const best = radios.reduce((a, b) => (+b.value > +a.value ? b : a));
            best.checked = true;
          }
        }"""
    )
    # A real click, so the browser fires the change event htmx listens to.
    page.locator('input[name="c_5.1"][value="3"]').check()
    expect(page.get_by_test_id("unmet")).to_contain_text("Tiêu chí 5.1")
    expect(page.locator("#flag-tc-5-1")).to_contain_text("Chưa đạt yêu cầu tối thiểu")
    expect(page.get_by_test_id("advice")).to_contain_text("5.1")
    expect(page.get_by_test_id("total")).to_have_text("98")
    expect(page.get_by_test_id("stars")).to_contain_text("3 sao")

    page.get_by_role("button", name="Lưu phiếu tự đánh giá").click()
    expect(page.get_by_text("Đã lưu phiếu tự đánh giá.")).to_be_visible()
    saved = SelfAssessment.objects.filter(product=coffee).latest("created_at", "id")
    assert (saved.total, saved.band_stars, saved.stars) == (98, 5, 3)
    assert saved.result["unmet_minimums"][0]["criterion"] == "5.1"
