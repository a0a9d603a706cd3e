"""Small display helpers of the public pages."""

from django import template
from django.utils.html import conditional_escape, escape, format_html
from django.utils.safestring import mark_safe

from ocop.certificates.templatetags import certificate_tags

register = template.Library()


# 4 → "★★★★" (the number is always written next to it for screen readers).
register.filter("star_marks", certificate_tags.star_marks)


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


@register.simple_tag
def photo_img(photo, alt: str, css_class: str = "", sizes: str = "100vw"):
    """<img> of a product photo from its resized copies (ocop.core.thumbnails): the small
    one as `src`, all in `srcset`, its size in width/height, loaded lazily."""
    from ocop.core.thumbnails import srcset

    thumbs, candidates = srcset(photo.image)
    if not thumbs:
        return format_html('<img class="{}" src="{}" alt="{}" loading="lazy">', css_class, photo.image.url, alt)
    first = thumbs[0]
    return format_html(
        '<img class="{}" src="{}" srcset="{}" sizes="{}" width="{}" height="{}" alt="{}" loading="lazy" decoding="async">',
        css_class, first.url, candidates, sizes, first.width, first.height, alt,
    )


def escaped_options(choices) -> tuple[tuple[str, str, str], ...]:
    """Options of a filter, escaped once (they are kept per data version, see
    catalogue.views._filter_options): (value, `<option value="…"`, `>label</option>`)."""
    # Plain strings (an f-string of escaped parts), not SafeStrings: they are unpickled from
    # the memo on every request, and a str subclass costs twice as much there.
    return tuple(
        (str(value), f'<option value="{escape(value)}"', f">{escape(label)}</option>") for value, label in choices
    )


@register.simple_tag
def select_options(options, selected=None):
    """The <option>s of a filter from `escaped_options`, the one equal to `selected` marked.
    One tag instead of a template loop over a hundred options (the public list's filters),
    and no escaping per request: escaping them on each request cost more than the rest of
    the page to render."""
    chosen = "" if selected is None else str(selected)
    return mark_safe(  # every part was escaped by escaped_options
        "".join(
            f"{opening} selected{rest}" if value == chosen else f"{opening}{rest}" for value, opening, rest in options
        )
    )
