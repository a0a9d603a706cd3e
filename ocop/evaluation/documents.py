"""Mẫu 01, Mẫu 02, Mẫu 03 (QĐ 26/2026 Phụ lục III) and the commune's proposal letter, as
DOCX (administrative layout, ocop.core.documents.OfficialDocument, editable in Word) and
PDF (WeasyPrint, templates in templates/evaluation/pdf/).

One context (`document_context`) feeds both formats, so the DOCX and the PDF say the same.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.template.loader import render_to_string
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

from ocop.core.documents import OfficialDocument, Signature, html_to_pdf, vietnamese_date_line
from ocop.core.generated import kept_file, template_version
from ocop.core.text import format_date_vn, lower_first
from ocop.criteria import catalog
from ocop.criteria.regimes import get_regime
from ocop.evaluation import legal, workflow
from ocop.evaluation.models import Dossier, DossierKind
from ocop.evaluation.selectors import dossier_documents, dossier_evidence_status

CHECKED, UNCHECKED = "☒", "☐"
DOCUMENT_NAMES = {
    "mau-01": "Mẫu số 01 – Phiếu đăng ký đánh giá, phân hạng sản phẩm OCOP",
    "mau-02": "Mẫu số 02 – Báo cáo tự đánh giá về sản phẩm",
    "mau-03": "Mẫu số 03 – Báo cáo đánh giá một số nội dung của hồ sơ",
    "cong-van": "Văn bản đề nghị đánh giá, phân hạng sản phẩm OCOP",
}


def _short(name: str) -> str:
    """'Tỉnh Quảng Ngãi' → 'Quảng Ngãi', 'Xã Đăk Kôi' → 'Đăk Kôi' (for place lines)."""
    for prefix in ("Thành phố ", "Tỉnh ", "Huyện ", "Thị trấn ", "Xã ", "Phường ", "Đặc khu "):
        if name.startswith(prefix):
            return name[len(prefix):]
    return name


def lower_first_word(name: str) -> str:
    """'Tỉnh Quảng Ngãi' → 'tỉnh Quảng Ngãi' (a unit named inside a sentence)."""
    head, _, rest = name.partition(" ")
    return f"{head.lower()} {rest}".strip()


def _box(checked: bool) -> str:
    return CHECKED if checked else UNCHECKED


def _category_path(category) -> list[str]:
    path, node = [], category
    while node is not None:
        path.append(node.name)
        node = node.parent
    return list(reversed(path))


@dataclass
class ScoreRow:
    code: str
    title: str
    max: int
    points: Any
    evidence: str
    is_part: bool = False


def _score_rows(dossier: Dossier, statuses) -> tuple[list[ScoreRow], dict[str, Any]]:
    """Mẫu 02 Phần III: the self-score of every criterion, from the linked self-assessment
    (QĐ 26/2026), or the part totals (QĐ 148 regimes)."""
    regime = get_regime(dossier.regime_key)
    by_code: dict[str, list[str]] = {}
    for status in statuses:
        if status.valid:
            for code in status.criteria_codes:
                by_code.setdefault(code, []).append(status.item.title)
    rows: list[ScoreRow] = []
    summary: dict[str, Any] = {"total": None, "stars": None}
    assessment = dossier.self_assessment
    if regime.granularity == "options" and assessment is not None:
        cset = catalog.get_set(assessment.criteria_set, assessment.criteria_version)
        for part in cset.parts:
            rows.append(ScoreRow(part.code, f"Phần {part.code}: {part.title}", part.max, "", "", True))
            for leaf in part.iter_leaves():
                rows.append(
                    ScoreRow(
                        leaf.code,
                        leaf.title,
                        leaf.max,
                        assessment.points.get(leaf.code, 0),
                        "; ".join(by_code.get(leaf.code, [])),
                    )
                )
        summary = {"total": assessment.total, "stars": assessment.stars, "set": cset.number, "set_name": cset.name}
    elif regime.granularity != "options":
        totals = dossier.self_part_totals or {}
        for part in regime.parts:
            rows.append(ScoreRow(part.code, f"Phần {part.code}: {part.title}", part.max, totals.get(part.code, ""), ""))
        try:
            summary["total"] = sum(float(totals[p.code]) for p in regime.parts)
        except (KeyError, TypeError, ValueError):
            summary["total"] = None
    return rows, summary


def document_context(dossier: Dossier, *, today: date | None = None) -> dict[str, Any]:
    documents = dossier_documents(dossier=dossier)
    statuses = dossier_evidence_status(dossier=dossier, documents=documents, today=today)
    producer, product = dossier.producer, dossier.product
    office = workflow.office_for(dossier.regime_key)
    district = dossier.commune.parent if dossier.commune.parent and dossier.commune.parent.level == "district" else None
    office_unit_name = (
        f"Ủy ban nhân dân {lower_first_word(district.name)}"
        if office == workflow.DISTRICT and district is not None
        else f"Ủy ban nhân dân {lower_first_word(dossier.province.name)}"
    )
    valid_keys = {status.item.key for status in statuses if status.valid}
    valid_subtypes = {
        (status.item.key, doc.subtype) for status in statuses for doc in status.valid if doc.subtype
    }
    report = getattr(dossier, "commune_report", None)
    score_rows, score_summary = _score_rows(dossier, statuses)
    category_path = _category_path(product.category)
    day = dossier.submitted_on or dossier.filed_on
    regime = get_regime(dossier.regime_key)
    legacy_codes = dossier.regime_key == "qd148-2023" or not dossier.commune.is_current
    contents = []
    for content in legal.commune_report_contents():
        contents.append({**content, "text": getattr(report, content["key"], "") if report else ""})
    return {
        "dossier": dossier,
        "producer": producer,
        "product": product,
        "regime": regime,
        "province_name": dossier.province.name,
        "province_short": _short(dossier.province.name),
        "province_in_sentence": lower_first_word(dossier.province.name),
        "commune_in_sentence": lower_first_word(dossier.commune.name),
        "commune_name": dossier.commune.name,
        "commune_short": _short(dossier.commune.name),
        "district_name": district.name if district else "",
        "office": office,
        "office_unit_name": office_unit_name,
        "year": day.year,
        "date_line": vietnamese_date_line(_short(dossier.commune.name), day),
        "category_path": category_path,
        "category_text": " › ".join(category_path),
        "criteria_set": product.category.criteria_set,
        "criteria_set_name": product.category.criteria_set_name,
        "kind_boxes": [
            (label, _box(dossier.kind == value)) for value, label in DossierKind.choices
        ],
        "samples_text": (
            "Không gửi (dịch vụ du lịch)" if dossier.samples_offered == 0 else
            (f"{dossier.samples_offered:02d} sản phẩm" if dossier.samples_offered else "")
        ),
        "submitted_on": format_date_vn(dossier.submitted_on),
        "received_by": (dossier.received_by.get_full_name() if dossier.received_by else ""),
        "office_received_on": format_date_vn(dossier.office_received_on),
        "office_received_by": (dossier.office_received_by.get_full_name() if dossier.office_received_by else ""),
        "registration_date": format_date_vn(producer.registration_date or producer.founded_on),
        "part_i_boxes": {
            "a": _box("business_registration" in valid_keys),
            "b": _box("quality_declaration" in valid_keys),
            "c_attp": _box(("production_conditions", "attp") in valid_subtypes),
            "c_required": _box(("production_conditions", "bat_buoc") in valid_subtypes),
            "d": _box("intellectual_property" in valid_keys),
            "d_sub": [
                (subtype.label, _box(("intellectual_property", subtype.key) in valid_subtypes))
                for subtype in _ip_subtypes(dossier)
            ],
        },
        "statuses": statuses,
        "documents": documents,
        "score_rows": score_rows,
        "score_summary": score_summary,
        "report": report,
        "report_date_line": vietnamese_date_line(_short(dossier.commune.name), report.report_date if report else None),
        "letter_date_line": vietnamese_date_line(_short(dossier.commune.name), report.letter_date if report else None),
        "contents": contents,
        "is_reevaluation": dossier.kind == DossierKind.REEVALUATION,
        "is_tourism": legal.samples_exempt(dossier.regime_key, product.category.criteria_set),
        "legacy_codes": legacy_codes,
        "codes_note": (
            "Mã tỉnh, mã xã là mã đơn vị hành chính trước ngày 01/7/2025 (hồ sơ lập theo QĐ 148/QĐ-TTg)."
            if legacy_codes
            else "Mã tỉnh, mã xã theo Quyết định số 19/2025/QĐ-TTg ngày 30/6/2025."
        ),
    }


def _ip_subtypes(dossier):
    from ocop.evaluation.checklist import checklist_for

    try:
        return checklist_for(dossier.regime_key).item("intellectual_property").subtypes
    except KeyError:
        return ()


# -- DOCX ------------------------------------------------------------------------------------

def _form_document(ctx, *, issuer: str, doc_type: str, summary: str, number: str = "", day=None, place=None, issuer_parent: str = ""):
    return OfficialDocument(
        issuer_parent=issuer_parent,
        issuer=issuer,
        number=number,
        place=place or ctx["commune_short"],
        day=day,
        doc_type=doc_type,
        summary=summary,
    )


def _signature(doc: OfficialDocument, lines: list[str], note: str = "", name: str = "") -> None:
    table = doc.document.add_table(rows=1, cols=2)
    right = table.rows[0].cells[1]
    first = True
    for text in lines:
        paragraph = right.paragraphs[0] if first else right.add_paragraph()
        first = False
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = paragraph.add_run(text)
        run.bold = True
    if note:
        paragraph = right.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = paragraph.add_run(note)
        run.italic = True
        run.font.size = Pt(12)
    for _ in range(3):
        right.add_paragraph()
    if name:
        paragraph = right.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.add_run(name).bold = True


def _line(doc: OfficialDocument, label: str, value: Any) -> None:
    paragraph = doc.paragraph("", indent=False)
    paragraph.add_run(f"{label}: ")
    run = paragraph.add_run(str(value) if value not in (None, "") else "……………………")
    run.bold = value not in (None, "")


def mau01_docx(ctx) -> bytes:
    d, p = ctx["dossier"], ctx["producer"]
    doc = _form_document(
        ctx,
        issuer=p.name,
        doc_type="PHIẾU ĐĂNG KÝ",
        summary=f"Tham gia đánh giá, phân hạng sản phẩm OCOP của {lower_first_word(ctx['province_name'])} năm {ctx['year']}",
        day=d.submitted_on or d.filed_on,
    )
    doc.heading("1. Thông tin về đơn vị đăng ký:")
    _line(doc, "- Tên đơn vị", p.name)
    _line(doc, "- Họ tên người đại diện pháp lý", d.representative_name)
    _line(doc, "- Chức vụ", d.representative_title)
    _line(doc, "- Địa chỉ liên hệ", d.contact_address)
    _line(doc, "- Điện thoại", d.phone)
    _line(doc, "- Email", d.email)
    _line(doc, "2. Tên sản phẩm", ctx["product"].name)
    _line(doc, "3. Nhóm sản phẩm đăng ký (Ngành, Nhóm, Phân nhóm)", ctx["category_text"])
    doc.paragraph(
        "4. Lần đăng ký đánh giá: " + "    ".join(f"{label} {box}" for label, box in ctx["kind_boxes"]),
        indent=False,
    )
    doc.paragraph("5. Tài liệu kèm theo:", indent=False)
    doc.paragraph("- Báo cáo đánh giá về sản phẩm theo Bộ tiêu chí (bản gốc, bản điện tử).", indent=False)
    _line(doc, "- Sản phẩm mẫu (số lượng)", ctx["samples_text"])
    doc.paragraph(
        "Cam đoan những thông tin trong Phiếu đăng ký là đúng sự thật, chúng tôi xin cam kết tuân "
        "thủ các quy định về đánh giá, phân hạng sản phẩm OCOP, chịu trách nhiệm trước Hội đồng và "
        "pháp luật về Hồ sơ đăng ký đánh giá, phân hạng sản phẩm."
    )
    _signature(doc, [ctx["date_line"], "ĐẠI DIỆN"], "(Ký, đóng dấu, ghi rõ họ tên)", d.representative_name)
    doc.centered("PHẦN DÀNH CHO CƠ QUAN QUẢN LÝ", bold=True)
    doc.heading("DÀNH CHO ỦY BAN NHÂN DÂN CẤP XÃ")
    _line(doc, "Phiếu số", d.registration_number)
    _line(doc, "Ngày nhận", ctx["submitted_on"])
    _line(doc, "Người tiếp nhận", ctx["received_by"])
    office_title = (
        "DÀNH CHO PHÒNG CHUYÊN MÔN CẤP HUYỆN" if ctx["office"] == workflow.DISTRICT
        else "DÀNH CHO CƠ QUAN QUẢN LÝ OCOP CẤP TỈNH"
    )
    doc.heading(office_title)
    _line(doc, "Phiếu số", d.office_registration_number)
    _line(doc, "Ngày nhận", ctx["office_received_on"])
    _line(doc, "Người tiếp nhận", ctx["office_received_by"])
    doc.paragraph(ctx["codes_note"], italic=True, indent=False)
    return doc.to_bytes()


def mau02_docx(ctx) -> bytes:
    d, p = ctx["dossier"], ctx["producer"]
    doc = _form_document(
        ctx, issuer=p.name, doc_type="BÁO CÁO TỰ ĐÁNH GIÁ VỀ SẢN PHẨM",
        summary="(Dành cho chủ thể có sản phẩm đăng ký)", day=d.submitted_on or d.filed_on,
    )
    doc.centered("Phần I", bold=True)
    doc.centered("THÔNG TIN CHUNG", bold=True)
    _line(doc, "1. Tên chủ thể", p.name)
    _line(doc, "2. Loại hình tổ chức", p.get_producer_type_display())
    _line(doc, "3. Địa chỉ", d.contact_address)
    _line(doc, "4. Điện thoại", d.phone)
    _line(doc, "   Email", d.email)
    _representative(doc, "5", d)
    _line(doc, "6. Ngày thành lập/đăng ký kinh doanh", ctx["registration_date"])
    _line(doc, "   Số giấy đăng ký (nếu có)", p.business_registration_number)
    _line(doc, "7. Tên sản phẩm/dịch vụ", ctx["product"].name)
    _line(doc, "   Mô tả về quy cách sản phẩm, tiêu chuẩn", d.product_specification)
    boxes = ctx["part_i_boxes"]
    doc.paragraph("Đánh dấu (√) vào mục tương ứng:", indent=False)
    doc.paragraph(f"a) Giấy đăng ký kinh doanh: {boxes['a']}", indent=False)
    doc.paragraph(f"b) Đã công bố chất lượng sản phẩm theo quy định: {boxes['b']}", indent=False)
    doc.paragraph("c) Đã có các điều kiện sản xuất theo quy định:", indent=False)
    doc.paragraph(
        "- Giấy chứng nhận cơ sở đủ điều kiện vệ sinh an toàn thực phẩm theo quy định của pháp luật "
        f"cho sản xuất sản phẩm: {boxes['c_attp']}", indent=False,
    )
    doc.paragraph(
        "- Giấy chứng nhận cơ sở đủ điều kiện sản xuất bắt buộc theo quy định cho sản phẩm (đối với "
        f"các sản phẩm bắt buộc theo quy định): {boxes['c_required']}", indent=False,
    )
    doc.paragraph(f"d) Đã có đăng ký sở hữu trí tuệ: {boxes['d']}", indent=False)
    for label, box in boxes["d_sub"]:
        doc.paragraph(f"+ {label}: {box}", indent=False)
    _line(doc, "8. Lịch sử hình thành của chủ thể", d.producer_history)
    _line(doc, "9. Cơ cấu tổ chức của chủ thể", d.organisation_structure)
    doc.centered("Phần II", bold=True)
    doc.centered("KẾT QUẢ THỰC HIỆN PHƯƠNG ÁN SẢN XUẤT KINH DOANH", bold=True)
    _line(doc, "- Tổ chức vùng nguyên liệu, công nghệ sản xuất, sơ chế, chế biến, đóng gói sản phẩm", d.results_production)
    _line(doc, "- Sự thay đổi về chất lượng sản phẩm", d.results_quality)
    _line(doc, "- Thị trường phân phối sản phẩm", d.results_market)
    _line(doc, "- Kết quả sản xuất, kinh doanh: doanh thu, lợi nhuận", d.results_business)
    if d.kind != DossierKind.FIRST:
        _line(doc, "- Những thay đổi so với sản phẩm đã được công nhận", d.changes_summary)
    doc.centered("Phần III", bold=True)
    doc.centered("ĐÁNH GIÁ KẾT QUẢ THỰC HIỆN THEO BỘ TIÊU CHÍ SẢN PHẨM OCOP", bold=True)
    _line(doc, "Bộ sản phẩm", f"{ctx['criteria_set']}. {ctx['criteria_set_name']}")
    _line(doc, "Mã số sản phẩm", d.product_code)
    doc.table(
        ["Mã", "Chỉ tiêu", "Điểm tối đa", "Tự đánh giá", "Tài liệu minh chứng"],
        [
            [r.code if not r.is_part else "", r.title, r.max, r.points, r.evidence]
            for r in ctx["score_rows"]
        ],
        widths_cm=[1.4, 6.5, 1.6, 1.7, 4.8],
    )
    summary = ctx["score_summary"]
    if summary.get("total") is not None:
        stars = f", tự xếp hạng {summary['stars']} sao" if summary.get("stars") else ""
        doc.paragraph(f"Tổng điểm tự đánh giá: {summary['total']}{stars}.", bold=True, indent=False)
    doc.paragraph("Tài liệu minh chứng kèm theo:", bold=True, indent=False)
    doc.table(
        ["TT", "Nội dung", "Yêu cầu", "Tài liệu kèm theo"],
        [
            [
                status.item.row,
                status.item.title,
                status.item.requirement,
                "; ".join(_doc_label(doc_) for doc_ in status.valid + status.expired) or "—",
            ]
            for status in ctx["statuses"]
        ],
        widths_cm=[1, 4.5, 6, 4.5],
    )
    if ctx["is_reevaluation"]:
        doc.paragraph(
            "Đối với sản phẩm đăng ký đánh giá, phân hạng lại: đã rà soát, cập nhật những nội dung mới "
            "và thay đổi sau thời gian được công nhận (nêu tại Phần II).", italic=True,
        )
    doc.centered("Phần IV", bold=True)
    doc.centered("KẾ HOẠCH SẢN XUẤT, KINH DOANH", bold=True)
    doc.paragraph(d.business_plan or "……………………")
    _signature(doc, [ctx["date_line"], "ĐẠI DIỆN THEO PHÁP LUẬT CỦA CƠ SỞ"], "(Ký, họ tên, đóng dấu)", d.representative_name)
    return doc.to_bytes()


def _doc_label(document) -> str:
    label = document.title
    if document.expires_on:
        label += f" (hiệu lực đến {document.expires_on:%d/%m/%Y})"
    return label


def _representative(doc: OfficialDocument, number: str, dossier) -> None:
    """The legal representative's lines, as Mẫu 02 and Mẫu 03 print them."""
    doc.paragraph(f"{number}. Tên người đại diện pháp luật:", indent=False)
    _line(doc, "- Họ tên", dossier.representative_name)
    _line(doc, "- Giới tính (Nam/nữ)", dossier.representative_gender)
    _line(doc, "- Dân tộc", dossier.representative_ethnicity)
    _line(doc, "- Địa chỉ thường trú", dossier.representative_residence)


