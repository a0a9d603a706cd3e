from datetime import date

from ocop.core.documents import (
    OfficialDocument,
    Signature,
    docx_text,
    html_to_pdf,
    pdf_text,
    vietnamese_date_line,
)
from ocop.core.qr import qr_png, qr_svg


def test_it_writes_dates_the_administrative_way():
    assert vietnamese_date_line("Quảng Ngãi", date(2026, 3, 5)) == "Quảng Ngãi, ngày 05 tháng 3 năm 2026"
    assert vietnamese_date_line("Kon Rẫy", date(2024, 2, 14)) == "Kon Rẫy, ngày 14 tháng 02 năm 2024"
    assert vietnamese_date_line("Kon Rẫy", date(2024, 12, 1)) == "Kon Rẫy, ngày 01 tháng 12 năm 2024"


def test_it_builds_a_docx_with_the_national_header_and_signature():
    doc = OfficialDocument(
        issuer_parent="ỦY BAN NHÂN DÂN",
        issuer="Tỉnh Quảng Ngãi",
        number="Số: 12/QĐ-UBND",
        place="Quảng Ngãi",
        day=date(2026, 6, 20),
        doc_type="Quyết định",
        summary="Về việc công nhận sản phẩm OCOP",
    )
    doc.heading("Điều 1.")
    doc.paragraph("Công nhận 02 sản phẩm đạt 3 sao.")
    doc.table(["STT", "Tên sản phẩm", "Số sao"], [[1, "Cà phê bột Robusta Đăk Kôi", 3]])
    doc.closing(["Như Điều 3", "Lưu: VT"], Signature("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "Nguyễn Văn A"))
    text = docx_text(doc.to_bytes())
    for expected in (
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "TỈNH QUẢNG NGÃI",
        "Số: 12/QĐ-UBND", "Quảng Ngãi, ngày 20 tháng 6 năm 2026", "QUYẾT ĐỊNH",
        "Cà phê bột Robusta Đăk Kôi", "Nơi nhận:", "- Lưu: VT;", "CHỦ TỊCH", "Nguyễn Văn A",
    ):
        assert expected in text


def test_it_renders_vietnamese_html_to_a_real_pdf():
    pdf = html_to_pdf("<h1>Giấy chứng nhận sản phẩm OCOP</h1><p>Đăk Kôi – 4 sao</p>")
    assert pdf.startswith(b"%PDF")
    text = pdf_text(pdf)
    assert "Giấy chứng nhận sản phẩm OCOP" in text and "Đăk Kôi" in text


def test_it_makes_qr_codes_in_svg_and_png():
    assert qr_svg("https://ocop.example/xac-minh/GCN-1").lstrip().startswith("<svg")
    assert qr_png("https://ocop.example/xac-minh/GCN-1").startswith(b"\x89PNG")
