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
