"""Status labels and colours for templates: {{ certificate.status|status_label }}."""

from django import template

from ocop.certificates import validity

register = template.Library()


@register.filter
def status_label(status: str) -> str:
    return validity.STATUS_LABELS.get(status, status)


@register.filter
def status_colour(status: str) -> str:
    return validity.STATUS_COLOURS.get(status, "secondary")


@register.filter
def star_marks(stars) -> str:
    try:
        return "★" * int(stars)
    except (TypeError, ValueError):
        return ""


@register.inclusion_tag("certificates/_status_badge.html")
def status_badge(status: str):
    return {
        "label": validity.STATUS_LABELS.get(status, status),
        "colour": validity.STATUS_COLOURS.get(status, "secondary"),
    }
