from django import template

from ocop.criteria.presentation import anchor as code_anchor

register = template.Library()


@register.filter
def star_marks(stars):
    """3 → "★★★" (the minimum-requirement markers ***, ****, ***** of Phụ lục II)."""
    return "★" * int(stars) if stars else ""


@register.filter
def criterion_anchor(code):
    return code_anchor(code)
