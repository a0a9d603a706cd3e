"""Reading one cell of the register: text, dates (Vietnamese, ISO or Excel serials), stars,
scores, decision levels and producer types."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation

from ocop.certificates.importing.table import is_blank
from ocop.certificates.models import DecisionLevel
from ocop.core.text import normalize_search
from ocop.producers.models import ProducerType


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
    if is_blank(value):
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