def _commune_document(ctx, paper: str, *, blank_number: str, doc_type: str, summary: str) -> OfficialDocument:
    """Header of a paper the commune's People's Committee issues about the dossier (Mẫu 03,
    letter): its number and date are the commune report's `<paper>_number`, `<paper>_date`,
    left blank to be written by hand while the report does not hold them."""
    report = ctx["report"]
    number = getattr(report, f"{paper}_number") if report else ""
    return _form_document(
        ctx, issuer_parent="ỦY BAN NHÂN DÂN", issuer=ctx["commune_name"],
        number=f"Số: {number}" if number else blank_number,
        day=getattr(report, f"{paper}_date") if report else None,
        doc_type=doc_type, summary=summary,
    )


def _commune_closing(doc: OfficialDocument, ctx) -> None:
    """Recipients and the chair's signature on behalf of the commune's People's Committee."""
    report = ctx["report"]
    doc.closing(
        [ctx["office_unit_name"], ctx["producer"].name, "Lưu: VT"],
        Signature("TM. ỦY BAN NHÂN DÂN", (report.signer_title if report else "CHỦ TỊCH"), report.signer_name if report else ""),
    )


def mau03_docx(ctx) -> bytes:
    d, p, report = ctx["dossier"], ctx["producer"], ctx["report"]
    doc = _commune_document(
        ctx, "report", blank_number="Số:      /BC-UBND", doc_type="BÁO CÁO",
        summary="Đánh giá một số nội dung của hồ sơ đăng ký tham gia đánh giá, phân hạng sản phẩm OCOP",
    )
    doc.heading("I. THÔNG TIN CHUNG VỀ HỒ SƠ SẢN PHẨM")
    _line(doc, "1. Tên chủ thể", p.name)
    _line(doc, "2. Loại hình tổ chức", p.get_producer_type_display())
    _line(doc, "3. Địa chỉ", d.contact_address)
    _representative(doc, "4", d)
    _line(doc, "5. Sản phẩm đăng ký đánh giá", f"{ctx['product'].name} ({lower_first(DossierKind(d.kind).label)})")
    if d.product_code:
        _line(doc, "   Mã số sản phẩm", d.product_code)
    doc.heading("II. ĐÁNH GIÁ MỘT SỐ NỘI DUNG CỦA HỒ SƠ SẢN PHẨM")
    for content in ctx["contents"]:
        doc.heading(f"{content['number']}. {content['title']}:", level=2)
        doc.paragraph(content["text"] or "……………………")
    if report and report.meeting_held:
        doc.paragraph(
            "Chủ tịch UBND xã đã tổ chức họp với các bộ phận liên quan để lấy ý kiến về nội dung "
            "đánh giá (QĐ 26/2026 Điều 7.2.a).", italic=True,
        )
    doc.paragraph(
        f"Ủy ban nhân dân {lower_first_word(ctx['commune_name'])} đề nghị "
        f"{ctx['office_unit_name']} đánh giá, phân hạng sản phẩm OCOP cho sản phẩm "
        f"{ctx['product'].name} của {p.name}."
    )
    _commune_closing(doc, ctx)
    return doc.to_bytes()


