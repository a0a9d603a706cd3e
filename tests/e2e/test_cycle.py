"""The whole OCOP cycle in a real browser, each role starting its step from its home page
(issue 19): the producer files a dossier from the checklist and submits it (confirmation);
the commune receives it from its queue, issues Mẫu 03 (confirmation) and forwards it; the
province accepts it into a round and starts the council's scoring; the members score from
their home (one submits a sheet with criteria at 0: the summary lists them); the chair's close
is refused for divergence, the chair reopens that sheet with a reason, the member re-scores and
the close succeeds (confirmations); the province issues the decision and the certificate
(confirmation); a visitor opens the certificate's QR landing page and sees it in force.

One test, continuous data: the live server's database is emptied after every test. Each
step's key page is kept at 375 px and 1280 px as test-results/screenshots/cycle-NN-*.png
(git-ignored)."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

from playwright.sync_api import expect

from ocop.certificates.documents import verification_url
from ocop.core.demo import DEMO_PASSWORD
from ocop.councils.models import CouncilEvaluation, EvaluationStatus, ScoreSheet, SheetStatus
from ocop.councils.tests.helpers import sheet_with_total
from ocop.criteria import catalog
from ocop.evaluation.demo import sample_pdf
from ocop.evaluation.models import Dossier, DossierState
from tests.e2e.evidence import upload_evidence
from tests.e2e.test_councils import _qr_matches
from tests.uploads import png_bytes

SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-results" / "screenshots"
WIDTHS = (375, 1280)
COFFEE = "Cà phê bột Robusta Đăk Kôi"
PRODUCER = "chuthe1"
COMMUNE = "xa.dakkoi"
PROVINCE = "tinh"
CHAIR, LAN, SON = "hoidong1", "hoidong2", "hoidong3"  # Lan is the member who diverges

SECTION_PRODUCER = "Chủ thể OCOP"
SECTION_COMMUNE = "Cán bộ UBND cấp xã"
SECTION_PROVINCE = "Cơ quan tham mưu OCOP cấp tỉnh"
SECTION_COUNCIL = "Hội đồng đánh giá, Tổ tư vấn"
SCORING_LIST = "Hồ sơ cần chấm điểm (phiên đang mở)"


class Walk:
    """The browser page plus what the walk needs: signing in as a role, the home's work
    entries, numbered screenshots at both widths."""

    def __init__(self, page, login):
        self.page = page
        self.login = login
        self.shot = 0

    def as_user(self, username: str) -> None:
        self.page.context.clear_cookies()
        self.login(self.page, username, DEMO_PASSWORD)
        # Signing in lands on the home: every step starts there.
        expect(self.page.get_by_role("heading", level=1)).to_contain_text("Xin chào")

    def home_entry(self, section: str, work_list: str, item: str):
        """The line of `item` in the list `work_list` of the home's `section`."""
        self.page.locator("a.navbar-brand").click()  # the site's name leads home
        home = self.page.locator("section.home-section", has_text=section)
        expect(home).to_be_visible()
        entry = home.locator(".home-list", has_text=work_list).locator("li", has_text=item)
        expect(entry).to_be_visible()
        return entry

    def follow_home(self, section: str, work_list: str, item: str, action: str, snap: str = "") -> None:
        """Click the next step the home offers for `item`, checking its label."""
        entry = self.home_entry(section, work_list, item)
        link = entry.locator("a.home-action")
        expect(link).to_have_text(action)
        if snap:
            self.snap(snap)
        link.click()
        self.page.wait_for_load_state()

    def snap(self, name: str) -> None:
        self.shot += 1
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        size = self.page.viewport_size
        for width in WIDTHS:
            self.page.set_viewport_size({"width": width, "height": 900})
            path = SCREENSHOTS / f"cycle-{self.shot:02d}-{name}-{width}.png"
            self.page.screenshot(path=str(path), full_page=True)
            assert path.stat().st_size > 0
        self.page.set_viewport_size(size)

    def card(self, button_name: str):
        """The small form of one workflow move on the dossier page."""
        return self.page.locator("form").filter(has=self.page.get_by_role("button", name=button_name, exact=True))

    def tick(self, points: dict[str, int]) -> None:
        """Choose the options worth `points`, then fire the change a click would (live total)."""
        self.page.evaluate(
            """(points) => { let last = null;
                 for (const [code, value] of Object.entries(points)) {
                   const radio = document.querySelector(`input[name="c_${code}"][value="${value}"]`);
                   if (radio) { radio.checked = true; last = radio; } }
                 last.dispatchEvent(new Event("change", {bubbles: true})); }""",
            points,
        )


