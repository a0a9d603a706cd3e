"""Money display: whole đồng with Vietnamese separators, "1.234.567 đ"."""

from ocop.core.text import format_number_vn


def format_vnd(amount) -> str:
    if amount is None:
        return ""
    return f"{format_number_vn(amount)} đ"
