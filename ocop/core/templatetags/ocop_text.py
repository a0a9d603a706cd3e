"""Wording filters shared by every app's templates."""

from django import template

from ocop.core.text import lower_first as _lower_first
from ocop.core.text import value_name as _value_name

register = template.Library()


@register.filter
def lower_first(value):
    """A label inside a sentence, names kept: "Đã nộp UBND xã" → "đã nộp UBND xã"."""
    return _lower_first(value)


@register.filter
def value_name(value):
    """A stored value as people read it in the change history (see ocop.core.text.value_name)."""
    return _value_name(value)