def producer_files_and_submits(walk: Walk) -> None:
    page = walk.page
    walk.as_user(PRODUCER)
    # The home lists the producer's dossiers; "Xem tất cả" leads to them and to "Lập hồ sơ".
    home = page.locator("section.home-section", has_text=SECTION_PRODUCER)
    expect(home).to_be_visible()
    walk.snap("chu-the-trang-chu")
    home.locator(".home-list", has_text="Hồ sơ của bạn").get_by_role("link", name=re.compile(r"^Xem tất cả")).click()
    page.get_by_role("link", name="+ Lập hồ sơ").click()
    page.get_by_label("Sản phẩm").select_option(label=f"{COFFEE} – Hợp tác xã Nông nghiệp Đăk Kôi")
    page.get_by_label("Lần đăng ký đánh giá").select_option(label="Nâng hạng")
    # The checklist before the dossier exists, for this product group and regime.
    checklist = page.locator("#danh-muc")
    expect(checklist).to_contain_text("Hồ sơ nâng hạng cần có")
    expect(checklist).to_contain_text("QĐ 26/2026/QĐ-TTg")
    expect(checklist).to_contain_text("Công bố chất lượng sản phẩm")
    walk.snap("chu-the-danh-muc-ho-so")
    page.get_by_role("button", name="Lập hồ sơ").click()
    expect(page.get_by_text("Đã lập hồ sơ")).to_be_visible()

    page.get_by_role("link", name="Sửa Mẫu 01").click()
    expect(page.locator("#buoc-hien-tai")).to_contain_text("Bước 1/2")
    page.get_by_label("Chức vụ").fill("Giám đốc")
    page.get_by_role("button", name="Tiếp tục →").click()
    page.get_by_role("button", name="Lưu và hoàn tất").click()
    expect(page.get_by_text("Đã lưu Phiếu đăng ký (Mẫu 01).")).to_be_visible()

    page.get_by_role("link", name="Sửa Mẫu 02").click()
    steps = [
        {"Địa chỉ thường trú của người đại diện": "Thôn 5, xã Đăk Kôi, tỉnh Quảng Ngãi"},
        {
            "8. Lịch sử hình thành của chủ thể (các giai đoạn hình thành và phát triển)": "Thành lập năm 2018 từ tổ hợp tác cà phê.",
            "9. Cơ cấu tổ chức của chủ thể": "Hội đồng quản trị, Giám đốc, Ban kiểm soát, tổ sản xuất.",
        },
        {
            "Tổ chức vùng nguyên liệu, công nghệ sản xuất, sơ chế, chế biến, đóng gói": "Vùng nguyên liệu 40 ha; rang xay tại xưởng.",
            "Sự thay đổi về chất lượng sản phẩm (tiêu chuẩn, bao bì, nhãn mác, đóng gói…)": "Bao bì van một chiều.",
            "Thị trường phân phối sản phẩm": "Điểm bán OCOP trong tỉnh, sàn thương mại điện tử.",
            "Kết quả sản xuất, kinh doanh (doanh thu, lợi nhuận)": "Doanh thu 1.250.000.000 đồng.",
            "Những thay đổi so với lần được công nhận": "Đạt 3 sao năm 2024; nay có mã truy xuất nguồn gốc.",
        },
        {},
        {"Phần IV. Kế hoạch sản xuất, kinh doanh (định hướng phát triển sản phẩm, tổ chức sản xuất, thị trường)": "Vào chuỗi siêu thị năm 2027."},
    ]
    for number, texts in enumerate(steps, start=1):
        expect(page.locator("#buoc-hien-tai")).to_contain_text(f"Bước {number}/5")
        for label, value in texts.items():
            page.get_by_label(label, exact=True).fill(value)
        page.get_by_role("button", name="Tiếp tục →" if number < 5 else "Lưu và hoàn tất").click()
    expect(page.get_by_text("Đã lưu Báo cáo tự đánh giá (Mẫu 02).")).to_be_visible()

    page.get_by_role("link", name="Tải lên, dùng lại tài liệu").click()
    upload_evidence(page, "11. Công bố chất lượng sản phẩm", "cong-bo.pdf", "application/pdf", sample_pdf("cong bo"))
    expect(page.get_by_text("Đã tải lên")).to_be_visible()
    upload_evidence(
        page, "12. Phiếu kết quả kiểm nghiệm chỉ tiêu chất lượng, an toàn thực phẩm theo tiêu chuẩn công bố",
        "kiem-nghiem.png", "image/png", png_bytes(), **{"Hiệu lực đến ngày": "2027-10-31"},
    )
    expect(page.get_by_text("Đã tải lên")).to_be_visible()
    page.get_by_role("navigation", name="breadcrumb").get_by_role("link", name=COFFEE).click()
    expect(page.get_by_text("Hồ sơ đã đủ thành phần")).to_be_visible()
    page.get_by_role("button", name="Nộp hồ sơ cho UBND xã").click()
    summary = page.get_by_test_id("confirm-summary")
    expect(summary).to_contain_text("UBND xã Đăk Kôi")
    expect(summary).to_contain_text("Nâng hạng")
    expect(page.get_by_test_id("confirm-effect")).to_contain_text("15 ngày làm việc")
    walk.snap("chu-the-xac-nhan-nop")
    assert Dossier.objects.get(product__name=COFFEE, state=DossierState.DRAFT)
    page.get_by_role("button", name="Xác nhận nộp hồ sơ cho UBND xã").click()
    expect(page.locator("#trang-thai")).to_contain_text("Đã nộp UBND xã")