def letter_docx(ctx) -> bytes:
    d, p, report = ctx["dossier"], ctx["producer"], ctx["report"]
    doc = _commune_document(
        ctx, "letter", blank_number="Số:      /UBND", doc_type="", summary="V/v đề nghị đánh giá, phân hạng sản phẩm OCOP"
    )
    doc.centered(f"Kính gửi: {ctx['office_unit_name']}.")
    basis = (
        "Căn cứ Quyết định số 26/2026/QĐ-TTg ngày 22/5/2026 của Thủ tướng Chính phủ ban hành Bộ tiêu "
        "chí và quy trình đánh giá, phân hạng sản phẩm OCOP;"
        if d.regime_key == "qd26-2026"
        else f"Căn cứ {ctx['regime'].legal_basis[0]['document']};"
    )
    doc.paragraph(basis)
    doc.paragraph(
        f"Ủy ban nhân dân {lower_first_word(ctx['commune_name'])} đã tiếp nhận, "
        "kiểm tra thành phần hồ sơ và đánh giá một số nội dung của hồ sơ sản phẩm (báo cáo kèm theo). "
        f"Ủy ban nhân dân xã đề nghị {ctx['office_unit_name']} tổ chức đánh giá, phân hạng sản phẩm "
        "OCOP cho sản phẩm sau:"
    )
    doc.table(
        ["TT", "Tên sản phẩm", "Mã số sản phẩm", "Chủ thể", "Lần đăng ký", "Sản phẩm mẫu"],
        [[1, ctx["product"].name, d.product_code or "", p.name, DossierKind(d.kind).label,
          ("Không gửi (dịch vụ du lịch)" if report and report.samples_count == 0 else
           f"{report.samples_count:02d}" if report and report.samples_count else "")]],
        widths_cm=[1, 4, 3.2, 4, 2, 2],
    )
    doc.paragraph("Hồ sơ gửi kèm: (1) Báo cáo đánh giá của UBND xã theo Mẫu số 03; (2) Hồ sơ sản phẩm "
                  "(Phiếu đăng ký Mẫu số 01, Báo cáo tự đánh giá Mẫu số 02 và tài liệu minh chứng), gồm "
                  "01 bộ hồ sơ giấy và 01 bộ hồ sơ điện tử; (3) Sản phẩm mẫu (nếu có).")
    _commune_closing(doc, ctx)
    return doc.to_bytes()


