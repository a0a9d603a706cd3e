"""Generated files: import error reports and templates (XLSX), the register (XLSX), the
revocation decision (DOCX, NĐ 30/2020 layout) and a printable certificate (PDF with QR)."""

from __future__ import annotations

import base64
import io
from collections.abc import Iterator
from datetime import date

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from ocop.certificates import legal, validity
from ocop.certificates.importing.table import COLUMNS
from ocop.core.documents import OfficialDocument, Signature, html_to_pdf
from ocop.core.generated import kept_file, template_version
from ocop.core.qr import qr_png, qr_svg
from ocop.core.responses import EXPORT_CHUNK, batched, write_xlsx, xlsx_file_response
from ocop.core.text import format_date_vn
from ocop.territory.selectors import current_units_map, display_with_current

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

_HEADER_FONT = Font(bold=True, color="FFFFFF")
_HEADER_FILL = PatternFill("solid", fgColor="1B5E20")


def _sheet(workbook, title: str, headers: list[str], widths: list[int]):
    sheet = workbook.active
    sheet.title = title
    sheet.append(headers)
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
        cell = sheet.cell(row=1, column=index)
        cell.font, cell.fill = _HEADER_FONT, _HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    sheet.freeze_panes = "A2"
    return sheet


def _bytes(workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def import_error_report_xlsx(filename: str, errors: list[dict]) -> bytes:
    """One line per problem: row as numbered in the uploaded file, column, value, problem."""
    workbook = Workbook()
    sheet = _sheet(workbook, "Lỗi", ["Dòng", "Cột", "Giá trị", "Lỗi"], [8, 22, 30, 90])
    for error in errors:
        sheet.append([error["row"], error["column"], error["value"], error["message"]])
    for row in sheet.iter_rows(min_row=2):
        row[3].alignment = Alignment(wrap_text=True, vertical="top")
    info = workbook.create_sheet("Thông tin")
    info.append(["Tệp", filename])
    info.append(["Số lỗi", len(errors)])
    info.append(["Ghi chú", "Không có dòng nào được nhập. Sửa các dòng trên trong tệp gốc rồi tải lên lại."])
    return _bytes(workbook)


# An example row for the template (the Kon Rẫy scenario, a legacy commune before 1/7/2025).
TEMPLATE_EXAMPLE = {
    "product_name": "Cà phê hạt rang Đắk Tơ Lung",
    "producer_name": "Hợp tác xã Cà phê Đắk Tơ Lung",
    "producer_type": "Hợp tác xã",
    "province": "Kon Tum",
    "district": "Kon Rẫy",
    "commune": "Xã Đắk Tơ Lung",
    "criteria_set": 13,
    "stars": 3,
    "score": "62,5",
    "decision_number": "1234/QĐ-UBND",
    "decision_date": "15/09/2024",
    "number": "05/GCN-UBND",
    "level": "huyện",
}


def import_template_xlsx() -> bytes:
    workbook = Workbook()
    sheet = _sheet(workbook, "Giấy chứng nhận", [c.header for c in COLUMNS], [28, 32, 18, 14, 14, 20, 12, 8, 8, 16, 14, 18, 14])
    sheet.append([TEMPLATE_EXAMPLE[c.key] for c in COLUMNS])
    notes = workbook.create_sheet("Hướng dẫn")
    notes.column_dimensions["A"].width = 22
    notes.column_dimensions["B"].width = 100
    notes.append(["Cột", "Cách ghi"])
    guide = {
        "product_name": "Bắt buộc. Tên sản phẩm như trên giấy chứng nhận.",
        "producer_name": "Bắt buộc. Tên chủ thể; chủ thể cùng tên ở cùng xã (cũ hoặc mới) được dùng lại.",
        "producer_type": "Cần khi chủ thể chưa có: hợp tác xã, tổ hợp tác, doanh nghiệp, trang trại, hộ sản xuất, hội, hiệp hội, trung tâm điều hành.",
        "province": "Bắt buộc. Tên tỉnh (cũ hoặc mới), có hoặc không có chữ “Tỉnh”.",
        "district": "Chỉ ghi với đơn vị trước 1/7/2025 (để phân biệt xã trùng tên); để trống với xã mới.",
        "commune": "Bắt buộc. Tên xã, phường, thị trấn; không phân biệt dấu, chữ hoa.",
        "criteria_set": "Cần khi sản phẩm chưa có: số bộ sản phẩm 1–26 hoặc tên bộ (QĐ 26/2026 Phụ lục I).",
        "stars": "Bắt buộc: 3, 4 hoặc 5.",
        "score": "Không bắt buộc: tổng điểm 0–100 (ví dụ 62,5).",
        "decision_number": "Bắt buộc. Số quyết định công nhận.",
        "decision_date": "Bắt buộc: ngày/tháng/năm (ví dụ 15/09/2024) hoặc ô ngày của Excel.",
        "number": "Bắt buộc. Số giấy chứng nhận.",
        "level": "Bắt buộc: huyện, tỉnh hoặc trung ương.",
    }
    for column in COLUMNS:
        notes.append([column.header, guide[column.key]])
    return _bytes(workbook)


REGISTER_COLUMNS = [
    ("number", "Số giấy chứng nhận"),
    ("product_name", "Tên sản phẩm"),
    ("producer_name", "Chủ thể"),
    ("commune", "Xã (đơn vị lúc cấp)"),
    ("stars", "Số sao"),
    ("score", "Điểm"),
    ("decision_number", "Số quyết định"),
    ("issued_on", "Ngày cấp"),
    ("expires_on", "Ngày hết hạn"),
    ("level", "Cấp công nhận"),
    ("issuer", "Cơ quan ban hành"),
    ("status", "Tình trạng"),
    ("public_code", "Mã xác minh"),
]
REGISTER_WIDTHS = [18, 32, 32, 34, 8, 8, 16, 12, 12, 14, 28, 30, 14]


def register_rows(queryset, *, on: date) -> Iterator[dict]:
    """The register as listed (each certificate with its status on `on`), read in batches:
    one streaming query, and today's units once per batch."""
    for batch in batched(queryset.iterator(chunk_size=EXPORT_CHUNK)):
        current_units = current_units_map([c.product.commune_id for c in batch], on=on)
        for certificate in batch:
            commune = certificate.product.commune
            yield {
                "number": certificate.number,
                "product_name": certificate.product_name,
                "producer_name": certificate.producer_name,
                "commune": display_with_current(commune, current_units.get(commune.pk, []), on=on),
                "stars": certificate.stars,
                "score": float(certificate.score) if certificate.score is not None else None,
                "decision_number": certificate.decision.number,
                "issued_on": format_date_vn(certificate.issued_on),
                "expires_on": format_date_vn(certificate.expires_on),
                "level": certificate.decision.get_level_display(),
                "issuer": certificate.decision.issuer_name,
                "status": validity.STATUS_LABELS[certificate.status],
                "public_code": certificate.public_code,
            }


def _register_sheet(on: date) -> dict:
    return {"title": "Sổ giấy chứng nhận", "widths": REGISTER_WIDTHS, "info": [("Tình trạng tính đến ngày", format_date_vn(on))]}


def register_xlsx_response(queryset, *, on: date):
    """The register as filtered, written in constant memory (a bounded list: longer ones are
    made by a job, ocop/certificates/jobs.py)."""
    return xlsx_file_response(
        REGISTER_COLUMNS, register_rows(queryset, on=on), filename=f"so-giay-chung-nhan-{on:%Y%m%d}.xlsx", **_register_sheet(on)
    )


def write_register_xlsx(target, rows, *, on: date) -> None:
    """The same sheet as `register_xlsx_response`, written to `target` (the export job)."""
    write_xlsx(target, REGISTER_COLUMNS, rows, **_register_sheet(on))


def revocation_decision_docx(revocation) -> bytes:
    """Draft (or record) of the revocation decision, editable in Word (NĐ 30/2020 layout)."""
    certificate = revocation.certificate
    authority = legal.revocation_authority(certificate.stars)
    ground = legal.revocation_ground(revocation.ground)
    if authority.key == "province_chair":
        province = certificate.decision.issuing_unit
        while province is not None and province.level != "province":
            province = province.parent
        province_name = province.name if province is not None else "Tỉnh"
        issuer_parent, issuer = authority.issuer_parent, province_name
        place = province_name.removeprefix("Tỉnh ").removeprefix("Thành phố ")
        symbol = "QĐ-UBND"
    else:
        issuer_parent, issuer, place, symbol = "", authority.issuer, "Hà Nội", "QĐ-BNNMT"
    number = f"Số: {revocation.decision_number}" if revocation.decision_number else f"Số:       /{symbol}"
    document = OfficialDocument(
        issuer_parent=issuer_parent,
        issuer=issuer,
        number=number,
        place=place,
        day=revocation.decided_on,
        doc_type="QUYẾT ĐỊNH",
        summary="Về việc thu hồi Giấy chứng nhận sản phẩm OCOP",
    )
    document.centered(authority.authority.upper(), bold=True)
    document.paragraph(
        "Căn cứ Quyết định số 26/2026/QĐ-TTg ngày 22/5/2026 của Thủ tướng Chính phủ ban hành Bộ tiêu "
        "chí và quy trình đánh giá, phân hạng sản phẩm Chương trình Mỗi xã một sản phẩm;",
        italic=True,
    )
    document.paragraph(
        f"Căn cứ {certificate.decision} của {certificate.decision.issuer_name} về việc công nhận "
        "sản phẩm OCOP;",
        italic=True,
    )
    document.paragraph(
        f"Căn cứ {revocation.conclusion_reference} ngày {format_date_vn(revocation.conclusion_on)};",
        italic=True,
    )
    document.paragraph("Theo đề nghị của cơ quan tham mưu quản lý OCOP.", italic=True)
    document.centered("QUYẾT ĐỊNH:", bold=True)
    document.paragraph(
        f"Điều 1. Thu hồi Giấy chứng nhận sản phẩm OCOP số {certificate.number} cấp ngày "
        f"{format_date_vn(certificate.issued_on)} cho sản phẩm “{certificate.product_name}” "
        f"({certificate.stars} sao) của {certificate.producer_name}."
    )
    document.paragraph(
        f"Lý do thu hồi: điểm {ground.label} khoản 1 Điều 8 Quyết định số 26/2026/QĐ-TTg – {ground.text} "
        f"Nội dung: {revocation.facts}"
    )
    document.paragraph(
        f"Điều 2. Kể từ ngày ký, {certificate.producer_name} không được sử dụng nhãn hiệu, thông tin "
        f"sản phẩm OCOP đối với sản phẩm “{certificate.product_name}”; nộp lại Giấy chứng nhận đã được cấp."
    )
    document.paragraph(
        "Điều 3. Quyết định này có hiệu lực kể từ ngày ký. Cơ quan tham mưu quản lý OCOP, Ủy ban nhân "
        f"dân cấp xã nơi có sản phẩm, {certificate.producer_name} và các cơ quan, đơn vị có liên quan "
        "chịu trách nhiệm thi hành Quyết định này."
    )
    document.closing(
        ["Như Điều 3", certificate.producer_name, "UBND cấp xã nơi có sản phẩm", "Lưu: VT"],
        Signature(
            authority=authority.signature_authority,
            position=authority.signature_position,
            signer=revocation.signer,
        ),
    )
    return document.to_bytes()


def verification_url(certificate) -> str:
    return settings.OCOP_SITE_URL + reverse("certificates:verify", args=[certificate.public_code])


def certificate_qr_svg(certificate) -> str:
    return qr_svg(verification_url(certificate))


CERTIFICATE_TEMPLATE = "certificates/certificate_pdf.html"


def _certificate_context(certificate, *, on: date, current_units: list) -> dict:
    status = validity.certificate_status(certificate, on)
    return {
        "certificate": certificate,
        "commune_display": display_with_current(certificate.product.commune, current_units, on=on),
        "verification_url": verification_url(certificate),
        "status_label": validity.PUBLIC_LABELS[status],
        "printed_on": on,
    }


def certificate_pdf(certificate, *, on: date, current_units: list) -> bytes:
    """A printable certificate with its verification QR code (WeasyPrint)."""
    context = _certificate_context(certificate, on=on, current_units=current_units)
    png = qr_png(context["verification_url"], scale=6)
    context["qr_data_uri"] = "data:image/png;base64," + base64.b64encode(png).decode("ascii")
    return html_to_pdf(render_to_string(CERTIFICATE_TEMPLATE, context))


def kept_certificate_pdf(certificate, *, on: date, current_units: list) -> str:
    """The certificate PDF, rendered once per version of what it prints (ocop.core.generated):
    the certificate, its decision, the place, its status and the printing day."""
    data = (
        template_version(CERTIFICATE_TEMPLATE),
        _certificate_context(certificate, on=on, current_units=current_units),
        certificate.decision,
    )
    return kept_file(
        kind="giay-chung-nhan-pdf", object_id=certificate.pk, data=data, extension="pdf",
        build=lambda: certificate_pdf(certificate, on=on, current_units=current_units),
    )


def issued_certificate_html(certificate) -> str:
    """The certificate as issued and signed (ocop.certificates.issuing): the same layout as
    the print, without the printing day and status (a signed file never changes; its QR code
    leads to the current state), with the place of the issuing body's digital signature."""
    from ocop.territory.selectors import current_units_map

    on = certificate.issued_on
    commune_id = certificate.product.commune_id
    current = current_units_map([commune_id], on=on).get(commune_id, [])
    context = _certificate_context(certificate, on=on, current_units=current)
    png = qr_png(context["verification_url"], scale=6)
    context["qr_data_uri"] = "data:image/png;base64," + base64.b64encode(png).decode("ascii")
    context["issued"] = True
    return render_to_string(CERTIFICATE_TEMPLATE, context)
