"""Role homes in a real browser: each role sees its work and reaches the action in one click,
on a phone (375 px) and an office screen (1280 px). Screenshots go to
test-results/screenshots/ (ignored by git)."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect

from ocop.core.demo import DEMO_PASSWORD

SCREENSHOTS = Path(__file__).resolve().parent.parent.parent / "test-results" / "screenshots"

# user → (home section title, a list title on the home, the heading the item leads to)
JOURNEYS = {
    "chuthe1": ("Chủ thể OCOP", "Hồ sơ cần bạn hoàn thiện, nộp", "Mật ong rừng Đăk Kôi"),
    "xa.dakkoi": ("Cán bộ UBND cấp xã", "Hồ sơ chờ UBND xã kiểm tra, lập Mẫu 03, gửi đi", "Cà phê nhân xanh Đăk Kôi"),
    "hoidong1": ("Hội đồng đánh giá, Tổ tư vấn", "Hồ sơ cần chấm điểm (phiên đang mở)", "Cà phê hạt rang Đắk Tơ Lung"),
    "tinh": ("Cơ quan tham mưu OCOP cấp tỉnh", "Hồ sơ đề nghị chờ tỉnh tiếp nhận", "Gạo lúa rẫy Kon Braih"),
}


def _open_scoring(demo) -> None:
    """The demo's accepted dossier goes to the council's scoring, so the chair has a sheet."""
    from ocop.councils import services
    from ocop.evaluation.models import Dossier, DossierState

    dossier = Dossier.objects.get(product__name="Cà phê hạt rang Đắk Tơ Lung", state=DossierState.ACCEPTED)
    services.evaluation_open(actor=demo["users"]["tinh"], council=demo["province_council"], dossier=dossier)


@pytest.mark.parametrize("username", list(JOURNEYS))
@pytest.mark.parametrize("width", [375, 1280])
def test_a_role_sees_its_work_and_reaches_the_action_in_one_click(page, live_server, login, demo, username, width):
    if username == "hoidong1":
        _open_scoring(demo)
    page.set_viewport_size({"width": width, "height": 812 if width == 375 else 800})
    section_title, list_title, item = JOURNEYS[username]
    login(page, username, DEMO_PASSWORD)
    page.goto("/")
    section = page.locator("section.home-section", has_text=section_title)
    expect(section).to_be_visible()
    work = section.locator(".home-list", has_text=list_title)
    expect(work).to_be_visible()
    entry = work.locator("li", has_text=item)
    expect(entry).to_be_visible()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"home-{username}-{width}.png"), full_page=True)
    action = entry.locator("a.home-action")
    label = action.inner_text().strip()
    action.click()
    page.wait_for_load_state()
    assert page.url.rstrip("/") != live_server.url.rstrip("/")
    expect(page.get_by_text(item).first).to_be_visible()
    if username == "hoidong1":
        expect(page.get_by_role("button", name="Lưu nháp")).to_be_visible()
    else:
        # The detail page offers the step the home announced.
        expect(page.get_by_role("button", name=label).first).to_be_visible()
