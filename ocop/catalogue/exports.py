"""CSV (UTF-8 with BOM, so Excel shows Vietnamese correctly) and XLSX files of public lists."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from datetime import date

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from ocop.core.text import format_date_vn

CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

_HEADER_FONT = Font(bold=True, color="FFFFFF")
_HEADER_FILL = PatternFill("solid", fgColor="1B5E20")


def _csv_value(value) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return format_date_vn(value)
    return str(value)


def to_csv(columns: list[tuple[str, str]], rows: Iterable[dict]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([header for _key, header in columns])
    for row in rows:
        writer.writerow([_csv_value(row.get(key)) for key, _header in columns])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def to_xlsx(columns: list[tuple[str, str]], rows: Iterable[dict], *, title: str, note: str = "") -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title[:31]
    sheet.append([header for _key, header in columns])
    for index in range(1, len(columns) + 1):
        cell = sheet.cell(row=1, column=index)
        cell.font, cell.fill = _HEADER_FONT, _HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        sheet.column_dimensions[get_column_letter(index)].width = 22
    date_columns = set()
    for row in rows:
        values = []
        for index, (key, _header) in enumerate(columns, start=1):
            value = row.get(key)
            if isinstance(value, date):
                date_columns.add(index)
            values.append("" if value is None else value)
        sheet.append(values)
    for index in date_columns:
        for (cell,) in sheet.iter_rows(min_row=2, min_col=index, max_col=index):
            cell.number_format = "DD/MM/YYYY"
    sheet.freeze_panes = "A2"
    if note:
        info = workbook.create_sheet("Thông tin")
        info.append(["Ghi chú", note])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
