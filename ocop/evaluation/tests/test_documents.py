"""Mẫu 01, 02, 03 and the proposal letter: generated, opened, and read back."""

from datetime import date

import pytest
from django.urls import reverse

from ocop.core.documents import docx_text, pdf_text
from ocop.evaluation import documents, services
from ocop.evaluation.models import Dossier, EvaluationRound
from ocop.evaluation.tests.builders import complete_dossier, current_dakkoi, make_product


def _walk_to_acceptance(users, *, product_name="Cà phê Robusta rang xay Đăk Kôi"):
    product = make_product(commune=current_dakkoi(), name=product_name)
    dossier = complete_dossier(product, filed_on=date(2026, 11, 2))
    xa, tinh = users["xa.dakkoi"], users["tinh"]
    day = date(2026, 11, 3)
    dossier = services.dossier_transition(actor=xa, dossier=dossier, action="submit", today=day)
    dossier = services.dossier_transition(actor=xa, dossier=dossier, action="receive", today=day)
    services.commune_report_save(
        actor=xa, dossier=dossier, report_number="31/BC-UBND", report_date=date(2026, 11, 10),
        local_materials="Cà phê Robusta trồng tại thôn 3, thôn 5 của xã.",
        local_labour="18/20 lao động là người địa phương.",
        idea_origin="Sản phẩm truyền thống của đồng bào Xơ Đăng.",
        local_identity="Kinh nghiệm rang củi truyền thống tạo hương vị riêng.",
        signer_name="Nguyễn Văn Phong", signer_title="PHÓ CHỦ TỊCH",
    )
    dossier = services.dossier_transition(actor=xa, dossier=dossier, action="issue_report", today=date(2026, 11, 10))
    dossier = services.dossier_transition(
        actor=xa, dossier=dossier, action="forward", today=date(2026, 11, 11),
        letter_number="45/UBND-KT", letter_date=date(2026, 11, 11), samples_count=5,
    )
    dossier = services.dossier_transition(actor=tinh, dossier=dossier, action="office_receive", today=date(2026, 11, 16))
    round_obj = EvaluationRound.objects.get(level="province", year=2027, number=1)
    return services.dossier_transition(actor=tinh, dossier=dossier, action="accept", today=date(2026, 11, 16), round=round_obj)


@pytest.mark.django_db
def test_the_four_documents_carry_the_forms_fields_numbers_and_codes(users):
    dossier = Dossier.objects.select_related("product__category", "producer", "commune", "province").get(
        pk=_walk_to_acceptance(users).pk
    )
    number = dossier.registration_number
    assert number.endswith("/PĐK-51-23485-2026") and number.split("-")[1].startswith("LĐ")
    # Proposed 11/11/2026, after the 30/10 cut-off: evaluated in round 1 of 2027 (Điều 5.1).
    assert dossier.product_code.startswith("51-23485-") and dossier.product_code.endswith("-2027")

    mau01 = docx_text(documents.render_docx("mau-01", dossier))
    for expected in (
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "PHIẾU ĐĂNG KÝ",
        "Tham gia đánh giá, phân hạng sản phẩm OCOP của tỉnh Quảng Ngãi năm 2026",
        "Tên đơn vị: " + dossier.producer.name, "Chức vụ: Giám đốc", "Điện thoại: 0912345678",
        "Tên sản phẩm: Cà phê Robusta rang xay Đăk Kôi", "Cà phê, ca cao",
        "Lần đầu ☒", "Nâng hạng ☐", "Đánh giá lại ☐", "Sản phẩm mẫu (số lượng): 05 sản phẩm",
        "DÀNH CHO ỦY BAN NHÂN DÂN CẤP XÃ", f"Phiếu số: {number}", "Ngày nhận: 03/11/2026",
        "DÀNH CHO CƠ QUAN QUẢN LÝ OCOP CẤP TỈNH", f"Phiếu số: {dossier.office_registration_number}",
        "Ngày nhận: 16/11/2026", "ĐẠI DIỆN", "Quyết định số 19/2025/QĐ-TTg",
    ):
        assert expected in mau01, expected

    mau02 = docx_text(documents.render_docx("mau-02", dossier))
    for expected in (
        "BÁO CÁO TỰ ĐÁNH GIÁ VỀ SẢN PHẨM", "Phần I", "THÔNG TIN CHUNG", "Loại hình tổ chức: Hợp tác xã",
        "Giấy đăng ký kinh doanh: ☒", "Đã công bố chất lượng sản phẩm theo quy định: ☒",
        "cho sản xuất sản phẩm: ☒", "Đã có đăng ký sở hữu trí tuệ: ☐",
        "KẾT QUẢ THỰC HIỆN PHƯƠNG ÁN SẢN XUẤT KINH DOANH", "Doanh thu năm trước 1.250.000.000 đồng",
        "ĐÁNH GIÁ KẾT QUẢ THỰC HIỆN THEO BỘ TIÊU CHÍ SẢN PHẨM OCOP", "13. Cà phê, cacao",
        f"Mã số sản phẩm: {dossier.product_code}", "Câu chuyện sản phẩm", "Tổng điểm tự đánh giá:",
        "Phiếu kết quả kiểm nghiệm", "KẾ HOẠCH SẢN XUẤT, KINH DOANH", "ĐẠI DIỆN THEO PHÁP LUẬT CỦA CƠ SỞ",
    ):
        assert expected in mau02, expected
    total = dossier.self_assessment.total
    assert f"Tổng điểm tự đánh giá: {total}" in mau02
    # The self-scores come from the linked self-assessment, criterion by criterion.
    first_leaf_points = dossier.self_assessment.points["1.1"]
    assert f"1.1\nNguồn nguyên liệu\n3\n{first_leaf_points}\n" in mau02  # one table cell a line

    mau03 = docx_text(documents.render_docx("mau-03", dossier))
    for expected in (
        "ỦY BAN NHÂN DÂN", "XÃ ĐĂK KÔI", "Số: 31/BC-UBND", "Đăk Kôi, ngày 10 tháng 11 năm 2026", "BÁO CÁO",
        "Đánh giá một số nội dung của hồ sơ đăng ký tham gia đánh giá, phân hạng sản phẩm OCOP",
        "I. THÔNG TIN CHUNG VỀ HỒ SƠ SẢN PHẨM", "1. Về sử dụng nguyên liệu địa phương:",
        "Cà phê Robusta trồng tại thôn 3", "2. Về sử dụng lao động địa phương:", "18/20 lao động",
        "3. Nguồn gốc ý tưởng sản phẩm:", "4. Bản sắc/trí tuệ địa phương:", "rang củi truyền thống",
        "Ủy ban nhân dân xã Đăk Kôi đề nghị Ủy ban nhân dân tỉnh Quảng Ngãi đánh giá, phân hạng sản phẩm OCOP",
        "TM. ỦY BAN NHÂN DÂN", "PHÓ CHỦ TỊCH", "Nguyễn Văn Phong",
    ):
        assert expected in mau03, expected

    letter = docx_text(documents.render_docx("cong-van", dossier))
    for expected in (
        "Số: 45/UBND-KT", "V/v đề nghị đánh giá, phân hạng sản phẩm OCOP",
        "Kính gửi: Ủy ban nhân dân tỉnh Quảng Ngãi.", "Quyết định số 26/2026/QĐ-TTg",
        dossier.product_code, "Mẫu số 03", "01 bộ hồ sơ giấy và 01 bộ hồ sơ điện tử",
    ):
        assert expected in letter, expected

    for name, needles in {
        "mau-01": ["PHIẾU ĐĂNG KÝ", "Quảng Ngãi năm 2026", number, "Lần đầu ☒"],
        "mau-02": ["BÁO CÁO TỰ ĐÁNH GIÁ VỀ SẢN PHẨM", "Câu chuyện sản phẩm", dossier.product_code],
        "mau-03": ["Bản sắc/trí tuệ địa phương", "rang củi truyền thống", "TM. ỦY BAN NHÂN DÂN"],
        "cong-van": ["đề nghị đánh giá, phân hạng", dossier.product_code, "Kính gửi"],
    }.items():
        pdf = documents.render_pdf(name, dossier)
        assert pdf.startswith(b"%PDF")
        text = " ".join(pdf_text(pdf).split())
        for needle in needles:
            assert needle in text, (name, needle)


