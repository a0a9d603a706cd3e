"""Plans in a real browser: Sở Công Thương's staff report progress on their own task, with a
PDF as evidence; the provincial office sees it on the dashboard, whose server-drawn charts
render under the site's Content-Security-Policy."""

import re

from playwright.sync_api import expect

from ocop.core.demo import DEMO_PASSWORD

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
NARRATIVE = "Đã hỗ trợ 5 chủ thể mở gian hàng trên sàn Postmart"


def _open_from_menu(page, section: str, entry: str) -> None:
    menu = page.get_by_role("navigation", name="Điều hướng chính")
    menu.get_by_role("button", name=section, exact=True).click()
    menu.get_by_role("link", name=entry, exact=True).click()


def _csp_errors(page) -> list[str]:
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if "Content Security Policy" in message.text else None)
    return errors


def test_agency_staff_update_their_task_and_the_province_sees_it_on_the_dashboard(page, login, demo):
    csp_errors = _csp_errors(page)
    login(page, "nganh.congthuong", DEMO_PASSWORD)
    _open_from_menu(page, "Kế hoạch", "Nhiệm vụ")
    expect(page.get_by_role("heading", name="Nhiệm vụ được giao")).to_be_visible()
    # Only Sở Công Thương's own tasks are listed.
    expect(page.get_by_text("Sở Tài chính tỉnh Quảng Ngãi")).to_have_count(0)
    page.get_by_role("link", name=re.compile("lên sàn thương mại điện tử")).click()

    expect(page.get_by_text("Chưa bắt đầu").first).to_be_visible()
    page.get_by_label("Tiến độ (%)").fill("60")
    page.get_by_label("Kết quả đã thực hiện").fill(NARRATIVE)
    page.get_by_label(re.compile("Minh chứng")).set_input_files(
        files=[{"name": "bien-ban-ho-tro.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    page.get_by_role("button", name="Lưu tiến độ").click()
    expect(page.get_by_text("Đã cập nhật tiến độ.")).to_be_visible()
    expect(page.locator("#tien-do")).to_have_text("60%")
    expect(page.get_by_text("Đang thực hiện").first).to_be_visible()
    expect(page.get_by_role("link", name="bien-ban-ho-tro.pdf")).to_be_visible()

    page.context.clear_cookies()
    login(page, "tinh", DEMO_PASSWORD)
    _open_from_menu(page, "Kế hoạch", "Bảng điều khiển")
    expect(page.get_by_label("Năm")).to_have_value("2026")
    recent = page.locator("#cap-nhat-gan-day li").first
    expect(recent).to_contain_text("Sở Công Thương tỉnh Quảng Ngãi")
    expect(recent).to_contain_text("60%")
    expect(recent).to_contain_text(NARRATIVE)
    row = page.locator("#tien-do-don-vi tr", has_text="Sở Công Thương tỉnh Quảng Ngãi")
    expect(row).to_be_visible()

    # Charts are drawn on demand when they scroll into view (htmx `intersect once`): scroll to each
    # and wait for its drawing (the first chart of a fresh process imports matplotlib).
    placeholders = page.locator("figure.chart-lazy")
    for index in range(placeholders.count()):
        placeholder = placeholders.nth(index)
        placeholder.scroll_into_view_if_needed()
        expect(placeholder.locator("svg.ocop-chart")).to_be_attached(timeout=30_000)
    charts = page.locator("svg.ocop-chart")
    assert charts.count() >= 6
    expect(charts.first).to_be_visible()
    # The bars keep their colours: the SVG carries attributes, not inline styles (CSP).
    fill = page.evaluate(
        "() => getComputedStyle(document.querySelector('svg.ocop-chart path[fill=\"#0072b2\"]')).fill"
    )
    assert fill == "rgb(0, 114, 178)"
    width = page.evaluate("() => document.querySelector('svg.ocop-chart').getBoundingClientRect().width")
    assert width > 300

    # The old-territory view of the 2024 plan lists the seven former communes.
    page.get_by_label("Năm").select_option("2024")
    page.get_by_role("button", name="Xem").click()
    page.get_by_label("Địa bàn").select_option(label="Theo đơn vị lúc ghi nhận (địa giới cũ)")
    page.get_by_role("button", name="Xem").click()
    expect(page.get_by_role("rowheader", name=re.compile("Xã Đắk Tơ Lung"))).to_be_visible()
    assert csp_errors == []
