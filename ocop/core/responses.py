"""Responses for generated files (DOCX, XLSX, PDF, CSV), and errors that explain themselves.

Lists of any length (the national register has tens of thousands of rows) are exported
without holding them in memory: CSV is streamed as the database yields the rows; XLSX is written row by row to a
temporary file in constant memory, then sent (see "XLSX of any length" below). Rows are
dicts; columns are (key, header) pairs.
"""

from __future__ import annotations

import csv
import tempfile
from collections.abc import Iterable, Iterator
from datetime import date, datetime
from itertools import islice

from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse, StreamingHttpResponse

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


# Uploaded files the browser may show in the page: pictures, re-encoded on upload
# (ocop.core.uploads.sanitise_image). Everything else — PDFs above all, which are not
# re-rendered and may carry scripts or links — is only ever offered as a download.
INLINE_UPLOAD_TYPES = {"image/jpeg", "image/png", "image/webp"}


def upload_content_type(name: str) -> str:
    """The content type of a stored upload by its suffix (the suffix was set from the
    content when it was accepted, ocop.core.uploads)."""
    suffix = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    return {
        "pdf": "application/pdf", "jpg": "image/jpeg", "jpeg": "image/jpeg", "png": "image/png", "webp": "image/webp",
    }.get(suffix, "application/octet-stream")


def uploaded_file_response(handle, *, content_type: str, filename: str, download: bool = False) -> FileResponse:
    """A stored upload sent back (after the caller's permission check): shown inline only
    when it is a picture and `download` is not asked, otherwise `Content-Disposition:
    attachment`; `nosniff` and a sandboxing CSP so that the browser never runs it as a page."""
    inline = content_type in INLINE_UPLOAD_TYPES and not download
    response = FileResponse(handle, content_type=content_type, as_attachment=not inline, filename=filename)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox; default-src 'none'; img-src 'self'"
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


# == XLSX of any length ============================================================================
# openpyxl, even write-only, spends ~20 µs a cell: a 40,000-row register took longer than a
# worker's timeout. XlsxWriter in `constant_memory` mode writes each row to disk as it comes
# (memory stays flat whatever the length) several times faster; the finished file is then sent
# from disk and removed. The sheet keeps the house style: bold white header on OCOP green,
# frozen first row, column widths, real dates shown dd/mm/yyyy, and a "Thông tin" sheet.

HEADER_GREEN = "#1B5E20"


def write_xlsx(
    target,
    columns: list[tuple[str, str]],
    rows: Iterable[dict],
    *,
    title: str,
    note: str = "",
    info: Iterable[tuple[str, object]] = (),
    widths: list[int] | None = None,
) -> None:
    """Write the sheet to `target` (a path or a binary file) in constant memory."""
    import xlsxwriter

    info = list(info) + ([("Ghi chú", note)] if note else [])
    workbook = xlsxwriter.Workbook(
        target, {"constant_memory": True, "in_memory": False, "strings_to_numbers": False,
                 "strings_to_formulas": False, "strings_to_urls": False},
    )
    header = workbook.add_format(
        {"bold": True, "font_color": "#FFFFFF", "bg_color": HEADER_GREEN, "text_wrap": True, "valign": "vcenter"}
    )
    day = workbook.add_format({"num_format": "dd/mm/yyyy"})
    sheet = workbook.add_worksheet(title[:31])
    for index, width in enumerate(widths or [22] * len(columns)):
        sheet.set_column(index, index, width)
    sheet.freeze_panes(1, 0)
    for index, (_key, text) in enumerate(columns):
        sheet.write_string(0, index, text, header)
    keys = [key for key, _header in columns]
    number = 0
    for number, row in enumerate(rows, start=1):
        for index, key in enumerate(keys):
            _write_cell(sheet, number, index, row.get(key), day)
    if info:
        about = workbook.add_worksheet("Thông tin")
        about.set_column(0, 0, 28)
        about.set_column(1, 1, 80)
        for line, (label, value) in enumerate(info):
            _write_cell(about, line, 0, label, day)
            _write_cell(about, line, 1, value, day)
    workbook.close()


def _write_cell(sheet, row: int, column: int, value, day_format) -> None:
    if value is None or value == "":
        return
    if isinstance(value, bool):
        sheet.write_boolean(row, column, value)
    elif isinstance(value, datetime):
        sheet.write_datetime(row, column, value.replace(tzinfo=None), day_format)
    elif isinstance(value, date):
        sheet.write_datetime(row, column, datetime(value.year, value.month, value.day), day_format)
    elif isinstance(value, int | float):
        sheet.write_number(row, column, value)
    else:
        sheet.write_string(row, column, str(value))


def xlsx_file_response(
    columns: list[tuple[str, str]], rows: Iterable[dict], *, filename: str, title: str, **options
) -> FileResponse:
    """An XLSX download of any length: written to a temporary file in constant memory, then
    sent from disk (the file is gone once the response is closed). `options` are those of
    `write_xlsx` (note, info, widths)."""
    handle = tempfile.TemporaryFile(suffix=".xlsx")
    try:
        write_xlsx(handle, columns, rows, title=title, **options)
    except BaseException:
        handle.close()
        raise
    handle.seek(0)
    return FileResponse(handle, as_attachment=True, filename=filename, content_type=XLSX)
