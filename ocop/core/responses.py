"""Responses for generated files (DOCX, XLSX, PDF, CSV), and errors that explain themselves.

Lists of any length (the national register has tens of thousands of rows) are exported
without holding them in memory and without waiting for the last row before the first byte
is sent: CSV and XLSX are both streamed as the database yields the rows (see "Streamed
XLSX" below). Rows are dicts; columns are (key, header) pairs.
"""

from __future__ import annotations

import csv
import zipfile
from collections.abc import Iterable, Iterator
from datetime import date, datetime
from itertools import islice

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, StreamingHttpResponse
from openpyxl.utils import get_column_letter

from ocop.core.text import format_date_vn

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV = "text/csv; charset=utf-8"

# Rows read from the database at a time by exports (a fixed number of queries each).
EXPORT_CHUNK = 2000



def file_download(data: bytes, *, content_type: str, filename: str, inline: bool = False) -> HttpResponse:
    """The file, saved under `filename` (ASCII, no quotes) or shown in the browser when inline."""
    response = HttpResponse(data, content_type=content_type)
    disposition = "inline" if inline else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    return response


class _Explained:
    """An error that says why, and where to go back to (a link to the record).

    The site's 403/404 handlers (ocop.core.views) render it in the layout with the menu:
    a person who followed a link to a document that does not exist yet reads the reason
    ("Biên bản có sau khi kết thúc chấm điểm.") and a way back, not a bare error page."""

    def __init__(self, reason: str, *, back_url: str = "", back_label: str = "", title: str = ""):
        super().__init__(reason)
        self.reason, self.back_url, self.title = reason, back_url, title
        self.back_label = back_label or "Quay lại"


class NotAvailable(_Explained, Http404):
    """404 with a reason and a way back: the thing does not exist (yet) for this reader."""


class NotAllowed(_Explained, PermissionDenied):
    """403 with a reason and a way back: visible, but not for this reader or not now."""


def not_available(reason: str, *, back_url: str = "", back_label: str = "", title: str = "") -> NotAvailable:
    """`raise not_available("…", back_url=…, back_label=…)`."""
    return NotAvailable(reason, back_url=back_url, back_label=back_label, title=title)


def not_allowed(reason: str, *, back_url: str = "", back_label: str = "", title: str = "") -> NotAllowed:
    return NotAllowed(reason, back_url=back_url, back_label=back_label, title=title)


def batched(iterable: Iterable, size: int = EXPORT_CHUNK) -> Iterator[list]:
    """Lists of up to `size` items: exports load related data once per batch, not per row."""
    iterator = iter(iterable)
    while batch := list(islice(iterator, size)):
        yield batch


def csv_value(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return format_date_vn(value)
    return str(value)


class _Line:
    """csv.writer target that hands back the line it was asked to write."""

    def write(self, text: str) -> str:
        return text


def csv_lines(columns: list[tuple[str, str]], rows: Iterable[dict]) -> Iterator[bytes]:
    """The CSV file as encoded pieces: UTF-8 BOM (so Excel shows Vietnamese correctly),
    header, then the rows in groups, as `rows` yields them."""
    writer = csv.writer(_Line(), lineterminator="\r\n")
    yield ("\ufeff" + writer.writerow([header for _key, header in columns])).encode("utf-8")
    for batch in batched(rows, 500):
        yield "".join(writer.writerow([csv_value(row.get(key)) for key, _h in columns]) for row in batch).encode("utf-8")


def csv_streaming_response(columns: list[tuple[str, str]], rows: Iterable[dict], *, filename: str) -> StreamingHttpResponse:
    """A CSV download sent while the rows are read: the first bytes leave at once, so no
    proxy or worker timeout is reached however long the register is, and memory stays flat."""
    response = StreamingHttpResponse(csv_lines(columns, rows), content_type=CSV)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# == Streamed XLSX ===============================================================================
# openpyxl (even write-only) spends ~20 µs a cell and sends nothing until the workbook is
# saved: a 40,000-row register took longer than a worker's timeout. This writer produces the
# same kind of sheet (bold green header, frozen first row, column widths, dates shown
# dd/mm/yyyy, a "Thông tin" sheet) as XML text straight into a zip that is sent while it is
# written, so the first bytes leave at once and memory stays flat. Cells are inline strings,
# numbers or dates (Excel serial numbers with a date format); openpyxl reads it back in tests.

_EXCEL_EPOCH = date(1899, 12, 30)
_XML_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;"})
# Control characters other than tab, line feed and carriage return are not allowed in XML.
_XML_ILLEGAL = dict.fromkeys([*range(0, 9), 11, 12, *range(14, 32)])


def _column_name(index: int) -> str:
    return get_column_letter(index)


def _cell(reference: str, value) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return f'<c r="{reference}" t="b"><v>{int(value)}</v></c>'
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return f'<c r="{reference}" s="1"><v>{(value - _EXCEL_EPOCH).days}</v></c>'
    if isinstance(value, int | float):
        return f'<c r="{reference}"><v>{value}</v></c>'
    text = str(value).translate(_XML_ILLEGAL).translate(_XML_ESCAPES)
    return f'<c r="{reference}" t="inlineStr"><is><t xml:space="preserve">{text}</t></is></c>'


def _sheet_xml_head(widths: list[int], freeze: bool) -> str:
    pane = (
        '<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" '
        'state="frozen"/></sheetView></sheetViews>'
        if freeze
        else ""
    )
    cols = "".join(f'<col min="{i}" max="{i}" width="{w}" customWidth="1"/>' for i, w in enumerate(widths, start=1))
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f"{pane}{'<cols>' + cols + '</cols>' if cols else ''}<sheetData>"
    )


