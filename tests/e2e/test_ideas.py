"""Steps 2–3 of the yearly cycle in a real browser: a producer registers an idea, the commune
reviews it, the province approves the year's list, and the idea becomes a product with an
approved business plan."""

import re

from playwright.sync_api import expect

from ocop.core.demo import DEMO_PASSWORD
from ocop.products.models import ProductCategory

IDEA = "Trà lá vối Kon Braih"


def switch_user(page, login, username):
    page.context.clear_cookies()
    login(page, username, DEMO_PASSWORD)


def status_is(page, text):
    expect(page.locator("#trang-thai")).to_have_text(text)


def test_an_idea_goes_from_the_producer_to_the_yearly_list_and_becomes_a_product(page, login, demo):
    # 1. The producer registers the idea and sends it to the commune.
    login(page, "chuthe2", DEMO_PASSWORD)
    page.goto("/y-tuong/")
    page.get_by_role("link", name="+ Đăng ký ý tưởng").click()
    page.get_by_label("Tên ý tưởng/sản phẩm").fill(IDEA)
    page.get_by_label("Chủ thể").select_option(label="Hợp tác xã Dịch vụ nông nghiệp Kon Braih")
    tea = ProductCategory.objects.get(criteria_set=12)
    page.get_by_label("Bộ sản phẩm (Phụ lục I, QĐ 26/2026/QĐ-TTg)").select_option(label=f"12. {tea.criteria_set_name}")
    page.get_by_label("Mô tả ý tưởng").fill("Trà lá vối sao khô, đóng túi lọc.")
    page.get_by_label("Nguồn nguyên liệu").fill("Cây vối trồng tại vườn của thành viên hợp tác xã.")
    page.get_by_label("Thị trường dự kiến").fill("Cửa hàng OCOP, khách du lịch.")
    page.get_by_role("button", name="Lưu").click()
    expect(page.get_by_text("Đã lưu phiếu đăng ký ý tưởng")).to_be_visible()
    status_is(page, "Nháp")
    idea_url = page.url
    page.get_by_role("button", name="Gửi UBND xã").click()
    status_is(page, "Đã gửi UBND xã")
    expect(page.get_by_role("button", name="Đề nghị đưa vào danh sách")).to_have_count(0)

    # 2. The commune officer reviews it and proposes it for the list.
    switch_user(page, login, "xa.konbraih")
    page.goto(idea_url)
    page.get_by_label("Ý kiến – Đề nghị đưa vào danh sách").fill("Sản phẩm có nguyên liệu tại chỗ, đủ điều kiện.")
    page.get_by_role("button", name="Đề nghị đưa vào danh sách").click()
    status_is(page, "Xã đề nghị đưa vào danh sách")
    expect(page.get_by_text("Sản phẩm có nguyên liệu tại chỗ, đủ điều kiện.")).to_be_visible()

    # 3. The provincial office approves the 2026 list with it.
    switch_user(page, login, "tinh")
    page.goto("/y-tuong/danh-sach/")
    page.get_by_role("link", name="+ Phê duyệt danh sách năm").click()
    page.get_by_label("Cấp phê duyệt").select_option(label="Tỉnh Quảng Ngãi")
    page.get_by_label("Năm", exact=True).select_option("2026")
    page.get_by_role("button", name="Xem ý tưởng đủ điều kiện").click()
    page.get_by_role("checkbox", name=re.compile(IDEA)).check()
    page.get_by_label("Số, ký hiệu quyết định").fill("152/QĐ-UBND")
    page.get_by_label("Ngày ký").fill("2026-04-20")
    page.get_by_label("Người ký", exact=True).fill("Trần Phước Hiền")
    page.get_by_label("Chức vụ người ký").fill("Phó Chủ tịch")
    page.get_by_role("button", name="Phê duyệt danh sách").click()
    expect(page.get_by_text("Đã ghi Quyết định số 152/QĐ-UBND")).to_be_visible()
    expect(page.locator("#danh-sach").get_by_role("row", name=re.compile(IDEA))).to_contain_text("QĐ 152/QĐ-UBND ngày 20/04/2026")
    with page.expect_download() as download:
        page.get_by_role("link", name="Tải danh sách (DOCX)").click()
    assert download.value.suggested_filename.endswith(".docx")

    # 4. The producer writes the business plan and sends it; the commune forwards it; the
    #    province approves it.
    switch_user(page, login, "chuthe2")
    page.goto(idea_url)
    status_is(page, "Trong danh sách được phê duyệt")
    page.get_by_role("link", name="+ Lập phương án").click()
    expect(page.get_by_label("Tên phương án")).to_have_value(f"Phương án sản xuất, kinh doanh {IDEA}")
    page.locator("input[name='dau_tu-0-item']").fill("Máy sao chè")
    page.locator("input[name='dau_tu-0-amount']").fill("60000000")
    page.locator("input[name='nam-0-year']").fill("2026")
    page.locator("input[name='nam-0-revenue']").fill("240000000")
    page.locator("input[name='nam-0-cost']").fill("170000000")
    page.get_by_role("button", name="Lưu").click()
    expect(page.locator("#bang-nam")).to_contain_text("70.000.000 đ")  # profit computed
    plan_url = page.url
    page.get_by_role("button", name="Gửi UBND xã").click()
    status_is(page, "Đã gửi UBND xã")

    switch_user(page, login, "xa.konbraih")
    page.goto(plan_url)
    page.get_by_role("button", name="Đề nghị tỉnh phê duyệt").click()
    status_is(page, "Xã đã xem xét, đề nghị tỉnh phê duyệt")

    switch_user(page, login, "tinh")
    page.goto(plan_url)
    page.get_by_role("button", name="Phê duyệt phương án").click()
    status_is(page, "Đã phê duyệt")

    # 5. The idea has matured: the producer turns it into a product.
    switch_user(page, login, "chuthe2")
    page.goto(idea_url)
    page.get_by_label("Tên sản phẩm").fill(f"{IDEA} túi lọc")
    page.get_by_role("button", name="Chuyển thành sản phẩm").click()
    expect(page.get_by_text(f"Ý tưởng đã thành sản phẩm “{IDEA} túi lọc”")).to_be_visible()
    expect(page.get_by_role("heading", name=f"{IDEA} túi lọc")).to_be_visible()

    page.goto(plan_url)
    expect(page.get_by_role("link", name=f"{IDEA} túi lọc")).to_be_visible()

    from ocop.business_plans.selectors import approved_business_plan_for
    from ocop.products.models import Product

    product = Product.objects.get(name=f"{IDEA} túi lọc")
    assert approved_business_plan_for(product).title == f"Phương án sản xuất, kinh doanh {IDEA}"
