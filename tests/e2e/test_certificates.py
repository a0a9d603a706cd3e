"""Certificate register in a real browser: the provincial office imports its Excel list,
watches the due dashboard and starts the re-evaluation of a certificate in its window; anyone checks a
revoked certificate by its public page."""

import re
from datetime import date, timedelta

from django.utils import timezone
from playwright.sync_api import expect

from ocop.certificates.models import Certificate
from ocop.certificates.tests.sheets import row, xlsx_bytes
from ocop.core.demo import DEMO_PASSWORD
from ocop.criteria.regimes import add_months
from ocop.evaluation.models import Dossier, DossierKind


def register_with_one_certificate_in_its_window() -> bytes:
    """Two rows: a legacy commune of 2024, and one whose expiry falls in the re-evaluation
    window today (150 days ahead), issued by whichever level existed on its date."""
    today = timezone.localdate()
    decided = add_months(today + timedelta(days=150), -36)
    if decided < date(2025, 7, 1):
        window_row = row(product="Trà sâm dây Kon Rẫy", producer="Hợp tác xã Sâm dây Đắk Rve", commune="Thị trấn Đắk Rve",
                         criteria_set=12, decision="410/QĐ-UBND", decided=decided.strftime("%d/%m/%Y"), number="E2E-02")
    else:
        window_row = row(product="Trà sâm dây Kon Rẫy", producer="Hợp tác xã Sâm dây Đắk Rve", commune="Xã Đăk Rve",
                         district="", province="Quảng Ngãi", criteria_set=12, decision="410/QĐ-UBND",
                         decided=decided.strftime("%d/%m/%Y"), number="E2E-02", level="tỉnh")
    first = row(number="E2E-01", decided="20/10/2024", decision="395/QĐ-UBND")
    return xlsx_bytes([first, window_row], title_rows=[["SỔ THEO DÕI SẢN PHẨM OCOP HUYỆN KON RẪY"]])


def test_the_province_imports_a_list_and_finds_a_certificate_due_for_reevaluation(page, login, demo, job_worker):
    login(page, "tinh", DEMO_PASSWORD)
    page.goto("/giay-chung-nhan/")
    page.get_by_role("link", name="Nhập danh sách có sẵn").click()
    page.get_by_label("Tệp danh sách (.xlsx hoặc .csv UTF-8)").set_input_files(
        {
            "name": "so-ocop-kon-ray.xlsx",
            "mimeType": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "buffer": register_with_one_certificate_in_its_window(),
        }
    )
    page.get_by_role("button", name="Tải lên và kiểm tra").click()
    # Checked by a job: its page shows the progress, then opens the preview.

    expect(page.locator("#ket-qua")).to_contain_text("Tệp hợp lệ")
    preview = page.locator("#xem-truoc")
    expect(preview.get_by_role("row", name=re.compile("E2E-01"))).to_contain_text("Xã Đắk Tơ Lung (nay là Xã Đăk Kôi)")
    expect(page.locator("#tom-tat")).to_contain_text("2")
    assert not Certificate.objects.filter(number__startswith="E2E-").exists()  # nothing before confirming

    page.get_by_role("button", name="Xác nhận nhập").click()
    expect(page.get_by_text("Đã nhập 2 giấy chứng nhận")).to_be_visible()
    assert Certificate.objects.filter(number__startswith="E2E-").count() == 2

    page.get_by_role("link", name="Theo dõi hiệu lực").click()
    expect(page.get_by_role("heading", name="Theo dõi hiệu lực giấy chứng nhận")).to_be_visible()
    expect(page.locator("#bang-dem")).to_contain_text("Trong thời hạn nộp hồ sơ đánh giá lại")
    due_row = page.locator("#can-xu-ly").get_by_role("row", name=re.compile("E2E-02"))
    expect(due_row).to_contain_text("Trong thời hạn nộp hồ sơ đánh giá lại")
    due_row.get_by_role("link", name="E2E-02").click()

    expect(page.get_by_role("heading", name="Giấy chứng nhận số E2E-02")).to_be_visible()
    expect(page.locator("#tinh-trang")).to_have_text("Trong thời hạn nộp hồ sơ đánh giá lại")
    expect(page.locator("#danh-gia-lai-trang-thai")).to_have_text("Có thể bắt đầu đánh giá lại")
    page.get_by_role("button", name="Bắt đầu đánh giá lại").click()

    # The re-evaluation dossier of the imported product, ready for its producer to complete.
    expect(page.get_by_role("heading", name=re.compile("Hồ sơ đánh giá lại: Trà sâm dây Kon Rẫy"))).to_be_visible()
    expect(page.get_by_text("Đã lập hồ sơ đánh giá lại")).to_be_visible()
    certificate = Certificate.objects.get(number="E2E-02")
    assert Dossier.objects.get(certificate_ref=certificate.pk).kind == DossierKind.REEVALUATION


def test_an_anonymous_visitor_sees_that_a_revoked_certificate_is_revoked(page, demo):
    revoked = Certificate.objects.get(product__name="Rượu cần Đắk Ruồng")
    page.goto(f"/giay-chung-nhan/xac-minh/{revoked.public_code}/")
    expect(page.locator("#trang-thai")).to_have_text("Đã bị thu hồi")
    expect(page.get_by_role("heading", name="Rượu cần Đắk Ruồng")).to_be_visible()
    expect(page.get_by_role("link", name="Đăng xuất")).to_have_count(0)
