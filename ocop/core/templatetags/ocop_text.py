"""Wording filters shared by every app's templates."""

from django import template

from ocop.core.text import lower_first as _lower_first

register = template.Library()


@register.filter
def lower_first(value):
    """A label inside a sentence, names kept: "Đã nộp UBND xã" → "đã nộp UBND xã"."""
    return _lower_first(value)