DOCX_BUILDERS = {"mau-01": mau01_docx, "mau-02": mau02_docx, "mau-03": mau03_docx, "cong-van": letter_docx}
PDF_TEMPLATES = {
    "mau-01": "evaluation/pdf/mau01.html",
    "mau-02": "evaluation/pdf/mau02.html",
    "mau-03": "evaluation/pdf/mau03.html",
    "cong-van": "evaluation/pdf/cong_van.html",
}


# Bump when a DOCX builder above changes what it writes (PDF layouts are versioned by their
# template source, see ocop.core.generated.template_version).
DOCX_VERSION = 1


def kept(name: str, dossier: Dossier, fmt: str) -> str:
    """The storage name of the document, rendered once per version of its data."""
    ctx = document_context(dossier)
    if fmt == "pdf":
        template = PDF_TEMPLATES[name]
        version = template_version(template, "evaluation/pdf/base.html", "evaluation/pdf/_commune_header.html")

        def build() -> bytes:
            return html_to_pdf(render_to_string(template, ctx))
    else:
        version = DOCX_VERSION

        def build() -> bytes:
            return DOCX_BUILDERS[name](ctx)
    return kept_file(
        kind=f"ho-so-{name}-{fmt}", object_id=dossier.pk, data=(version, ctx), build=build, extension=fmt
    )


def render_docx(name: str, dossier: Dossier) -> bytes:
    return DOCX_BUILDERS[name](document_context(dossier))


def render_pdf(name: str, dossier: Dossier) -> bytes:
    return html_to_pdf(render_to_string(PDF_TEMPLATES[name], document_context(dossier)))


def filename(name: str, dossier: Dossier, extension: str) -> str:
    reference = dossier.product_code or dossier.registration_number.replace("/", "-") or f"ho-so-{dossier.pk}"
    return f"{name}_{reference}.{extension}"
