"""Official documents: DOCX in the Vietnamese administrative layout, and PDF from HTML.

Layout per Nghị định 30/2020/NĐ-CP Phụ lục I: issuing body (upper left) opposite the national
motto (upper right), number and symbol, place and date in italics, the document type and
summary centred in bold, body in Times New Roman 13–14 pt, then the recipients ("Nơi nhận")
at lower left and the signature block at lower right. DOCX is produced so officials can edit
it in Word before signing; PDF (WeasyPrint) is for printing and publishing.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

FONT = "Times New Roman"
BODY_SIZE = Pt(13)
NATIONAL_NAME = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
NATIONAL_MOTTO = "Độc lập - Tự do - Hạnh phúc"


def vietnamese_date_line(place: str, day: date | None) -> str:
    """"Quảng Ngãi, ngày 05 tháng 3 năm 2026".

    NĐ 30/2020 Phụ lục I: days below 10 and months below 3 take a leading zero.
    """
    if day is None:
        return f"{place}, ngày     tháng     năm     "
    day_text = f"{day.day:02d}" if day.day < 10 else str(day.day)
    month_text = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"{place}, ngày {day_text} tháng {month_text} năm {day.year}"


@dataclass
class Signature:
    authority: str = ""  # e.g. "TM. ỦY BAN NHÂN DÂN" or "KT. CHỦ TỊCH"
    position: str = ""  # e.g. "CHỦ TỊCH", "PHÓ CHỦ TỊCH"
    signer: str = ""


@dataclass
class OfficialDocument:
    issuer_parent: str  # e.g. "ỦY BAN NHÂN DÂN" (upper line), may be empty
    issuer: str  # e.g. "TỈNH QUẢNG NGÃI" or "HUYỆN KON RẪY"
    number: str  # e.g. "Số: 123/QĐ-UBND"
    place: str
    day: date | None
    doc_type: str  # "QUYẾT ĐỊNH", "KẾ HOẠCH", "BÁO CÁO", "" for letters
    summary: str  # "Về việc …" / "Thực hiện Chương trình OCOP năm 2024"
    document: Document = field(init=False)

    def __post_init__(self) -> None:
        self.document = Document()
        section = self.document.sections[0]
        # A4 with the margins of NĐ 30/2020 (top/bottom 2 cm, left 3 cm, right 1.5–2 cm).
        section.page_height, section.page_width = Cm(29.7), Cm(21)
        section.top_margin = section.bottom_margin = Cm(2)
        section.left_margin, section.right_margin = Cm(3), Cm(2)
        style = self.document.styles["Normal"]
        style.font.name = FONT
        style.font.size = BODY_SIZE
        style.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)
        self._header()

    # -- building blocks ---------------------------------------------------------------------

    def _cell_line(self, cell, text: str, *, bold=False, italic=False, size=None, first=False):
        paragraph = cell.paragraphs[0] if first else cell.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.paragraph_format.space_after = Pt(0)
        run = paragraph.add_run(text)
        run.bold, run.italic = bold, italic
        run.font.size = size or Pt(13)
        return paragraph

    def _header(self) -> None:
        table = self.document.add_table(rows=2, cols=2)
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        left, right = table.rows[0].cells
        if self.issuer_parent:
            self._cell_line(left, self.issuer_parent.upper(), size=Pt(12), first=True)
            self._cell_line(left, self.issuer.upper(), bold=True, size=Pt(12))
        else:
            self._cell_line(left, self.issuer.upper(), bold=True, size=Pt(12), first=True)
        self._cell_line(left, "_______", bold=True)
        self._cell_line(right, NATIONAL_NAME, bold=True, size=Pt(12), first=True)
        self._cell_line(right, NATIONAL_MOTTO, bold=True)
        self._cell_line(right, "_______________________", bold=True)
        number_cell, date_cell = table.rows[1].cells
        self._cell_line(number_cell, self.number, first=True)
        self._cell_line(date_cell, vietnamese_date_line(self.place, self.day), italic=True, first=True)
        self.document.add_paragraph()
        if self.doc_type:
            self.centered(self.doc_type.upper(), bold=True, size=Pt(14))
        if self.summary:
            self.centered(self.summary, bold=True)
        self.centered("_______", bold=True)

    def centered(self, text: str, *, bold=False, italic=False, size=None):
        paragraph = self.document.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.paragraph_format.space_after = Pt(0)
        run = paragraph.add_run(text)
        run.bold, run.italic = bold, italic
        if size:
            run.font.size = size
        return paragraph

    def heading(self, text: str, *, level: int = 1):
        """Section headings in the body: "I. MỤC ĐÍCH, YÊU CẦU" (level 1), "1. Mục đích" (2)."""
        paragraph = self.document.add_paragraph()
        paragraph.paragraph_format.space_before = Pt(6)
        paragraph.paragraph_format.first_line_indent = Cm(1) if level > 1 else None
        run = paragraph.add_run(text)
        run.bold = True
        run.italic = level >= 3
        return paragraph

    def paragraph(self, text: str, *, bold=False, italic=False, indent=True):
        paragraph = self.document.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        paragraph.paragraph_format.space_after = Pt(6)
        if indent:
            paragraph.paragraph_format.first_line_indent = Cm(1)
        run = paragraph.add_run(text)
        run.bold, run.italic = bold, italic
        return paragraph

    def table(self, headers: Sequence[str], rows: Iterable[Sequence[object]], *, widths_cm=None):
        rows = list(rows)
        table = self.document.add_table(rows=1 + len(rows), cols=len(headers))
        table.style = "Table Grid"
        for index, header in enumerate(headers):
            cell = table.rows[0].cells[index]
            cell.text = ""
            run = cell.paragraphs[0].add_run(str(header))
            run.bold = True
            cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
        for row_index, row in enumerate(rows, start=1):
            for col_index, value in enumerate(row):
                table.rows[row_index].cells[col_index].text = "" if value is None else str(value)
        for row in table.rows:
            for cell in row.cells:
                for paragraph in cell.paragraphs:
                    for run in paragraph.runs:
                        run.font.size = Pt(12)
        if widths_cm:
            for row in table.rows:
                for index, width in enumerate(widths_cm):
                    row.cells[index].width = Cm(width)
        self.document.add_paragraph()
        return table

    def picture(self, image_bytes: bytes, *, width_cm: float = 15):
        self.document.add_picture(io.BytesIO(image_bytes), width=Cm(width_cm))
        self.document.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER

    def closing(self, recipients: Sequence[str], signature: Signature) -> None:
        """"Nơi nhận" at the lower left, signature block at the lower right."""
        self.document.add_paragraph()
        table = self.document.add_table(rows=1, cols=2)
        left, right = table.rows[0].cells
        paragraph = left.paragraphs[0]
        run = paragraph.add_run("Nơi nhận:")
        run.bold, run.italic = True, True
        run.font.size = Pt(12)
        for recipient in recipients:
            line = left.add_paragraph()
            line.paragraph_format.space_after = Pt(0)
            line_run = line.add_run(f"- {recipient};")
            line_run.font.size = Pt(11)
        first = True
        for text in (signature.authority, signature.position):
            if text:
                self._cell_line(right, text.upper(), bold=True, first=first)
                first = False
        for _ in range(3):
            self._cell_line(right, "")
        if signature.signer:
            self._cell_line(right, signature.signer, bold=True)

    def to_bytes(self) -> bytes:
        buffer = io.BytesIO()
        self.document.save(buffer)
        return buffer.getvalue()


def docx_text(data: bytes) -> str:
    """All text of a DOCX (paragraphs and table cells, in order): for tests and previews."""
    document = Document(io.BytesIO(data))
    parts: list[str] = []
    body = document.element.body
    for child in body.iterchildren():
        if child.tag == qn("w:p"):
            parts.append("".join(node.text or "" for node in child.iter(qn("w:t"))))
        elif child.tag == qn("w:tbl"):
            for cell in child.iter(qn("w:tc")):
                parts.append(" ".join("".join(t.text or "" for t in p.iter(qn("w:t"))) for p in cell.iter(qn("w:p"))))
    return "\n".join(parts)


def html_to_pdf(html: str, *, base_url: str | None = None) -> bytes:
    """Render an HTML page (a Django template's output) to PDF with WeasyPrint."""
    from weasyprint import HTML

    return HTML(string=html, base_url=base_url).write_pdf()


def pdf_text(data: bytes) -> str:
    """Text of a PDF (pypdf, a test dependency): for tests that open generated files."""
    from pypdf import PdfReader

    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages)


# The element a PDF template reserves for the visible digital signature (ocop.core.signing):
# `<div id="chu-ky-so" class="chu-ky-so">`, whose size is the block's.
SIGNATURE_ANCHOR = "chu-ky-so"


def html_to_pdf_signable(html: str, *, base_url: str | None = None):
    """Render like `html_to_pdf`, and say where the template's signature place landed:
    (pdf, SignatureBox or None). WeasyPrint reports each page's anchors (elements with an
    id) as a box in CSS pixels from the top left; PDF boxes are points from the bottom
    left (1 px = 0.75 pt)."""
    from weasyprint import HTML

    from ocop.core.signing import SignatureBox

    rendered = HTML(string=html, base_url=base_url).render()
    place = None
    for index, page in enumerate(rendered.pages):
        if SIGNATURE_ANCHOR in page.anchors:
            x1, y1, x2, y2 = page.anchors[SIGNATURE_ANCHOR]
            place = SignatureBox(page=index, box=(
                round(x1 * 0.75), round((page.height - y2) * 0.75), round(x2 * 0.75), round((page.height - y1) * 0.75),
            ))
    return rendered.write_pdf(), place