def commune_reports_and_forwards(walk: Walk) -> None:
    page = walk.page
    walk.as_user(COMMUNE)
    walk.follow_home(SECTION_COMMUNE, "Hồ sơ chờ UBND xã kiểm tra, lập Mẫu 03, gửi đi", COFFEE,
                     "Tiếp nhận và kiểm tra hồ sơ", snap="xa-trang-chu")
    expect(page.get_by_role("heading", level=1)).to_contain_text(COFFEE)
    page.get_by_role("button", name="Tiếp nhận và kiểm tra hồ sơ").click()
    expect(page.locator("#trang-thai")).to_contain_text("UBND xã đang kiểm tra")
    page.get_by_role("link", name="Lập Mẫu 03").click()
    page.get_by_label("Số báo cáo").fill("58/BC-UBND")
    page.get_by_label("1. Về sử dụng nguyên liệu địa phương").fill("Cà phê trồng tại thôn 3, thôn 5 của xã.")
    page.get_by_label("2. Về sử dụng lao động địa phương").fill("23/25 lao động là người địa phương.")
    page.get_by_label("3. Nguồn gốc ý tưởng sản phẩm").fill("Sản phẩm truyền thống, cải tiến cách rang.")
    page.get_by_label("4. Bản sắc/trí tuệ địa phương").fill("Kinh nghiệm trồng, rang của đồng bào Xơ Đăng.")
    page.get_by_label("Người ký", exact=True).fill("Nguyễn Văn Phong")
    page.get_by_role("button", name="Lưu").click()
    expect(page.get_by_text("Đã lưu báo cáo Mẫu 03.")).to_be_visible()
    page.get_by_role("button", name="Ban hành báo cáo (Mẫu 03)").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Xác nhận: ban hành báo cáo (Mẫu 03) cho “{COFFEE}”")
    expect(page.get_by_test_id("confirm-summary")).to_contain_text("58/BC-UBND")
    walk.snap("xa-xac-nhan-mau-03")
    page.get_by_role("button", name="Xác nhận ban hành Mẫu 03").click()
    expect(page.locator("#trang-thai")).to_contain_text("Mẫu 03")
    card = walk.card("Gửi hồ sơ đề nghị lên UBND cấp tỉnh")
    card.get_by_label("Số văn bản đề nghị").fill("61/UBND-KT")
    card.get_by_role("button", name="Gửi hồ sơ đề nghị lên UBND cấp tỉnh").click()
    expect(page.locator("#trang-thai")).to_contain_text("Đã gửi UBND tỉnh")
    walk.snap("xa-da-gui-tinh")


