from django import template

from ocop.criteria.presentation import anchor as code_anchor
from ocop.criteria.regimes import regime_label

register = template.Library()


@register.filter
def star_marks(stars):
    """3 → "★★★" (the minimum-requirement markers ***, ****, ***** of Phụ lục II)."""
    return "★" * int(stars) if stars else ""


@register.filter
def criterion_anchor(code):
    return code_anchor(code)


@register.filter
def regime_name(key):
    """"qd26-2026" → "QĐ 26/2026/QĐ-TTg": regimes are shown by their legal names."""
    return regime_label(key)
