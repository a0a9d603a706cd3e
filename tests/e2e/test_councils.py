"""Issue 5 journey: the provincial council scores a dossier, the chair closes, the
provincial office issues the decision, and the certificate PDF carries the verification QR."""

import io
import json

import segno
from playwright.sync_api import expect

from ocop.certificates.documents import verification_url
from ocop.core.demo import DEMO_PASSWORD
from ocop.core.documents import pdf_text
from ocop.councils import services
from ocop.councils.models import CouncilEvaluation, CouncilMember
from ocop.councils.tests.helpers import sheet_with_total
from ocop.evaluation.models import Dossier, DossierState


def _qr_matches(pdf: bytes, payload: str) -> bool:
    """Read the QR image out of the PDF and compare its modules with the symbol of `payload`."""
    from PIL import Image
    from pypdf import PdfReader

    symbol = segno.make(payload, error="m")
    modules = [list(row) for row in symbol.matrix]
    size = len(modules)
    for page in PdfReader(io.BytesIO(pdf)).pages:
        for image in page.images:
            picture = Image.open(io.BytesIO(image.data)).convert("L")
            if abs(picture.width - picture.height) > 2:
                continue
            cell = picture.width / (size + 4)  # the PNG has a 2-module quiet zone each side
            read = [
                [1 if picture.getpixel((int((2 + c + 0.5) * cell), int((2 + r + 0.5) * cell))) < 128 else 0 for c in range(size)]
                for r in range(size)
            ]
            if read == modules:
                return True
    return False


def test_council_scores_closes_and_the_province_certifies_with_a_qr(page, login, demo):
    council = demo["province_council"]
    dossier = Dossier.objects.get(product__name="Cà phê hạt rang Đắk Tơ Lung", state=DossierState.ACCEPTED)

    # The chair opens scoring and fills in the sheet in the browser.
    login(page, "hoidong1", DEMO_PASSWORD)
    page.goto(f"/hoi-dong/{council.pk}/")
    page.locator("li", has_text=dossier.product.name).get_by_role("button", name="Bắt đầu chấm điểm").click()
    expect(page.get_by_text("Đã bắt đầu chấm điểm hồ sơ.")).to_be_visible()
    page.goto("/hoi-dong/viec-cham-diem/")
    page.get_by_role("row", name=dossier.product.name).get_by_role("link", name="Chấm điểm").click()
    expect(page.get_by_test_id("evidence")).to_be_visible()
    points = sheet_with_total(13, 76)
    page.evaluate(
        """(points) => { for (const [code, value] of Object.entries(points)) {
             if (code === "1.1") continue;
             const radio = document.querySelector(`input[name="c_${code}"][value="${value}"]`);
             if (radio) radio.checked = true; } }""",
        points,
    )
    page.locator(f'input[name="c_1.1"][value="{points["1.1"]}"]').check()  # a real change for htmx
    expect(page.get_by_test_id("total")).to_have_text("76")
    page.get_by_role("button", name="Lưu nháp").click()
    expect(page.get_by_text("Đã lưu nháp phiếu đánh giá.")).to_be_visible()
    page.get_by_role("button", name="Nộp phiếu").click()
    expect(page.get_by_test_id("confirm-summary")).to_contain_text("76")
    page.get_by_role("button", name="Xác nhận nộp phiếu").click()
    expect(page.get_by_text("Đã nộp phiếu đánh giá.")).to_be_visible()
    expect(page.get_by_test_id("sheet-status")).to_have_text("Đã nộp")

    # The two members submit through the service (same rules, faster).
    evaluation = CouncilEvaluation.objects.get(council=council, dossier=dossier)
    for username, total in (("hoidong2", 74), ("hoidong3", 78)):
        member = CouncilMember.objects.get(council=council, user__username=username)
        services.sheet_save(actor=member.user, evaluation=evaluation, points=sheet_with_total(13, total), submit=True)

    page.goto(f"/hoi-dong/danh-gia/{evaluation.pk}/")
    expect(page.get_by_test_id("progress")).to_have_text("3/3 thành viên đã chấm")
    page.get_by_role("button", name="Kết thúc chấm điểm").click()
    expect(page.get_by_test_id("confirm-summary")).to_contain_text("3/3 thành viên đã chấm")
    page.get_by_role("button", name="Xác nhận kết thúc chấm điểm").click()
    expect(page.get_by_test_id("average")).to_have_text("76,00")
    expect(page.get_by_test_id("council-stars")).to_have_text("4 sao")

    # The provincial office issues the decision.
    page.context.clear_cookies()
    login(page, "tinh", DEMO_PASSWORD)
    page.goto(f"/hoi-dong/{council.pk}/")
    page.get_by_role("link", name="Lập quyết định công nhận").click()
    page.get_by_label("Số quyết định").fill("2150/QĐ-UBND")
    page.get_by_label("Người ký").fill("Nguyễn Văn A")
    page.get_by_role("button", name="Ban hành quyết định và cấp giấy chứng nhận").click()
    expect(page.get_by_test_id("confirm-table")).to_contain_text(dossier.product.name)
    expect(page.get_by_test_id("confirm-table")).to_contain_text("2150.01/GCN-OCOP")
    page.get_by_role("button", name="Xác nhận ban hành và cấp giấy chứng nhận").click()
    expect(page.get_by_text("Đã ban hành Quyết định số 2150/QĐ-UBND")).to_be_visible()

    evaluation.refresh_from_db()
    assert evaluation.dossier.state == DossierState.RECOGNISED
    certificate = evaluation.certificate
    assert certificate.stars == 4
    href = page.get_by_role("link", name="Giấy chứng nhận (PDF)").first.get_attribute("href")
    response = page.request.get(href, timeout=60_000)  # rendered (WeasyPrint) on the first download
    assert response.ok
    pdf = response.body()
    assert pdf.startswith(b"%PDF")
    url = verification_url(certificate)
    assert url.endswith(f"/giay-chung-nhan/xac-minh/{certificate.public_code}/")
    assert certificate.public_code in pdf_text(pdf)
    assert _qr_matches(pdf, url), json.dumps({"url": url})
    # The decision itself downloads as DOCX.
    docx = page.request.get(f"/hoi-dong/quyet-dinh/{evaluation.decision_id}.docx")
    assert docx.ok and docx.body()[:2] == b"PK"