def province_accepts_and_starts_scoring(walk: Walk, council) -> CouncilEvaluation:
    page = walk.page
    walk.as_user(PROVINCE)
    walk.follow_home(SECTION_PROVINCE, "Hồ sơ đề nghị chờ tỉnh tiếp nhận", COFFEE, "Tiếp nhận hồ sơ đề nghị",
                     snap="tinh-trang-chu")
    page.get_by_role("button", name="Tiếp nhận hồ sơ đề nghị").click()
    expect(page.locator("#trang-thai")).to_contain_text("Cơ quan tham mưu cấp tỉnh đang kiểm tra")
    card = walk.card("Tiếp nhận vào đợt đánh giá")
    expect(card.get_by_label("Đợt đánh giá")).not_to_have_value("")
    # The suggested round is next year's, which has no council yet: the office chooses the
    # open round of this year's council.
    council_round = council.rounds.filter(status="open").order_by("id").first()
    card.get_by_label("Đợt đánh giá").select_option(value=str(council_round.pk))
    card.get_by_role("button", name="Tiếp nhận vào đợt đánh giá").click()
    expect(page.locator("#trang-thai")).to_contain_text("Đã tiếp nhận vào đợt đánh giá")

    walk.follow_home(SECTION_PROVINCE, "Hồ sơ đã tiếp nhận, chờ Hội đồng bắt đầu chấm điểm", COFFEE,
                     "Bắt đầu chấm điểm", snap="tinh-cho-cham-diem")
    waiting = page.locator("li", has_text=COFFEE).filter(has=page.get_by_role("button", name="Bắt đầu chấm điểm"))
    walk.snap("tinh-trang-hoi-dong")
    waiting.get_by_role("button", name="Bắt đầu chấm điểm").click()
    expect(page.get_by_text("Đã bắt đầu chấm điểm hồ sơ.")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text(COFFEE)
    return CouncilEvaluation.objects.get(dossier__product__name=COFFEE, status=EvaluationStatus.SCORING)


def member_scores(walk: Walk, username: str, points: dict[str, int], total: str) -> None:
    page = walk.page
    walk.as_user(username)
    walk.follow_home(SECTION_COUNCIL, SCORING_LIST, COFFEE, "Chấm điểm")
    walk.tick(points)
    expect(page.get_by_test_id("total")).to_have_text(total)
    page.get_by_role("button", name="Nộp phiếu").click()
    expect(page.get_by_test_id("confirm-summary")).to_contain_text(total)
    page.get_by_role("button", name="Xác nhận nộp phiếu").click()
    expect(page.get_by_test_id("sheet-status")).to_have_text("Đã nộp")


def chair_opens_the_session(walk: Walk) -> None:
    """From the home, through the chair's own (submitted) sheet, to the session page."""
    walk.as_user(CHAIR)
    walk.follow_home(SECTION_COUNCIL, SCORING_LIST, COFFEE, "Xem phiếu")
    walk.page.get_by_role("navigation", name="breadcrumb").get_by_role("link", name=COFFEE).click()
    expect(walk.page.get_by_role("heading", level=1)).to_contain_text(COFFEE)


def test_the_whole_cycle_from_the_producer_to_the_public_verification_through_the_homes(page, login, demo):
    walk = Walk(page, login)
    producer_files_and_submits(walk)
    commune_reports_and_forwards(walk)
    evaluation = province_accepts_and_starts_scoring(walk, demo["province_council"])
    cset = catalog.get_set(evaluation.criteria_set, evaluation.criteria_version)

    # Two members score in full from their home.
    member_scores(walk, CHAIR, sheet_with_total(cset.number, 76), "76")
    member_scores(walk, SON, sheet_with_total(cset.number, 78), "78")

    # Lan leaves part C untouched: the summary lists those criteria; she submits anyway.
    walk.as_user(LAN)
    walk.follow_home(SECTION_COUNCIL, SCORING_LIST, COFFEE, "Chấm điểm", snap="thanh-vien-trang-chu")
    left = [leaf for leaf in cset.leaves if leaf.part == "C"]
    walk.tick({code: value for code, value in sheet_with_total(cset.number, 60).items()
               if code not in {leaf.code for leaf in left}})
    page.get_by_role("button", name="Nộp phiếu").click()
    warnings = page.get_by_test_id("confirm-warnings")
    for leaf in left:
        expect(warnings).to_contain_text(f"{leaf.code}. {leaf.title}")
    walk.snap("thanh-vien-xac-nhan-phieu-0-diem")
    page.get_by_role("button", name="Xác nhận nộp phiếu").click()
    expect(page.get_by_test_id("sheet-status")).to_have_text("Đã nộp")
    low = ScoreSheet.objects.get(evaluation=evaluation, member__user__username=LAN)
    assert low.status == SheetStatus.SUBMITTED and low.total < 66

    # The chair's close: confirmation first (all submitted, the spread over the limit)...
    chair_opens_the_session(walk)
    page.get_by_role("button", name="Kết thúc chấm điểm", exact=True).click()
    expect(page.get_by_test_id("confirm-summary")).to_contain_text("3/3 thành viên đã chấm")
    expect(page.get_by_test_id("confirm-warnings")).to_contain_text("quá 10 điểm")
    walk.snap("chu-tich-xac-nhan-ket-thuc-chenh-lech")
    page.get_by_role("button", name="Xác nhận kết thúc chấm điểm").click()
    # ... then refused: the panel names the diverging member, the chair reopens her sheet.
    panel = page.get_by_test_id("divergence")
    expect(panel).to_be_visible()
    row = page.get_by_test_id("divergence-members").get_by_role("row", name=re.compile(r"^Phạm Thị Lan"))
    expect(row).to_contain_text("Chênh lệch quá 10 điểm")
    walk.snap("chu-tich-tu-choi-ket-thuc")
    panel.get_by_label("Phạm Thị Lan", exact=False).check()
    panel.get_by_label("Lý do mở lại").fill("Hội đồng thống nhất chấm lại Phần C sau thảo luận.")
    panel.get_by_role("button", name="Mở lại phiếu đã chọn").click()
    expect(page.get_by_text("Đã mở lại phiếu để chấm lại: Phạm Thị Lan")).to_be_visible()
    assert CouncilEvaluation.objects.get(pk=evaluation.pk).status == EvaluationStatus.SCORING

    # Lan finds her reopened sheet on her home and re-scores.
    member_scores(walk, LAN, sheet_with_total(cset.number, 74), "74")

    # The chair closes: (76 + 78 + 74) / 3 = 76.
    chair_opens_the_session(walk)
    page.get_by_role("button", name="Kết thúc chấm điểm", exact=True).click()
    expect(page.get_by_test_id("confirm-summary")).to_contain_text("4,00 điểm (giới hạn 10 điểm)")
    expect(page.get_by_test_id("confirm-warnings")).to_have_count(0)
    walk.snap("chu-tich-xac-nhan-ket-thuc")
    page.get_by_role("button", name="Xác nhận kết thúc chấm điểm").click()
    expect(page.get_by_test_id("average")).to_have_text("76,00")
    expect(page.get_by_test_id("council-stars")).to_have_text("4 sao")
    walk.snap("chu-tich-da-ket-thuc")

    # The province issues the decision and the certificate from its home.
    walk.as_user(PROVINCE)
    walk.follow_home(SECTION_PROVINCE, "Kết quả Hội đồng chờ quyết định công nhận hoặc chuyển cấp trên", COFFEE,
                     "Lập quyết định công nhận", snap="tinh-ket-qua-cho-quyet-dinh")
    for box in page.locator("input[name=evaluation]").all():
        box.uncheck()
    page.get_by_label(COFFEE).check()
    page.get_by_label("Số quyết định").fill("2208/QĐ-UBND")
    page.get_by_label("Người ký").fill("Nguyễn Văn A")
    page.get_by_role("button", name="Ban hành quyết định và cấp giấy chứng nhận").click()
    table = page.get_by_test_id("confirm-table")
    expect(table).to_contain_text(COFFEE)
    expect(table).to_contain_text("2208.01/GCN-OCOP")
    walk.snap("tinh-xac-nhan-quyet-dinh")
    page.get_by_role("button", name="Xác nhận ban hành và cấp giấy chứng nhận").click()
    expect(page.get_by_text("Đã ban hành Quyết định số 2208/QĐ-UBND")).to_be_visible()
    evaluation.refresh_from_db()
    assert evaluation.dossier.state == DossierState.RECOGNISED
    certificate = evaluation.certificate
    href = page.get_by_role("row", name=re.compile(COFFEE)).get_by_role("link", name="Giấy chứng nhận (PDF)").get_attribute("href")
    pdf = page.request.get(href, timeout=60_000)
    assert pdf.ok and pdf.body().startswith(b"%PDF")
    url = verification_url(certificate)
    assert _qr_matches(pdf.body(), url)

    # A visitor scans the QR: the public page says the certificate is in force.
    # (The QR carries the site's configured address; here the same path on the test server.)
    page.context.clear_cookies()
    page.goto(urlsplit(url).path)
    expect(page.locator("#trang-thai")).to_have_text("Còn hiệu lực")
    expect(page.get_by_role("heading", name=COFFEE)).to_be_visible()
    expect(page.get_by_text("2208.01/GCN-OCOP")).to_be_visible()
    expect(page.get_by_role("link", name="Đăng xuất")).to_have_count(0)
    walk.snap("khach-xac-minh-giay-chung-nhan")
