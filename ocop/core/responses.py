"""Responses for generated files (DOCX, XLSX, PDF, CSV).

Lists of any length (the national register has tens of thousands of rows) are exported
without holding them in memory: CSV is streamed row by row as the database yields them,
XLSX is written by openpyxl's write-only mode into a temporary file that is then sent
as it is read. Rows are dicts; columns are (key, header) pairs.
"""

from __future__ import annotations

import csv
import tempfile
from collections.abc import Iterable, Iterator
from datetime import date, datetime
from itertools import islice

from django.http import FileResponse, HttpResponse, StreamingHttpResponse
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from ocop.core.text import format_date_vn

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV = "text/csv; charset=utf-8"

# Rows read from the database at a time by exports (a fixed number of queries each).
EXPORT_CHUNK = 2000

_HEADER_FONT = Font(bold=True, color="FFFFFF")
_HEADER_FILL = PatternFill("solid", fgColor="1B5E20")
_HEADER_ALIGNMENT = Alignment(wrap_text=True, vertical="center")


def file_download(data: bytes, *, content_type: str, filename: str, inline: bool = False) -> HttpResponse:
    """The file, saved under `filename` (ASCII, no quotes) or shown in the browser when inline."""
    response = HttpResponse(data, content_type=content_type)
    disposition = "inline" if inline else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    return response


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


def to_csv(columns: list[tuple[str, str]], rows: Iterable[dict]) -> bytes:
    return b"".join(csv_lines(columns, rows))


def csv_streaming_response(columns: list[tuple[str, str]], rows: Iterable[dict], *, filename: str) -> StreamingHttpResponse:
    """A CSV download sent while the rows are read: the first bytes leave at once, so no
    proxy or worker timeout is reached however long the register is, and memory stays flat."""
    response = StreamingHttpResponse(csv_lines(columns, rows), content_type=CSV)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


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
    """Write the workbook into `target` (a path or binary file) in constant memory: openpyxl's
    write-only mode keeps no cell once written. Dates are real Excel dates shown dd/mm/yyyy."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title[:31])
    for index in range(1, len(columns) + 1):
        width = widths[index - 1] if widths else 22
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    header = []
    for _key, text in columns:
        cell = WriteOnlyCell(sheet, value=text)
        cell.font, cell.fill, cell.alignment = _HEADER_FONT, _HEADER_FILL, _HEADER_ALIGNMENT
        header.append(cell)
    sheet.append(header)
    keys = [key for key, _header in columns]
    for row in rows:
        values = []
        for key in keys:
            value = row.get(key)
            if isinstance(value, date):
                cell = WriteOnlyCell(sheet, value=value)
                cell.number_format = "DD/MM/YYYY"
                values.append(cell)
            else:
                values.append("" if value is None else value)
        sheet.append(values)
    info = list(info) + ([("Ghi chú", note)] if note else [])
    if info:
        sheet = workbook.create_sheet("Thông tin")
        for label, value in info:
            sheet.append([label, value])
    workbook.save(target)


def to_xlsx(columns: list[tuple[str, str]], rows: Iterable[dict], *, title: str, note: str = "") -> bytes:
    with tempfile.TemporaryFile() as handle:
        write_xlsx(handle, columns, rows, title=title, note=note)
        handle.seek(0)
        return handle.read()


def xlsx_file_response(
    columns: list[tuple[str, str]], rows: Iterable[dict], *, filename: str, title: str, **options
) -> FileResponse:
    """An XLSX download written to a temporary file (deleted when the response is closed)
    and streamed from it, so a 40,000-row register never sits in memory. `options` are
    those of `write_xlsx` (note, info, widths)."""
    handle = tempfile.TemporaryFile()
    try:
        write_xlsx(handle, columns, rows, title=title, **options)
        handle.seek(0)
    except BaseException:
        handle.close()
        raise
    return FileResponse(handle, as_attachment=True, filename=filename, content_type=XLSX)
