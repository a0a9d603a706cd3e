"""A dossier from the producer to an evaluation round, in a real browser (QĐ 26/2026 Điều
6–7): chuthe1 files an upgrade dossier for its coffee, the commune returns it for
completion, the producer completes and resubmits it, the commune issues Mẫu 03 and forwards
it, the provincial office accepts it into the suggested round."""

import re

from playwright.sync_api import expect

from ocop.core.demo import DEMO_PASSWORD
from ocop.evaluation.demo import sample_pdf
from tests.e2e.evidence import upload_evidence
from tests.uploads import png_bytes

COFFEE = "Cà phê bột Robusta Đăk Kôi"


def _as(page, login, username):
    page.context.clear_cookies()
    login(page, username, DEMO_PASSWORD)


def _card(page, button_name):
    """The small form of one workflow move on the dossier page."""
    return page.locator("form").filter(has=page.get_by_role("button", name=button_name, exact=True))


def _open_from_todo(page):
    page.goto("/ho-so/viec-can-lam/")
    page.get_by_role("link", name=COFFEE).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(COFFEE)


def test_a_dossier_goes_from_the_producer_to_a_round(page, login, demo):
    # 1. The producer files an upgrade dossier (its 3★ coffee aims at 4★).
    _as(page, login, "chuthe1")
    page.goto("/ho-so/")
    page.get_by_role("link", name="+ Lập hồ sơ").click()
    page.get_by_label("Sản phẩm").select_option(label=f"{COFFEE} – Hợp tác xã Nông nghiệp Đăk Kôi")
    page.get_by_label("Lần đăng ký đánh giá").select_option(label="Nâng hạng")
    page.get_by_role("button", name="Lập hồ sơ").click()
    expect(page.get_by_text("Đã lập hồ sơ")).to_be_visible()
    expect(page.locator("#trang-thai")).to_contain_text("Nháp")
    missing = page.locator("#con-thieu")
    expect(missing).to_contain_text("Mẫu 01: chưa nhập chức vụ người đại diện.")
    expect(missing).to_contain_text("Công bố chất lượng sản phẩm: chưa có tài liệu")
    dossier_url = page.url

    page.get_by_role("link", name="Sửa Mẫu 01").click()
    expect(page.locator("#buoc-hien-tai")).to_contain_text("Bước 1/2")
    page.get_by_label("Chức vụ").fill("Giám đốc")
    page.get_by_role("button", name="Tiếp tục →").click()
    expect(page.locator("#buoc-hien-tai")).to_contain_text("Bước 2/2")
    expect(page.get_by_label("Sản phẩm mẫu (số lượng)")).to_have_value("5")
    page.get_by_role("button", name="Lưu và hoàn tất").click()
    expect(page.get_by_text("Đã lưu Phiếu đăng ký (Mẫu 01).")).to_be_visible()

    page.get_by_role("link", name="Sửa Mẫu 02").click()
    steps = [
        {"Địa chỉ thường trú của người đại diện": "Thôn 5, xã Đăk Kôi, tỉnh Quảng Ngãi"},
        {
            "8. Lịch sử hình thành của chủ thể (các giai đoạn hình thành và phát triển)": "Thành lập năm 2018 từ tổ hợp tác cà phê của đồng bào Xơ Đăng.",
            "9. Cơ cấu tổ chức của chủ thể": "Hội đồng quản trị, Giám đốc, Ban kiểm soát, tổ sản xuất.",
        },
        {
            "Tổ chức vùng nguyên liệu, công nghệ sản xuất, sơ chế, chế biến, đóng gói": "Vùng nguyên liệu 40 ha; rang xay tại xưởng HTX.",
            "Sự thay đổi về chất lượng sản phẩm (tiêu chuẩn, bao bì, nhãn mác, đóng gói…)": "Bao bì van một chiều, nhãn song ngữ.",
            "Thị trường phân phối sản phẩm": "Điểm bán OCOP trong tỉnh, sàn thương mại điện tử.",
            "Kết quả sản xuất, kinh doanh (doanh thu, lợi nhuận)": "Doanh thu 1.250.000.000 đồng, lợi nhuận 180.000.000 đồng.",
            "Những thay đổi so với lần được công nhận": "Đạt 3 sao năm 2024; nay có mã truy xuất nguồn gốc và ISO 22000.",
        },
        {},  # Phần III: the latest self-assessment is chosen by default
        {"Phần IV. Kế hoạch sản xuất, kinh doanh (định hướng phát triển sản phẩm, tổ chức sản xuất, thị trường)": "Đưa sản phẩm vào chuỗi siêu thị năm 2027."},
    ]
    for number, texts in enumerate(steps, start=1):
        expect(page.locator("#buoc-hien-tai")).to_contain_text(f"Bước {number}/5")
        for label, value in texts.items():
            page.get_by_label(label, exact=True).fill(value)
        if number == 4:
            expect(page.get_by_label("Phiếu tự đánh giá (Phần III)")).not_to_have_value("")
        page.get_by_role("button", name="Tiếp tục →" if number < 5 else "Lưu và hoàn tất").click()
    expect(page.get_by_text("Đã lưu Báo cáo tự đánh giá (Mẫu 02).")).to_be_visible()

    # 2. Evidence: the producer-wide papers are reused from the library; the rest uploaded.
    page.get_by_role("link", name="Tải lên, dùng lại tài liệu").click()
    expect(page.get_by_role("heading", name=re.compile("1. Giấy đăng ký kinh doanh"))).to_be_visible()
    expect(page.get_by_role("link", name="Giấy chứng nhận đăng ký hợp tác xã (dữ liệu mẫu)")).to_be_visible()
    # An executable renamed .pdf is refused, with the reason.
    upload_evidence(page, "11. Công bố chất lượng sản phẩm", "cong-bo.pdf", "application/pdf", b"MZ\x90\x00" + b"\x00" * 200)
    expect(page.get_by_text("không phải là PDF hoặc ảnh hợp lệ")).to_be_visible()
    upload_evidence(page, "11. Công bố chất lượng sản phẩm", "cong-bo.pdf", "application/pdf", sample_pdf("cong bo"))
    expect(page.get_by_text("Đã tải lên")).to_be_visible()
    upload_evidence(
        page, "12. Phiếu kết quả kiểm nghiệm chỉ tiêu chất lượng, an toàn thực phẩm theo tiêu chuẩn công bố",
        "kiem-nghiem.png", "image/png", png_bytes(), **{"Hiệu lực đến ngày": "2027-10-31"},
    )
    expect(page.get_by_text("Đã tải lên")).to_be_visible()

    page.goto(dossier_url)
    expect(page.get_by_text("Hồ sơ đã đủ thành phần")).to_be_visible()
    page.get_by_role("button", name="Nộp hồ sơ cho UBND xã").click()
    expect(page.get_by_test_id("confirm-summary")).to_contain_text("UBND xã Đăk Kôi")
    page.get_by_role("button", name="Xác nhận nộp hồ sơ cho UBND xã").click()
    expect(page.locator("#trang-thai")).to_contain_text("Đã nộp UBND xã")

    # 3. The commune receives it and returns it for completion.
    _as(page, login, "xa.dakkoi")
    _open_from_todo(page)
    page.get_by_role("button", name="Tiếp nhận và kiểm tra hồ sơ").click()
    expect(page.locator("#trang-thai")).to_contain_text("UBND xã đang kiểm tra")
    expect(page.locator("#so-phieu")).to_contain_text(re.compile(r"-NH/PĐK-51-23485-\d{4}"))
    card = _card(page, "Trả lại để hoàn thiện")
    card.get_by_label("Ý kiến").fill("Bổ sung giấy chứng nhận đăng ký nhãn hiệu.")
    card.get_by_role("button", name="Trả lại để hoàn thiện").click()
    expect(page.locator("#trang-thai")).to_contain_text("Trả lại để hoàn thiện")

    # 4. The producer sees why, completes and resubmits.
    _as(page, login, "chuthe1")
    page.goto(dossier_url)
    expect(page.locator("#dien-bien")).to_contain_text("Bổ sung giấy chứng nhận đăng ký nhãn hiệu.")
    page.get_by_role("link", name="Tải lên, dùng lại tài liệu").click()
    upload_evidence(page, "7. Sở hữu trí tuệ", "nhan-hieu.pdf", "application/pdf", sample_pdf("nhan hieu"))
    expect(page.get_by_text("Đã tải lên")).to_be_visible()
    page.goto(dossier_url)
    page.get_by_role("button", name="Nộp lại hồ sơ đã hoàn thiện").click()
    page.get_by_role("button", name="Xác nhận nộp lại hồ sơ đã hoàn thiện").click()
    expect(page.locator("#trang-thai")).to_contain_text("Đã nộp UBND xã")

    # 5. The commune checks the four local contents, issues Mẫu 03 and forwards.
    _as(page, login, "xa.dakkoi")
    _open_from_todo(page)
    page.get_by_role("button", name="Tiếp nhận và kiểm tra hồ sơ").click()
    page.get_by_role("link", name="Lập Mẫu 03").click()
    page.get_by_label("Số báo cáo").fill("31/BC-UBND")
    page.get_by_label("1. Về sử dụng nguyên liệu địa phương").fill("Cà phê trồng tại thôn 3, thôn 5 của xã.")
    page.get_by_label("2. Về sử dụng lao động địa phương").fill("23/25 lao động là người địa phương.")
    page.get_by_label("3. Nguồn gốc ý tưởng sản phẩm").fill("Sản phẩm truyền thống, cải tiến cách rang.")
    page.get_by_label("4. Bản sắc/trí tuệ địa phương").fill("Kinh nghiệm trồng, rang của đồng bào Xơ Đăng.")
    page.get_by_label("Người ký", exact=True).fill("Nguyễn Văn Phong")
    page.get_by_role("button", name="Lưu").click()
    expect(page.get_by_text("Đã lưu báo cáo Mẫu 03.")).to_be_visible()
    page.get_by_role("button", name="Ban hành báo cáo (Mẫu 03)").click()
    expect(page.get_by_test_id("confirm-summary")).to_contain_text("31/BC-UBND")
    page.get_by_role("button", name="Xác nhận ban hành Mẫu 03").click()
    expect(page.locator("#trang-thai")).to_contain_text("Mẫu 03")
    card = _card(page, "Gửi hồ sơ đề nghị lên UBND cấp tỉnh")
    card.get_by_label("Số văn bản đề nghị").fill("45/UBND-KT")
    expect(card.get_by_label("Số sản phẩm mẫu gửi kèm")).to_have_value("5")
    card.get_by_role("button", name="Gửi hồ sơ đề nghị lên UBND cấp tỉnh").click()
    expect(page.locator("#trang-thai")).to_contain_text("Đã gửi UBND tỉnh")
    expect(page.locator("#ma-san-pham")).to_contain_text(re.compile(r"51-23485-\d{2}-\d{4}"))
    with page.expect_download() as download:
        page.get_by_role("link", name="DOCX").nth(2).click()
    assert download.value.suggested_filename.startswith("mau-03_51-23485-")

    # 6. The provincial office receives it and accepts it into the suggested round.
    _as(page, login, "tinh")
    _open_from_todo(page)
    page.get_by_role("button", name="Tiếp nhận hồ sơ đề nghị").click()
    expect(page.locator("#trang-thai")).to_contain_text("Cơ quan tham mưu cấp tỉnh đang kiểm tra")
    card = _card(page, "Tiếp nhận vào đợt đánh giá")
    expect(card.get_by_label("Đợt đánh giá")).not_to_have_value("")
    card.get_by_role("button", name="Tiếp nhận vào đợt đánh giá").click()
    expect(page.locator("#trang-thai")).to_contain_text("Đã tiếp nhận vào đợt đánh giá")
    page.locator("dd a[href*='/ho-so/dot/']").click()
    expect(page.get_by_role("link", name=COFFEE)).to_be_visible()
    expect(page.locator("#dem-trang-thai")).to_contain_text("Đã tiếp nhận vào đợt đánh giá: ")

    # The producer follows it: status and the whole history.
    _as(page, login, "chuthe1")
    page.goto(dossier_url)
    expect(page.locator("#trang-thai")).to_contain_text("Đã tiếp nhận vào đợt đánh giá")
    # create, submit, receive, return, resubmit, receive, issue_report, forward, office_receive, accept
    expect(page.locator("#dien-bien tbody tr")).to_have_count(10)
