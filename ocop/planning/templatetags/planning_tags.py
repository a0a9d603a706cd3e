"""Display helpers for planning pages: Vietnamese numbers, percentages, dict lookups."""

from decimal import Decimal, InvalidOperation

from django import template

from ocop.core.text import format_date_vn, format_number_vn

register = template.Library()


@register.filter
def vn_value(value, unit_label: str = ""):
    """1234567 → '1.234.567'; 66.666 with unit '%' → '66,7%'; None → '—'."""
    if value is None or value == "":
        return "—"
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return value
    decimals = 0 if number == number.to_integral_value() else 1
    text = format_number_vn(number, decimals)
    return f"{text}%" if unit_label == "%" else text


@register.filter
def vn_date(value):
    return format_date_vn(value) or "—"


@register.filter
def get(mapping, key):
    if mapping is None:
        return None
    try:
        return mapping.get(key)
    except AttributeError:
        return None


@register.filter
def percent(value):
    return "—" if value is None else f"{format_number_vn(value, 0 if float(value).is_integer() else 1)}%"
