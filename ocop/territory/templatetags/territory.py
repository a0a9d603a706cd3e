"""Show a unit together with the unit it belongs to today.

    {% load territory %}
    {{ unit|with_current }}                 → "Xã Đắk Tơ Lung (nay là Xã Đăk Kôi)"
    {{ unit|with_current:current_map }}     → same, without queries (map from current_units_map)
    {% unit_with_current unit current_map %} → HTML: name, then today's unit(s) in small text

In lists always pass the map built once for the page by
`ocop.territory.selectors.current_units_map`; without it each call queries the database.
"""

from django import template

from ocop.territory.selectors import current_units_for, display_with_current

register = template.Library()


def _current_from(unit, current):
    """Accept a list of today's units or a map {unit id: list} from current_units_map."""
    if isinstance(current, dict):
        return current.get(unit.pk, [])
    return current


@register.filter
def with_current(unit, current=None):
    if unit is None or unit == "":
        return ""
    return display_with_current(unit, _current_from(unit, current) if current is not None else None)


@register.inclusion_tag("territory/unit_with_current.html")
def unit_with_current(unit, current=None, link=False):
    relation, units = "", []
    if unit is not None and not unit.is_current:
        if current is None:
            relation, units = current_units_for(unit)
        else:
            relation, units = "là", _current_from(unit, current) or []
    return {"unit": unit, "relation": relation, "current_units": units, "link": link}
