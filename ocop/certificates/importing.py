"""Import an existing certificate register (XLSX or UTF-8 CSV), all or nothing.

One row per certificate. Headers are found in the first rows of the sheet (title lines
above them are fine), matched ignoring case, diacritics, surrounding spaces and remarks in
brackets; their order is free and other columns are ignored (docs/certificates.md §2).

`plan_import` reads and validates everything against the database with a fixed number of
queries (units, producers, products, decisions and certificates are preloaded into dicts,
never looked up per row) and returns a plan: what will be created or matched, and every
problem as (row as numbered in the file, column, value, Vietnamese message). `apply_plan`
writes a plan without errors with bulk inserts inside the caller's transaction.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation

from ocop.accounts.scopes import user_scope
from ocop.certificates import legal, validity
from ocop.certificates.models import DecisionLevel, number_key
from ocop.core.text import format_date_vn, normalize_search
from ocop.producers.models import TOURISM_ONLY_PRODUCER_TYPES, Producer, ProducerType
from ocop.products.models import TOURISM_CRITERIA_SET, Product, ProductCategory
from ocop.territory.models import AdministrativeUnit, UnitCoverage, UnitLevel, UnitSuccession
from ocop.territory.selectors import current_units_map, display_with_current

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


def _is_blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _locate_header(raw_rows) -> tuple[int, dict[int, str], dict[str, str]] | None:
    """(row number, column index → key, key → label) of the first row naming ≥ 3 columns."""
    for number, values in raw_rows:
        if number > HEADER_SCAN_ROWS:
            return None
        positions: dict[int, str] = {}
        labels: dict[str, str] = {}
        for index, value in enumerate(values):
            key = HEADER_LOOKUP.get(header_key(value)) if not _is_blank(value) else None
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
        if all(_is_blank(value) for value in record.values()):
            continue
        rows.append((number, record))
        if len(rows) > MAX_DATA_ROWS:
            raise ImportFileError(
                [Issue(number, "", "", f"Tệp có hơn {MAX_DATA_ROWS:,} dòng dữ liệu; hãy chia nhỏ danh sách.".replace(",", "."))]
            )
    if not rows:
        raise ImportFileError([Issue(header_row, "", "", "Tệp không có dòng dữ liệu nào dưới dòng tiêu đề.")])
    return Table(header_row=header_row, labels=labels, rows=rows)


# -- cell parsing ----------------------------------------------------------------------------


def cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return re.sub(r"\s+", " ", str(value)).strip()


_DATE_PATTERNS = (
    re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})$"),  # dd/mm/yyyy
)
_ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
EXCEL_EPOCH = date(1899, 12, 30)


def parse_date(value) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        # A real Excel date whose cell lost its date format: days since 30/12/1899.
        if 20000 <= value <= 80000:
            return EXCEL_EPOCH + timedelta(days=int(value))
        raise ValueError("Ngày không hợp lệ; hãy ghi theo dạng ngày/tháng/năm (ví dụ 15/03/2024).")
    text = cell_text(value)
    for pattern in _DATE_PATTERNS:
        match = pattern.match(text)
        if match:
            day, month, year = (int(part) for part in match.groups())
            break
    else:
        match = _ISO_DATE.match(text)
        if not match:
            raise ValueError("Ngày không hợp lệ; hãy ghi theo dạng ngày/tháng/năm (ví dụ 15/03/2024).")
        year, month, day = (int(part) for part in match.groups())
    try:
        return date(year, month, day)
    except ValueError as exc:
        raise ValueError(f"Ngày {text} không có trên lịch.") from exc


def parse_stars(value) -> int:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if float(value).is_integer():
            stars = int(value)
        else:
            raise ValueError("Số sao phải là số nguyên 3, 4 hoặc 5.")
    else:
        text = cell_text(value)
        if text and set(text) <= {"★", "*", " "}:
            stars = text.count("★") + text.count("*")
        else:
            match = re.fullmatch(r"(\d+)\s*(sao)?", normalize_search(text))
            if not match:
                raise ValueError("Số sao phải là số nguyên 3, 4 hoặc 5.")
            stars = int(match.group(1))
    if stars not in (3, 4, 5):
        raise ValueError(
            f"Số sao {stars} không hợp lệ: chỉ sản phẩm 3, 4, 5 sao được cấp giấy chứng nhận (QĐ 26/2026 Điều 4.1.a)."
        )
    return stars


def parse_score(value) -> Decimal | None:
    if _is_blank(value):
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        score = Decimal(str(value))
    else:
        text = cell_text(value).replace(" ", "")
        if "," in text and "." not in text:
            text = text.replace(",", ".")  # Vietnamese decimal comma: 72,5
        try:
            score = Decimal(text)
        except InvalidOperation as exc:
            raise ValueError("Điểm phải là một số từ 0 đến 100 (ví dụ 72,5).") from exc
    if not (Decimal(0) <= score <= Decimal(100)):
        raise ValueError("Điểm phải nằm trong khoảng 0–100.")
    return score.quantize(Decimal("0.01"))


LEVEL_WORDS = {
    "huyen": DecisionLevel.DISTRICT,
    "cap huyen": DecisionLevel.DISTRICT,
    "tinh": DecisionLevel.PROVINCE,
    "cap tinh": DecisionLevel.PROVINCE,
    "trung uong": DecisionLevel.CENTRAL,
    "cap trung uong": DecisionLevel.CENTRAL,
    "tw": DecisionLevel.CENTRAL,
    "quoc gia": DecisionLevel.CENTRAL,
    "cap quoc gia": DecisionLevel.CENTRAL,
    "bo": DecisionLevel.CENTRAL,
}


def parse_level(value) -> str:
    text = normalize_search(cell_text(value))
    if text in LEVEL_WORDS:
        return LEVEL_WORDS[text]
    raise ValueError("Cấp công nhận phải là “huyện”, “tỉnh” hoặc “trung ương”.")


# Usual labels of producer types in provincial registers → ProducerType. Longer phrases
# first: "hiệp hội" before "hội", "tổ hợp tác" before "hợp tác".
PRODUCER_TYPE_WORDS = [
    ("hiep hoi", ProducerType.FEDERATION),
    ("trung tam dieu hanh", ProducerType.TOURISM_CENTRE),
    ("to hop tac", ProducerType.COOPERATIVE_GROUP),
    ("tht", ProducerType.COOPERATIVE_GROUP),
    ("hop tac xa", ProducerType.COOPERATIVE),
    ("htx", ProducerType.COOPERATIVE),
    ("doanh nghiep", ProducerType.SME),
    ("cong ty", ProducerType.SME),
    ("cty", ProducerType.SME),
    ("dntn", ProducerType.SME),
    ("dn", ProducerType.SME),
    ("trang trai", ProducerType.FARM),
    ("ho san xuat", ProducerType.HOUSEHOLD),
    ("ho gia dinh", ProducerType.HOUSEHOLD),
    ("ho kinh doanh", ProducerType.HOUSEHOLD),
    ("hkd", ProducerType.HOUSEHOLD),
    ("co so san xuat", ProducerType.HOUSEHOLD),
    ("co so", ProducerType.HOUSEHOLD),
    ("ca nhan", ProducerType.HOUSEHOLD),
    ("hoi", ProducerType.ASSOCIATION),
]


def parse_producer_type(value) -> str | None:
    """ProducerType for a label ("HTX", "Hợp tác xã", "Công ty TNHH", "Hộ kinh doanh"…)."""
    text = normalize_search(cell_text(value)).replace(".", " ").strip()
    if not text:
        return None
    for choice_value, label in ProducerType.choices:
        if text in (choice_value, normalize_search(label)):
            return choice_value
    for word, producer_type in PRODUCER_TYPE_WORDS:
        if text == word or text.startswith(word + " "):
            return producer_type
    return None


def producer_type_from_name(name: str) -> str | None:
    """Guess the type from the usual name prefixes ("Hợp tác xã …", "Công ty TNHH …")."""
    return parse_producer_type(name)


# -- units -----------------------------------------------------------------------------------

PROVINCE_PREFIXES = ("thanh pho ", "tinh ", "tp. ", "tp ")
DISTRICT_PREFIXES = ("thanh pho ", "thi xa ", "huyen ", "quan ", "tp. ", "tp ", "tx. ", "tx ", "h. ")
COMMUNE_PREFIXES = ("thi tran ", "dac khu ", "phuong ", "xa ", "tt. ", "tt ", "p. ", "x. ")


def place_key(text, prefixes=()) -> str:
    """"Xã Đắk Tơ Lung" / "xa dak to lung" / "Đăk Tơ-Lung" → "dak to lung"."""
    key = normalize_search(cell_text(text)).replace("-", " ").replace("–", " ")
    key = re.sub(r"\s+", " ", key).strip()
    for prefix in prefixes:
        if key.startswith(prefix) and len(key) > len(prefix):
            key = key[len(prefix):].strip()
            break
    return key


def accent_key(text, prefixes=()) -> str:
    """Like `place_key` but keeping the diacritics: "Xã Sơn Hạ" → "sơn hạ".

    Ignoring diacritics makes some names collide ("Sơn Hà" / "Sơn Hạ", "Ba Tơ" / "Ba Tô" are
    different communes of Quảng Ngãi); when several units share a `place_key`, the one whose
    name matches with its diacritics wins.
    """
    text = unicodedata.normalize("NFC", cell_text(text)).lower().replace("-", " ").replace("–", " ")
    text = re.sub(r"\s+", " ", text).strip()
    plain = normalize_search(text)
    for prefix in prefixes:
        # normalize_search maps each precomposed letter to one letter, so lengths agree.
        if plain.startswith(prefix) and len(plain) > len(prefix) and len(plain) == len(text):
            return text[len(prefix):].strip()
    return text


def _narrow(candidates: list, text, prefixes) -> list:
    """Several units with the same plain name: keep the one spelled exactly as written."""
    if len(candidates) <= 1:
        return candidates
    wanted = accent_key(text, prefixes)
    exact = [unit for unit in candidates if accent_key(unit.name, prefixes) == wanted]
    return exact if len(exact) == 1 else candidates


def _issuer_name(unit: AdministrativeUnit) -> str:
    return f"UBND {unit.name[:1].lower()}{unit.name[1:]}"


class UnitIndex:
    """Provinces, districts and communes of the provinces a file names, loaded at once."""

    def __init__(self, province_texts: set[str]):
        provinces = list(AdministrativeUnit.objects.filter(level=UnitLevel.PROVINCE))
        self.by_pk = {unit.pk: unit for unit in provinces}
        self.provinces_by_key: dict[str, list[AdministrativeUnit]] = defaultdict(list)
        for unit in provinces:
            self.provinces_by_key[place_key(unit.name, PROVINCE_PREFIXES)].append(unit)
        # Provinces merged in 2025 both ways: a register may say "Kon Tum" for a commune now
        # in Quảng Ngãi, or "Quảng Ngãi" for a commune of the former Kon Tum.
        self.related: dict[int, set[int]] = defaultdict(set)
        for pred, succ in UnitSuccession.objects.filter(predecessor__level=UnitLevel.PROVINCE).values_list(
            "predecessor_id", "successor_id"
        ):
            self.related[pred].add(succ)
            self.related[succ].add(pred)
        wanted: set[int] = set()
        for text in province_texts:
            for unit in self.provinces_by_key.get(place_key(text, PROVINCE_PREFIXES), []):
                wanted |= self.expand({unit.pk})
        districts = list(
            AdministrativeUnit.objects.filter(level=UnitLevel.DISTRICT, parent_id__in=wanted)
        )
        communes = list(
            AdministrativeUnit.objects.filter(level=UnitLevel.COMMUNE, parent_id__in=wanted)
        ) + list(
            AdministrativeUnit.objects.filter(level=UnitLevel.COMMUNE, parent__parent_id__in=wanted)
        )
        self.districts_by_key: dict[str, list[AdministrativeUnit]] = defaultdict(list)
        for unit in districts:
            unit.parent = self.by_pk.get(unit.parent_id)
            self.by_pk[unit.pk] = unit
            self.districts_by_key[place_key(unit.name, DISTRICT_PREFIXES)].append(unit)
        self.communes_by_key: dict[str, list[AdministrativeUnit]] = defaultdict(list)
        for unit in communes:
            unit.parent = self.by_pk.get(unit.parent_id)
            self.by_pk[unit.pk] = unit
            self.communes_by_key[place_key(unit.name, COMMUNE_PREFIXES)].append(unit)

    def expand(self, ids: set[int]) -> set[int]:
        result = set(ids)
        for pk in ids:
            result |= self.related.get(pk, set())
        return result

    def province_of(self, commune: AdministrativeUnit) -> AdministrativeUnit | None:
        parent = commune.parent
        if parent is not None and parent.level == UnitLevel.DISTRICT:
            return parent.parent
        return parent

    def resolve_commune(self, province_text, district_text, commune_text):
        """(commune, None) or (None, (column key, message))."""
        province_key = place_key(province_text, PROVINCE_PREFIXES)
        provinces = self.provinces_by_key.get(province_key, [])
        if not provinces:
            return None, ("province", f"Không tìm thấy tỉnh, thành phố “{cell_text(province_text)}”.")
        province_ids = self.expand({unit.pk for unit in provinces})
        commune_key = place_key(commune_text, COMMUNE_PREFIXES)
        if not _is_blank(district_text):
            districts = [
                unit for unit in self.districts_by_key.get(place_key(district_text, DISTRICT_PREFIXES), [])
                if unit.parent_id in province_ids
            ]
            districts = _narrow(districts, district_text, DISTRICT_PREFIXES)
            if not districts:
                return None, (
                    "district",
                    f"Không tìm thấy huyện “{cell_text(district_text)}” thuộc tỉnh “{cell_text(province_text)}” "
                    "(cấp huyện chỉ có trước 1/7/2025; với đơn vị mới hãy để trống cột Huyện).",
                )
            district_ids = {unit.pk for unit in districts}
            candidates = [u for u in self.communes_by_key.get(commune_key, []) if u.parent_id in district_ids]
            candidates = _narrow(candidates, commune_text, COMMUNE_PREFIXES)
            where = f"huyện “{cell_text(district_text)}”, tỉnh “{cell_text(province_text)}”"
        else:
            in_province = [
                u for u in self.communes_by_key.get(commune_key, [])
                if (self.province_of(u) is not None and self.province_of(u).pk in province_ids)
            ]
            candidates = [u for u in in_province if u.is_current] or in_province
            candidates = _narrow(candidates, commune_text, COMMUNE_PREFIXES)
            where = f"tỉnh “{cell_text(province_text)}”"
        if not candidates:
            return None, ("commune", f"Không tìm thấy xã, phường “{cell_text(commune_text)}” thuộc {where}.")
        if len(candidates) > 1:
            parents = ", ".join(sorted({u.parent.name for u in candidates if u.parent}))
            return None, (
                "commune",
                f"Có {len(candidates)} đơn vị tên “{cell_text(commune_text)}” ({parents}); hãy ghi cột Huyện để phân biệt.",
            )
        return candidates[0], None

    def issuing_unit(self, level: str, decided_on: date, province_text, district_text, commune):
        """(unit, None) or (None, (column key, message)) for the UBND that issued the decision."""
        if level == DecisionLevel.CENTRAL:
            return None, None
        if level == DecisionLevel.DISTRICT:
            if not _is_blank(district_text):
                district_key = place_key(district_text, DISTRICT_PREFIXES)
                for unit in self.districts_by_key.get(district_key, []):
                    if commune.parent_id == unit.pk:
                        return unit, None
            if commune.parent is not None and commune.parent.level == UnitLevel.DISTRICT:
                return commune.parent, None
            return None, (
                "district",
                "Cấp công nhận là huyện nhưng không xác định được huyện: hãy ghi cột Huyện (tên huyện trước 1/7/2025).",
            )
        own = self.province_of(commune)
        if own is None:
            return None, ("province", "Không xác định được tỉnh ban hành quyết định.")
        candidates = [self.by_pk[pk] for pk in sorted(self.expand({own.pk})) if pk in self.by_pk]
        valid = [unit for unit in candidates if unit.is_valid_on(decided_on)]
        named = [u for u in valid if place_key(u.name, PROVINCE_PREFIXES) == place_key(province_text, PROVINCE_PREFIXES)]
        if own in valid:
            return own, None
        if len(named) == 1:
            return named[0], None
        if len(valid) == 1:
            return valid[0], None
        return None, (
            "province",
            f"Không xác định được tỉnh ban hành quyết định ngày {format_date_vn(decided_on)}; kiểm tra cột Tỉnh.",
        )


# -- plan ------------------------------------------------------------------------------------


@dataclass
class NewProducer:
    name: str
    producer_type: str
    commune: AdministrativeUnit
    first_row: int
    instance: Producer | None = None


@dataclass
class NewProduct:
    name: str
    producer_ref: object  # Producer or NewProducer
    category: ProductCategory
    commune: AdministrativeUnit
    first_row: int
    instance: Product | None = None


@dataclass
class NewDecision:
    number: str
    decided_on: date
    level: str
    issuing_unit: AdministrativeUnit | None
    issuer_name: str
    regime_key: str
    first_row: int
    instance: object | None = None


@dataclass
class PlannedRow:
    row: int
    number: str
    stars: int
    score: Decimal | None
    product_ref: object  # Product or NewProduct
    producer_ref: object  # Producer or NewProducer
    decision_ref: object  # RecognitionDecision or NewDecision
    commune: AdministrativeUnit
    issued_on: date
    expires_on: date
    skip: bool = False  # already in the register

    @property
    def product_name(self) -> str:
        return self.product_ref.name

    @property
    def producer_name(self) -> str:
        return self.producer_ref.name


@dataclass
class ImportPlan:
    filename: str
    kind: str
    header_row: int = 0
    rows: list[PlannedRow] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)
    new_producers: list[NewProducer] = field(default_factory=list)
    matched_producers: set[int] = field(default_factory=set)
    new_products: list[NewProduct] = field(default_factory=list)
    matched_products: set[int] = field(default_factory=set)
    new_decisions: list[NewDecision] = field(default_factory=list)
    matched_decisions: set[int] = field(default_factory=set)
    current_units: dict[int, list[AdministrativeUnit]] = field(default_factory=dict)
    row_count: int = 0

    @property
    def ok(self) -> bool:
        return not self.issues

    @property
    def to_create(self) -> list[PlannedRow]:
        return [row for row in self.rows if not row.skip]

    def summary(self, today: date) -> dict:
        """JSON-serialisable counts and preview rows (stored on CertificateImport)."""
        rules = validity.current_rules()
        preview = []
        for planned in self.rows:
            status = validity.certificate_status(planned, today, rules)
            preview.append(
                {
                    "row": planned.row,
                    "number": planned.number,
                    "product": planned.product_name,
                    "product_new": isinstance(planned.product_ref, NewProduct),
                    "producer": planned.producer_name,
                    "producer_new": isinstance(planned.producer_ref, NewProducer),
                    "commune": display_with_current(
                        planned.commune, self.current_units.get(planned.commune.pk, []), on=today
                    ),
                    "stars": planned.stars,
                    "decision": planned.decision_ref.number,
                    "issued": format_date_vn(planned.issued_on),
                    "expires": format_date_vn(planned.expires_on),
                    "status": status,
                    "status_label": validity.STATUS_LABELS[status],
                    "skip": planned.skip,
                }
            )
        return {
            "header_row": self.header_row,
            "rows": self.row_count,
            "certificates_new": len(self.to_create),
            "certificates_existing": len(self.rows) - len(self.to_create),
            "producers_new": len(self.new_producers),
            "producers_matched": len(self.matched_producers),
            "products_new": len(self.new_products),
            "products_matched": len(self.matched_products),
            "decisions_new": len(self.new_decisions),
            "decisions_matched": len(self.matched_decisions),
            "preview": preview,
        }


@dataclass
class _Row:
    number: int
    raw: dict[str, object]
    values: dict[str, object] = field(default_factory=dict)
    failed: bool = False


class _Planner:
    def __init__(self, table: Table, plan: ImportPlan, *, actor, today: date):
        self.table = table
        self.plan = plan
        self.actor = actor
        self.today = today

    def error(self, row: _Row, key: str, message: str) -> None:
        label = self.table.labels.get(key) or COLUMN_BY_KEY[key].header
        self.plan.issues.append(Issue(row.number, label, cell_text(row.raw.get(key)), message))
        row.failed = True

    # Step 1: each cell on its own.
    def parse_cells(self, row: _Row) -> None:
        for key in ("product_name", "producer_name", "province", "commune", "decision_number", "number"):
            text = cell_text(row.raw.get(key))
            if not text:
                self.error(row, key, f"Thiếu {COLUMN_BY_KEY[key].header.lower()}.")
            elif len(text) > (100 if key in ("decision_number", "number") else 255):
                self.error(row, key, "Nội dung quá dài.")
            row.values[key] = text
        for key, parser in (
            ("stars", parse_stars),
            ("decision_date", parse_date),
            ("level", parse_level),
            ("score", parse_score),
        ):
            value = row.raw.get(key)
            if _is_blank(value) and key != "score":
                self.error(row, key, f"Thiếu {COLUMN_BY_KEY[key].header.lower()}.")
                continue
            try:
                row.values[key] = parser(value)
            except ValueError as exc:
                self.error(row, key, str(exc))
        decided = row.values.get("decision_date")
        if decided is not None:
            if decided > self.today:
                self.error(row, "decision_date", f"Ngày quyết định {format_date_vn(decided)} ở tương lai.")
            elif decided < PROGRAMME_START:
                self.error(
                    row, "decision_date",
                    f"Ngày {format_date_vn(decided)} trước khi có Chương trình OCOP (QĐ 490/QĐ-TTg ngày 07/5/2018).",
                )
        raw_type = row.raw.get("producer_type")
        row.values["producer_type"] = parse_producer_type(raw_type)
        if not _is_blank(raw_type) and row.values["producer_type"] is None:
            self.error(
                row, "producer_type",
                "Loại hình chủ thể không nhận ra; dùng: hợp tác xã, tổ hợp tác, doanh nghiệp, trang trại, "
                "hộ sản xuất/hộ kinh doanh, hội, hiệp hội, trung tâm điều hành.",
            )
        raw_set = row.raw.get("criteria_set")
        row.values["category"] = None
        if not _is_blank(raw_set):
            category = self.categories.resolve(raw_set)
            if category is None:
                self.error(row, "criteria_set", "Bộ sản phẩm không hợp lệ: ghi số từ 1 đến 26 hoặc đúng tên bộ sản phẩm.")
            row.values["category"] = category

    def run(self) -> None:
        rows = [_Row(number, raw) for number, raw in self.table.rows]
        self.plan.row_count = len(rows)
        self.categories = _Categories()
        for row in rows:
            self.parse_cells(row)

        # Step 2: places (one load for every province the file names).
        units = UnitIndex({cell_text(r.raw.get("province")) for r in rows if not _is_blank(r.raw.get("province"))})
        scope = user_scope(self.actor) if self.actor is not None else None
        allowed_units = None
        if scope is not None and not scope.is_admin:
            allowed_units = set(
                UnitCoverage.objects.filter(unit_id__in=scope.province_ids).values_list("covered_id", flat=True)
            )
        for row in rows:
            if _is_blank(row.raw.get("province")) or _is_blank(row.raw.get("commune")):
                continue
            commune, problem = units.resolve_commune(
                row.raw.get("province"), row.raw.get("district"), row.raw.get("commune")
            )
            if problem:
                self.error(row, *problem)
                continue
            if allowed_units is not None and commune.pk not in allowed_units:
                self.error(row, "commune", f"{commune.name} không thuộc tỉnh bạn quản lý; không được nhập.")
                continue
            row.values["commune_unit"] = commune
            level, decided = row.values.get("level"), row.values.get("decision_date")
            if level and decided:
                regime_key = legal.regime_for_decision(decided, level)
                if regime_key is None:
                    self.error(row, "level", legal.level_gone_message(level, decided))
                    continue
                row.values["regime_key"] = regime_key
                unit, problem = units.issuing_unit(level, decided, row.raw.get("province"), row.raw.get("district"), commune)
                if problem:
                    self.error(row, *problem)
                    continue
                row.values["issuing_unit"] = unit
                stars = row.values.get("stars")
                if stars and not legal.stars_allowed(regime_key, level, stars):
                    self.error(
                        row, "stars",
                        f"{DecisionLevel(level).label} theo {legal.regime_name(regime_key)} không công nhận sản phẩm {stars} sao.",
                    )
                score = row.values.get("score")
                if stars and score is not None:
                    band = legal.band_stars(regime_key, score)
                    if band is None or band < stars:
                        self.error(
                            row, "score",
                            f"Điểm {cell_text(row.raw.get('score'))} chỉ đạt hạng {band} sao, không đủ cho {stars} sao "
                            "(thang điểm QĐ 26/2026 Điều 3.3: 3 sao từ 50, 4 sao từ 70, 5 sao từ 90 điểm).",
                        )

        good = [row for row in rows if not row.failed]
        communes = {row.values["commune_unit"].pk for row in good}
        self.plan.current_units = current_units_map(communes, on=self.today)
        self.match_and_plan(good)

    def match_and_plan(self, rows: list[_Row]) -> None:
        plan = self.plan
        current = plan.current_units

        def today_ids(unit_id: int) -> frozenset[int]:
            units = current.get(unit_id) or []
            return frozenset(u.pk for u in units) or frozenset({unit_id})

        # Producers of the same commune today (old or new unit), by normalised name.
        today_units = {pk for commune in {r.values["commune_unit"].pk for r in rows} for pk in today_ids(commune)}
        family = set(UnitCoverage.objects.filter(unit_id__in=today_units).values_list("covered_id", flat=True))
        family |= {r.values["commune_unit"].pk for r in rows}
        producers = list(Producer.objects.filter(commune_id__in=family).order_by("pk"))
        producer_current = current_units_map({p.commune_id for p in producers}, on=self.today)
        current.update(producer_current)
        producers_by_name: dict[str, list[Producer]] = defaultdict(list)
        for producer in producers:
            producers_by_name[normalize_search(producer.name)].append(producer)
        products_by_key: dict[tuple[int, str], Product] = {}
        for product in Product.objects.filter(producer__in=producers).order_by("pk"):
            products_by_key.setdefault((product.producer_id, normalize_search(product.name)), product)

        from ocop.certificates.models import Certificate, RecognitionDecision

        decision_keys = {number_key(r.values["decision_number"]) for r in rows}
        decisions: dict[tuple, RecognitionDecision] = {}
        for decision in RecognitionDecision.objects.filter(number_key__in=decision_keys):
            decisions[(decision.number_key, decision.decided_on, decision.level, decision.issuing_unit_id)] = decision
        cert_keys = {number_key(r.values["number"]) for r in rows}
        existing_certs: dict[tuple, Certificate] = {}
        existing_by_decision_product: dict[tuple[int, int], Certificate] = {}
        for certificate in Certificate.objects.filter(number_key__in=cert_keys).select_related("decision"):
            key = (certificate.number_key, certificate.decision.level, certificate.decision.issuing_unit_id)
            existing_certs[key] = certificate
        new_producers: dict[tuple[str, frozenset], NewProducer] = {}
        new_products: dict[tuple[int, str], NewProduct] = {}
        new_decisions: dict[tuple, NewDecision] = {}
        seen_certs: dict[tuple, int] = {}
        seen_pairs: dict[tuple[int, int], int] = {}

        # Existing certificates of matched products on matched decisions (unique together).
        candidate_products = {p.pk for p in products_by_key.values()}
        for certificate in Certificate.objects.filter(
            product_id__in=candidate_products, decision__number_key__in=decision_keys
        ):
            existing_by_decision_product[(certificate.decision_id, certificate.product_id)] = certificate

        for row in rows:
            values = row.values
            commune = values["commune_unit"]
            name_key = normalize_search(values["producer_name"])
            commune_today = today_ids(commune.pk)
            matches = [
                p for p in producers_by_name.get(name_key, [])
                if today_ids(p.commune_id) & commune_today
            ]
            if matches:
                exact = [p for p in matches if p.commune_id == commune.pk]
                producer_ref = (exact or matches)[0]
                producer_type = producer_ref.producer_type
            else:
                key = (name_key, commune_today)
                producer_ref = new_producers.get(key)
                if producer_ref is None:
                    producer_type = values.get("producer_type") or producer_type_from_name(values["producer_name"])
                    if producer_type is None:
                        self.error(
                            row, "producer_type",
                            f"Chủ thể “{values['producer_name']}” chưa có trong hệ thống; cần ghi loại hình chủ thể "
                            "để tạo mới (ví dụ: Hợp tác xã, Doanh nghiệp, Hộ sản xuất).",
                        )
                        continue
                    producer_ref = NewProducer(values["producer_name"], producer_type, commune, row.number)
                    new_producers[key] = producer_ref
                producer_type = producer_ref.producer_type

            product_key_name = normalize_search(values["product_name"])
            product_ref = None
            if isinstance(producer_ref, Producer):
                product_ref = products_by_key.get((producer_ref.pk, product_key_name))
            if product_ref is None:
                ref_key = (id(producer_ref), product_key_name)
                product_ref = new_products.get(ref_key)
                if product_ref is None:
                    category = values.get("category")
                    if category is None:
                        self.error(
                            row, "criteria_set",
                            f"Sản phẩm “{values['product_name']}” chưa có trong hệ thống; cần ghi bộ sản phẩm (số 1–26) để tạo mới.",
                        )
                        continue
                    if producer_type in TOURISM_ONLY_PRODUCER_TYPES and category.criteria_set != TOURISM_CRITERIA_SET:
                        self.error(
                            row, "criteria_set",
                            "Chủ thể là hội, hiệp hội hoặc trung tâm điều hành chỉ có sản phẩm dịch vụ du lịch (bộ sản phẩm 26; QĐ 26/2026 Điều 2.3).",
                        )
                        continue
                    product_commune = producer_ref.commune if isinstance(producer_ref, NewProducer) else commune
                    product_ref = NewProduct(values["product_name"], producer_ref, category, product_commune, row.number)
                    new_products[ref_key] = product_ref

            level, decided = values["level"], values["decision_date"]
            issuing_unit = values.get("issuing_unit")
            issuing_id = issuing_unit.pk if issuing_unit else None
            dkey = (number_key(values["decision_number"]), decided, level, issuing_id)
            decision_ref = decisions.get(dkey)
            if decision_ref is None:
                decision_ref = new_decisions.get(dkey)
                if decision_ref is None:
                    issuer = (
                        _issuer_name(issuing_unit) if issuing_unit is not None
                        else legal.level_name(values["regime_key"], level)
                    )
                    decision_ref = NewDecision(
                        values["decision_number"], decided, level, issuing_unit, issuer, values["regime_key"], row.number
                    )
                    new_decisions[dkey] = decision_ref
            regime_key = decision_ref.regime_key

            ckey = (number_key(values["number"]), level, issuing_id)
            if ckey in seen_certs:
                self.error(row, "number", f"Số giấy chứng nhận trùng với dòng {seen_certs[ckey]} trong cùng tệp.")
                continue
            seen_certs[ckey] = row.number
            skip = False
            existing = existing_certs.get(ckey)
            if existing is not None:
                if isinstance(product_ref, Product) and existing.product_id == product_ref.pk:
                    skip = True
                else:
                    self.error(
                        row, "number",
                        f"Số giấy chứng nhận {values['number']} đã có trong sổ cho sản phẩm “{existing.product_name}”.",
                    )
                    continue
            if not skip and isinstance(product_ref, Product) and not isinstance(decision_ref, NewDecision):
                other = existing_by_decision_product.get((decision_ref.pk, product_ref.pk))
                if other is not None:
                    self.error(
                        row, "number",
                        f"Sản phẩm này đã có giấy chứng nhận số {other.number} theo quyết định {decision_ref.number}.",
                    )
                    continue
            pair = (id(decision_ref), id(product_ref))
            if pair in seen_pairs:
                self.error(row, "product_name", f"Sản phẩm đã có ở dòng {seen_pairs[pair]} với cùng quyết định công nhận.")
                continue
            seen_pairs[pair] = row.number
            issued = decided
            plan.rows.append(
                PlannedRow(
                    row=row.number,
                    number=values["number"],
                    stars=values["stars"],
                    score=values.get("score"),
                    product_ref=product_ref,
                    producer_ref=producer_ref,
                    decision_ref=decision_ref,
                    commune=commune,
                    issued_on=issued,
                    expires_on=legal.expiry_date(issued, regime_key),
                    skip=skip,
                )
            )
        # Only what the surviving rows use is created.
        used_products = {id(r.product_ref) for r in plan.rows}
        used_producers = {id(r.producer_ref) for r in plan.rows}
        used_decisions = {id(r.decision_ref) for r in plan.rows}
        plan.new_producers = [p for p in new_producers.values() if id(p) in used_producers]
        plan.new_products = [p for p in new_products.values() if id(p) in used_products]
        plan.new_decisions = [d for d in new_decisions.values() if id(d) in used_decisions]
        # The stored decision's regime wins over the one guessed from the date (the decision
        # workflow records the dossier's regime).
        plan.matched_producers = {r.producer_ref.pk for r in plan.rows if isinstance(r.producer_ref, Producer)}
        plan.matched_products = {r.product_ref.pk for r in plan.rows if isinstance(r.product_ref, Product)}
        plan.matched_decisions = {
            r.decision_ref.pk for r in plan.rows if not isinstance(r.decision_ref, NewDecision)
        }
        plan.issues.sort(key=lambda issue: (issue.row, list(COLUMN_BY_KEY).index(_key_for(issue.column, self.table.labels))))


def _key_for(label: str, labels: dict[str, str]) -> str:
    for key, text in labels.items():
        if text == label:
            return key
    for column in COLUMNS:
        if column.header == label:
            return column.key
    return COLUMNS[0].key


class _Categories:
    def __init__(self):
        self.by_number: dict[int, ProductCategory] = {}
        self.by_name: dict[str, ProductCategory] = {}
        for category in ProductCategory.objects.filter(criteria_set__isnull=False):
            self.by_number[category.criteria_set] = category
            for name in (category.criteria_set_name, category.name):
                if name:
                    self.by_name[normalize_search(name)] = category

    def resolve(self, value) -> ProductCategory | None:
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return self.by_number.get(int(value)) if float(value).is_integer() else None
        text = normalize_search(cell_text(value))
        match = re.fullmatch(r"(?:bo(?: san pham)?(?: so)?\s*)?(\d{1,2})(?:\s*[.:\-–)]\s*.*)?", text)
        if match:
            return self.by_number.get(int(match.group(1)))
        text = re.sub(r"^bo san pham\s*:?\s*", "", text)
        return self.by_name.get(text)


def plan_import(data: bytes, *, filename: str, kind: str, actor, today: date) -> ImportPlan:
    """Read, validate and match a register file; nothing is written."""
    plan = ImportPlan(filename=filename, kind=kind)
    try:
        table = read_table(data, kind)
    except ImportFileError as exc:
        plan.issues.extend(exc.issues)
        return plan
    except Exception as exc:  # a corrupt workbook must give a message, not a crash
        plan.issues.append(Issue(1, "", "", f"Không đọc được tệp: {exc.__class__.__name__}."))
        return plan
    plan.header_row = table.header_row
    _Planner(table, plan, actor=actor, today=today).run()
    return plan
