"""Small display helpers of the public pages."""

from django import template
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe

register = template.Library()


@register.filter
def star_marks(stars) -> str:
    """4 → "★★★★" (the number is always written next to it for screen readers)."""
    try:
        return "★" * int(stars)
    except (TypeError, ValueError):
        return ""


@register.filter
def certificate_class(certificate) -> str:
    """Bootstrap colour of a certificate's public status: in force, revoked, or ended."""
    if certificate is None:
        return "secondary"
    if certificate.in_force:
        return "success"
    if certificate.status == "revoked":
        return "danger"
    return "secondary"


@register.simple_tag
def unit_today(unit, current=None, province=None):
    """'Xã Đắk Tơ Lung (nay là Xã Đăk Kôi), Tỉnh Quảng Ngãi': the unit as recorded, today's
    unit(s) when it has since been merged, then today's province."""
    if unit is None:
        return ""
    html = conditional_escape(unit.name)
    if not unit.is_current and current:
        names = ", ".join(u.name for u in current)
        html += format_html(' <span class="text-body-secondary small">(nay là {})</span>', names)
    if province is not None:
        html += format_html(", {}", province.name)
    return mark_safe(html)  # every part above is escaped
