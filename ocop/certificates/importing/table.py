"""Reading a register file: the columns it may have, finding the header row, the rows of an
XLSX or UTF-8 CSV sheet, and the problems found (`Issue`, `ImportFileError`)."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from datetime import date

from ocop.core.text import normalize_search

# The OCOP programme began with QĐ 490/QĐ-TTg of 07/5/2018: no certificate is older.
PROGRAMME_START = date(2018, 5, 7)
MAX_DATA_ROWS = 10_000
HEADER_SCAN_ROWS = 30


@dataclass(frozen=True)
class Column:
    key: str
    header: str  # as documented and as written in the template
    required: bool
    aliases: tuple[str, ...] = ()


COLUMNS = (
    Column("product_name", "Tên sản phẩm", True),
    Column("producer_name", "Chủ thể", True, ("ten chu the", "chu the ocop")),
    Column("producer_type", "Loại hình chủ thể", False, ("loai hinh",)),
    Column("province", "Tỉnh", True, ("tinh/thanh pho", "tinh, thanh pho", "tinh thanh pho")),
    Column("district", "Huyện", False, ("huyen/quan", "huyen, quan", "quan/huyen")),
    Column("commune", "Xã", True, ("xa/phuong", "xa, phuong", "xa phuong", "phuong/xa")),
    Column("criteria_set", "Bộ sản phẩm", False),
    Column("stars", "Số sao", True, ("hang sao",)),
    Column("score", "Điểm", False, ("tong diem",)),
    Column("decision_number", "Số quyết định", True),
    Column("decision_date", "Ngày quyết định", True),
    Column("number", "Số giấy chứng nhận", True, ("so gcn",)),
    Column("level", "Cấp công nhận", True),
)
COLUMN_BY_KEY = {column.key: column for column in COLUMNS}


def header_key(text) -> str:
    text = normalize_search(str(text or ""))
    text = re.sub(r"\(.*?\)|\[.*?\]|\*", " ", text)
    return re.sub(r"\s+", " ", text).strip(" :.")


HEADER_LOOKUP = {}
for _column in COLUMNS:
    HEADER_LOOKUP[header_key(_column.header)] = _column.key
    for _alias in _column.aliases:
        HEADER_LOOKUP[_alias] = _column.key


class ImportFileError(Exception):
    """The file as a whole cannot be read (no header row, missing columns…)."""

    def __init__(self, issues: list[Issue]):
        super().__init__("; ".join(issue.message for issue in issues))
        self.issues = issues


@dataclass(frozen=True)
class Issue:
    row: int
    column: str
    value: str
    message: str

    def as_dict(self) -> dict:
        return {"row": self.row, "column": self.column, "value": self.value, "message": self.message}


@dataclass
class Table:
    header_row: int
    labels: dict[str, str]  # column key → header text as written in the file
    rows: list[tuple[int, dict[str, object]]]  # (row number in the file, key → raw value)


# -- reading ---------------------------------------------------------------------------------


def is_blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _locate_header(raw_rows) -> tuple[int, dict[int, str], dict[str, str]] | None:
    """(row number, column index → key, key → label) of the first row naming ≥ 3 columns."""
    for number, values in raw_rows:
        if number > HEADER_SCAN_ROWS:
            return None
        positions: dict[int, str] = {}
        labels: dict[str, str] = {}
        for index, value in enumerate(values):
            key = HEADER_LOOKUP.get(header_key(value)) if not is_blank(value) else None
            if key and key not in labels:  # a repeated header: the first one counts
                positions[index] = key
                labels[key] = str(value).strip()
        if len(labels) >= 3:
            return number, positions, labels
    return None


def _xlsx_rows(data: bytes):
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    try:
        sheet = workbook.worksheets[0]
        for cells in sheet.iter_rows():
            row_number = next((c.row for c in cells if getattr(c, "row", None)), None)
            if row_number is None:
                continue
            yield row_number, [cell.value for cell in cells]
    finally:
        workbook.close()


def _csv_rows(data: bytes):
    text = data.decode("utf-8-sig")
    sample = "\n".join(text.splitlines()[:10])
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
        delimiter = dialect.delimiter
    except csv.Error:
        delimiter = ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    start = 1
    for values in reader:
        yield start, values
        start = reader.line_num + 1


def read_table(data: bytes, kind: str) -> Table:
    rows_iter = _xlsx_rows(data) if kind == "xlsx" else _csv_rows(data)
    buffered: list[tuple[int, list]] = []
    header = None
    for number, values in rows_iter:
        buffered.append((number, values))
        if number <= HEADER_SCAN_ROWS:
            continue
        break
    header = _locate_header(buffered)
    if header is None:
        expected = ", ".join(f"“{c.header}”" for c in COLUMNS if c.required)
        raise ImportFileError(
            [Issue(1, "", "", f"Không tìm thấy dòng tiêu đề trong {HEADER_SCAN_ROWS} dòng đầu. Cần các cột: {expected}.")]
        )
    header_row, positions, labels = header
    missing = [c for c in COLUMNS if c.required and c.key not in labels]
    if missing:
        raise ImportFileError(
            [Issue(header_row, c.header, "", f"Thiếu cột “{c.header}” trong dòng tiêu đề.") for c in missing]
        )

    def records():
        yield from buffered
        yield from rows_iter

    rows: list[tuple[int, dict[str, object]]] = []
    for number, values in records():
        if number <= header_row:
            continue
        record = {key: values[index] if index < len(values) else None for index, key in positions.items()}
        if all(is_blank(value) for value in record.values()):
            continue
        rows.append((number, record))
        if len(rows) > MAX_DATA_ROWS:
            raise ImportFileError(
                [Issue(number, "", "", f"Tệp có hơn {MAX_DATA_ROWS:,} dòng dữ liệu; hãy chia nhỏ danh sách.".replace(",", "."))]
            )
    if not rows:
        raise ImportFileError([Issue(header_row, "", "", "Tệp không có dòng dữ liệu nào dưới dòng tiêu đề.")])
    return Table(header_row=header_row, labels=labels, rows=rows)
