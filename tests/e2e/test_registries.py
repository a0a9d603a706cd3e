"""Foundation journeys in a real browser: a commune officer registers a producer."""

import re

from playwright.sync_api import expect

from ocop.core.demo import DEMO_PASSWORD


def test_commune_officer_fixes_a_bad_tax_code_and_finds_the_new_producer(page, login, demo):
    login(page, "xa.dakkoi", DEMO_PASSWORD)
    page.goto("/chu-the/")
    page.get_by_role("link", name="+ Thêm chủ thể").click()

    page.get_by_label("Tên chủ thể").fill("Hợp tác xã Cà phê Kon Rẫy Xanh")
    page.get_by_label("Loại hình chủ thể").select_option(label="Hợp tác xã")
    page.get_by_label("Mã số thuế").fill("61012")
    page.get_by_label("Họ tên người đại diện pháp luật").fill("Y Thảo")
    page.get_by_label("Giới tính người đại diện").select_option(label="Nữ")
    page.get_by_label("Địa chỉ").fill("Thôn 3")
    page.get_by_label("Xã, phường").select_option(label="Xã Đăk Kôi – Tỉnh Quảng Ngãi")
    page.get_by_label("Tổng số lao động").fill("12")
    page.get_by_label("Số lao động địa phương").fill("10")
    page.get_by_role("button", name="Lưu").click()

    expect(page.get_by_text("Mã số thuế phải gồm 10 chữ số")).to_be_visible()
    expect(page.get_by_label("Mã số thuế")).to_have_attribute("aria-invalid", "true")
    # Nothing typed is lost: the form comes back filled in.
    expect(page.get_by_label("Tên chủ thể")).to_have_value("Hợp tác xã Cà phê Kon Rẫy Xanh")

    page.get_by_label("Mã số thuế").fill("6101299988")
    page.get_by_role("button", name="Lưu").click()
    expect(page.get_by_text("Đã thêm chủ thể")).to_be_visible()

    page.goto("/chu-the/")
    page.get_by_label("Tìm kiếm").fill("ca phe kon ray xanh")
    page.get_by_role("button", name="Lọc").click()
    expect(page.get_by_role("link", name="Hợp tác xã Cà phê Kon Rẫy Xanh")).to_be_visible()


def test_a_legacy_commune_is_shown_under_todays_commune_on_a_phone(phone_page, login, demo):
    login(phone_page, "xa.dakkoi", DEMO_PASSWORD)
    phone_page.goto("/chu-the/?q=dak+to+lung")
    row = phone_page.get_by_role("row", name=re.compile("Cà phê Đắk Tơ Lung"))
    expect(row).to_contain_text("Xã Đắk Tơ Lung")
    expect(row).to_contain_text("nay là Xã Đăk Kôi")
    # The page fits a 375 px screen: nothing wider than the viewport but the scrolling table.
    overflow = phone_page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0
    # The collapsed menu opens with the toggler.
    phone_page.get_by_role("button", name="Mở menu").click()
    menu = phone_page.get_by_role("navigation", name="Điều hướng chính")
    menu.get_by_role("button", name="Danh mục", exact=True).click()
    expect(menu.get_by_role("link", name="Sản phẩm", exact=True)).to_be_visible()
