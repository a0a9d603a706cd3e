"""Template filters for money and numbers: {{ amount|vnd }} → "1.234.567 đ",
{{ count|so }} → "12.345"."""

from django import template

from ocop.core.money import format_vnd
from ocop.core.text import format_number_vn

register = template.Library()


@register.filter
def vnd(amount) -> str:
    return format_vnd(amount)


@register.filter
def so(value) -> str:
    return format_number_vn(value) if value not in (None, "") else ""