@pytest.mark.django_db
def test_the_2024_district_dossier_uses_the_legacy_codes_and_the_district(demo):
    dossier = Dossier.objects.get(product__name="Thịt heo đen gác bếp")
    assert dossier.regime_key == "qd148-2023"
    assert dossier.registration_number == "01-LĐ/PĐK-62-23482-2024"
    assert dossier.product_code == "62-23482-01-2024"
    mau01 = docx_text(documents.render_docx("mau-01", dossier))
    assert "Tham gia đánh giá, phân hạng sản phẩm OCOP của tỉnh Kon Tum năm 2024" in mau01
    assert "DÀNH CHO PHÒNG CHUYÊN MÔN CẤP HUYỆN" in mau01
    assert "trước ngày 01/7/2025" in mau01
    mau02 = docx_text(documents.render_docx("mau-02", dossier))
    assert "Phần A: Sản phẩm và sức mạnh cộng đồng\n40\n30" in mau02  # part totals of QĐ 148
    letter = docx_text(documents.render_docx("cong-van", dossier))
    assert "XÃ ĐẮK KÔI" in letter
    assert "Kính gửi: Ủy ban nhân dân huyện Kon Rẫy." in letter
    assert "Quyết định số 148/QĐ-TTg" in letter
    assert "62-23482-01-2024" in " ".join(pdf_text(documents.render_pdf("cong-van", dossier)).split())


@pytest.mark.django_db
def test_the_download_links_serve_docx_and_pdf_to_readers_only(client_for, demo):
    dossier = Dossier.objects.get(product__name="Cà phê hạt rang Đắk Tơ Lung")
    client = client_for("xa.dakkoi")
    docx = client.get(reverse("evaluation:document", args=[dossier.pk, "mau-03", "docx"]))
    assert docx.status_code == 200
    assert docx["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "attachment" in docx["Content-Disposition"]
    assert "Bản sắc/trí tuệ địa phương" in docx_text(docx.content)
    pdf = client.get(reverse("evaluation:document", args=[dossier.pk, "mau-01", "pdf"]))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert client_for("chuthe2").get(reverse("evaluation:document", args=[dossier.pk, "mau-01", "pdf"])).status_code == 404
    assert client_for("xa.dakkoi").get(reverse("evaluation:document", args=[dossier.pk, "mau-09", "pdf"])).status_code == 404


@pytest.mark.django_db
def test_the_commune_report_is_not_shown_to_the_producer_before_it_is_issued(client_for, demo):
    dossier = Dossier.objects.get(product__name="Cà phê nhân xanh Đăk Kôi")
    services.commune_report_save(actor=None, dossier=dossier, local_materials="Dự thảo")
    url = reverse("evaluation:document", args=[dossier.pk, "mau-03", "docx"])
    assert client_for("chuthe1").get(url).status_code == 404
    assert client_for("xa.dakkoi").get(url).status_code == 200