_SHEET_TAIL = "</sheetData></worksheet>"

_STYLES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    '<numFmts count="1"><numFmt numFmtId="164" formatCode="DD/MM/YYYY"/></numFmts>'
    '<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font>'
    '<font><b/><sz val="11"/><color rgb="FFFFFFFF"/><name val="Calibri"/></font></fonts>'
    '<fills count="3"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill>'
    '<fill><patternFill patternType="solid"><fgColor rgb="FF1B5E20"/><bgColor indexed="64"/></patternFill></fill></fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="0" fontId="1" fillId="2" borderId="0" xfId="0" applyFont="1" applyFill="1" applyAlignment="1">'
    '<alignment vertical="center" wrapText="1"/></xf></cellXfs>'
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    "</styleSheet>"
)


def _package_parts(titles: list[str]) -> dict[str, str]:
    sheets = "".join(
        f'<sheet name="{title.translate(_XML_ESCAPES)}" sheetId="{i}" r:id="rId{i}"/>' for i, title in enumerate(titles, start=1)
    )
    relationships = "".join(
        f'<Relationship Id="rId{i}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
        f'Target="worksheets/sheet{i}.xml"/>'
        for i in range(1, len(titles) + 1)
    )
    styles_id = len(titles) + 1
    overrides = "".join(
        f'<Override PartName="/xl/worksheets/sheet{i}.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        for i in range(1, len(titles) + 1)
    )
    return {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/styles.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
            f"{overrides}</Types>"
        ),
        "_rels/.rels": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
            'officeDocument" Target="xl/workbook.xml"/></Relationships>'
        ),
        "xl/workbook.xml": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
            f"<sheets>{sheets}</sheets></workbook>"
        ),
        "xl/_rels/workbook.xml.rels": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'{relationships}<Relationship Id="rId{styles_id}" '
            'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>'
            "</Relationships>"
        ),
        "xl/styles.xml": _STYLES,
    }


class _Pipe:
    """A write-only, unseekable file for zipfile: it keeps what was written until taken."""

    def __init__(self):
        self.parts: list[bytes] = []

    def write(self, data) -> int:
        self.parts.append(bytes(data))
        return len(data)

    def flush(self) -> None:
        pass

    def take(self) -> bytes:
        data, self.parts = b"".join(self.parts), []
        return data


def xlsx_chunks(
    columns: list[tuple[str, str]],
    rows: Iterable[dict],
    *,
    title: str,
    note: str = "",
    info: Iterable[tuple[str, object]] = (),
    widths: list[int] | None = None,
) -> Iterator[bytes]:
    """The XLSX file as pieces, produced while `rows` are read (see the note above)."""
    info = list(info) + ([("Ghi chú", note)] if note else [])
    titles = [title[:31]] + (["Thông tin"] if info else [])
    pipe = _Pipe()
    with zipfile.ZipFile(pipe, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6) as archive:
        for name, text in _package_parts(titles).items():
            archive.writestr(name, text)
        yield pipe.take()
        keys = [key for key, _header in columns]
        letters = [_column_name(i) for i in range(1, len(columns) + 1)]
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            sheet.write(_sheet_xml_head(widths or [22] * len(columns), freeze=True).encode("utf-8"))
            header = "".join(
                f'<c r="{letter}1" s="2" t="inlineStr"><is><t>{text.translate(_XML_ESCAPES)}</t></is></c>'
                for letter, (_key, text) in zip(letters, columns, strict=True)
            )
            sheet.write(f'<row r="1">{header}</row>'.encode())
            number = 1
            for batch in batched(rows, 1000):
                lines = []
                for row in batch:
                    number += 1
                    cells = "".join(_cell(f"{letter}{number}", row.get(key)) for letter, key in zip(letters, keys, strict=True))
                    lines.append(f'<row r="{number}">{cells}</row>')
                sheet.write("".join(lines).encode("utf-8"))
                yield pipe.take()
            sheet.write(_SHEET_TAIL.encode())
        if info:
            lines = [
                f'<row r="{n}">{_cell(f"A{n}", label)}{_cell(f"B{n}", value)}</row>'
                for n, (label, value) in enumerate(info, start=1)
            ]
            archive.writestr("xl/worksheets/sheet2.xml", _sheet_xml_head([28, 80], freeze=False) + "".join(lines) + _SHEET_TAIL)
    yield pipe.take()


def xlsx_streaming_response(
    columns: list[tuple[str, str]], rows: Iterable[dict], *, filename: str, title: str, **options
) -> StreamingHttpResponse:
    """An XLSX download sent while it is written: no worker timeout, flat memory.
    `options` are those of `xlsx_chunks` (note, info, widths)."""
    response = StreamingHttpResponse(xlsx_chunks(columns, rows, title=title, **options), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
