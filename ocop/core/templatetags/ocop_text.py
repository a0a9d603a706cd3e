"""Wording filters shared by every app's templates."""

from django import template

from ocop.core.text import lower_first as _lower_first
from ocop.criteria.regimes import regime_label

register = template.Library()


@register.filter
def lower_first(value):
    """A label inside a sentence, names kept: "Đã nộp UBND xã" → "đã nộp UBND xã"."""
    return _lower_first(value)


@register.filter
def regime_name(key):
    """"qd26-2026" → "QĐ 26/2026/QĐ-TTg": regimes are shown by their legal names."""
    return regime_label(key)
