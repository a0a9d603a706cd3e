"""A member's sheet goes through the confirmation summary (criteria still at 0 listed), the
chair's close is refused for divergence, the chair reopens one sheet with a reason, the
member re-scores and the chair closes. Screenshots at 375 px and 1280 px are kept under
test-results/screenshots/ (git-ignored) for review."""

import re
from pathlib import Path

from playwright.sync_api import expect

from ocop.core.demo import DEMO_PASSWORD
from ocop.councils import services
from ocop.councils.models import CouncilEvaluation, CouncilMember, ScoreSheet, SheetStatus
from ocop.councils.tests.helpers import sheet_with_total
from ocop.criteria import catalog
from ocop.evaluation.models import Dossier, DossierState
from ocop.notifications.models import Notification

SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-results" / "screenshots"
WIDTHS = (375, 1280)


def snap(page, name: str) -> None:
    """The page at a phone's and a desktop's width, full length."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    size = page.viewport_size
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        path = SCREENSHOTS / f"council-{name}-{width}.png"
        page.screenshot(path=str(path), full_page=True)
        assert path.stat().st_size > 0
    page.set_viewport_size(size)


def tick(page, points: dict[str, int]) -> None:
    """Choose the options worth `points` (criterion code → points), then fire the change
    event a click would, so the live total updates."""
    page.evaluate(
        """(points) => { let last = null;
             for (const [code, value] of Object.entries(points)) {
               const radio = document.querySelector(`input[name="c_${code}"][value="${value}"]`);
               if (radio) { radio.checked = true; last = radio; } }
             last.dispatchEvent(new Event("change", {bubbles: true})); }""",
        points,
    )


def test_confirm_refused_close_reopen_rescore_close(page, login, demo):
    council = demo["province_council"]
    dossier = Dossier.objects.get(product__name="Cà phê hạt rang Đắk Tơ Lung", state=DossierState.ACCEPTED)
    chair = CouncilMember.objects.get(council=council, user__username="hoidong1").user
    evaluation = services.evaluation_open(actor=chair, council=council, dossier=dossier)
    for username, total in (("hoidong1", 76), ("hoidong3", 78)):
        member = CouncilMember.objects.get(council=council, user__username=username)
        services.sheet_save(actor=member.user, evaluation=evaluation, points=sheet_with_total(13, total), submit=True)
    cset = catalog.get_set(13)
    full = sheet_with_total(13, 60)
    # Part C left untouched: its criteria stay at 0 or unanswered.
    left = [leaf for leaf in cset.leaves if leaf.part == "C"]
    partial = {code: value for code, value in full.items() if code not in {leaf.code for leaf in left}}

    # 1. The member fills part of the sheet and presses "Nộp phiếu": a summary, not a submission.
    login(page, "hoidong2", DEMO_PASSWORD)
    page.goto(f"/hoi-dong/danh-gia/{evaluation.pk}/cham-diem/")
    tick(page, partial)
    page.get_by_role("button", name="Nộp phiếu").click()
    warnings = page.get_by_test_id("confirm-warnings")
    expect(warnings).to_be_visible()
    for leaf in left:
        expect(warnings).to_contain_text(f"{leaf.code}. {leaf.title}")
    expect(page.get_by_test_id("confirm-effect")).to_contain_text("chỉ Chủ tịch Hội đồng mở lại được")
    snap(page, "1-sheet-summary")
    assert not ScoreSheet.objects.filter(evaluation=evaluation, member__user__username="hoidong2",
                                         status=SheetStatus.SUBMITTED).exists()

    # 2. Cancel keeps the entries as a draft; the member completes the sheet and confirms.
    page.get_by_role("button", name="Quay lại sửa phiếu (lưu nháp)").click()
    expect(page.get_by_text("Đã lưu nháp phiếu đánh giá.")).to_be_visible()
    tick(page, full)
    expect(page.get_by_test_id("total")).to_have_text("60")
    page.get_by_role("button", name="Nộp phiếu").click()
    expect(page.get_by_test_id("confirm-summary")).to_contain_text("60")
    page.get_by_role("button", name="Xác nhận nộp phiếu").click()
    expect(page.get_by_text("Đã nộp phiếu đánh giá.")).to_be_visible()
    expect(page.get_by_test_id("sheet-status")).to_have_text("Đã nộp")

    # 3. The chair's close is refused: spread and diverging members are shown.
    page.context.clear_cookies()
    login(page, "hoidong1", DEMO_PASSWORD)
    page.goto(f"/hoi-dong/danh-gia/{evaluation.pk}/")
    page.get_by_role("button", name="Kết thúc chấm điểm", exact=True).click()
    expect(page.get_by_test_id("confirm-warnings")).to_contain_text("quá 10 điểm")
    page.get_by_role("button", name="Xác nhận kết thúc chấm điểm").click()
    panel = page.get_by_test_id("divergence")
    expect(panel).to_be_visible()
    expect(page.get_by_test_id("divergence-now")).to_contain_text("18")
    member_row = page.get_by_test_id("divergence-members").get_by_role("row", name=re.compile(r"^Phạm Thị Lan"))
    expect(member_row).to_contain_text("Chênh lệch quá 10 điểm")
    expect(member_row).to_contain_text("Lê Văn Bình")  # she is apart from both others
    expect(member_row).to_contain_text("Đinh Văn Sơn")
    expect(page.get_by_test_id("divergence-criteria")).to_be_attached()
    snap(page, "2-refused-close")

    # 4. The chair reopens that member's sheet with a reason; she is notified.
    panel.get_by_label("Phạm Thị Lan", exact=False).check()
    panel.get_by_label("Lý do mở lại").fill("Hội đồng thống nhất chấm lại Phần C sau thảo luận.")
    panel.get_by_role("button", name="Mở lại phiếu đã chọn").click()
    expect(page.get_by_text("Đã mở lại phiếu để chấm lại: Phạm Thị Lan")).to_be_visible()
    notice = Notification.objects.get(recipient__username="hoidong2", event_key__contains=":reopen:")
    assert "chấm lại Phần C" in notice.body

    # 5. The member re-scores within the threshold and submits (confirmed).
    page.context.clear_cookies()
    login(page, "hoidong2", DEMO_PASSWORD)
    page.goto(notice.url)
    expect(page.get_by_test_id("sheet-status")).to_have_text("Đang chấm (nháp)")
    tick(page, sheet_with_total(13, 72))
    expect(page.get_by_test_id("total")).to_have_text("72")
    page.get_by_role("button", name="Nộp phiếu").click()
    page.get_by_role("button", name="Xác nhận nộp phiếu").click()
    expect(page.get_by_test_id("sheet-status")).to_have_text("Đã nộp")

    # 6. The chair closes: (76 + 72 + 78) / 3.
    page.context.clear_cookies()
    login(page, "hoidong1", DEMO_PASSWORD)
    page.goto(f"/hoi-dong/danh-gia/{evaluation.pk}/")
    expect(page.get_by_test_id("divergence-now")).to_contain_text("Đã trong giới hạn")
    page.get_by_role("button", name="Kết thúc chấm điểm", exact=True).click()
    expect(page.get_by_test_id("confirm-summary")).to_contain_text("6,00 điểm (giới hạn 10 điểm)")
    page.get_by_role("button", name="Xác nhận kết thúc chấm điểm").click()
    expect(page.get_by_test_id("average")).to_have_text("75,33")
    snap(page, "3-closed")
    assert CouncilEvaluation.objects.get(pk=evaluation.pk).status == "closed"
