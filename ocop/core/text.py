"""Vietnamese text helpers: search normalisation and display formatting.

Search ignores diacritics and case ("dak rve" finds "Đăk Rve"): every searchable record
stores a normalised copy of its searchable text, and queries are normalised the same way,
so the same code works on SQLite and PostgreSQL without database extensions.
"""

import re
import unicodedata
from datetime import date
from decimal import Decimal

_SPACES = re.compile(r"\s+")


def normalize_search(text: str | None) -> str:
    """Lower-case, strip diacritics (đ → d), collapse spaces."""
    if not text:
        return ""
    text = text.replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return _SPACES.sub(" ", stripped.lower()).strip()


def search_terms(query: str | None) -> list[str]:
    """Split a user query into normalised words; every word must match."""
    return [word for word in normalize_search(query).split(" ") if word]


def format_date_vn(value: date | None) -> str:
    return value.strftime("%d/%m/%Y") if value else ""


def format_number_vn(value: int | float | Decimal | None, decimals: int = 0) -> str:
    """1234567.5 → '1.234.567,5' (Vietnamese separators)."""
    if value is None:
        return ""
    text = f"{value:,.{decimals}f}"
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def lower_first(text: str | None) -> str:
    """A label put inside a sentence: only its first word is lower-cased, and not when that
    word is an abbreviation or a name ("Đã nộp UBND xã" → "đã nộp UBND xã"; "UBND xã đang
    kiểm tra" and "Mẫu 03" stay as they are). `str.lower()` would turn "UBND" into "ubnd"."""
    if not text:
        return ""
    head, sep, rest = str(text).partition(" ")
    keeps_case = (len(head) > 1 and head.isupper()) or any(ch.isdigit() for ch in head) or (
        head == "Mẫu" and rest[:1].isdigit()
    )
    if keeps_case:
        return str(text)
    return head[:1].lower() + head[1:] + sep + rest


# How a stored value is named for people in the change history (core/history.html): apps
# register a namer from their AppConfig.ready() (the criteria app: regime keys → "QĐ
# 26/2026/QĐ-TTg"), so core imports no app. A namer returns the value unchanged when it
# does not know it.
_VALUE_NAMERS: list = []


def register_value_namer(namer) -> None:
    if namer not in _VALUE_NAMERS:
        _VALUE_NAMERS.append(namer)


def value_name(value):
    for namer in _VALUE_NAMERS:
        value = namer(value)
    return value
