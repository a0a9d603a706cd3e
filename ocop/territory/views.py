"""Territory pages: read-only for every logged-in user (units are public reference data)."""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render

from ocop.core.paging import paginate, query_without_page
from ocop.core.registers import Register, Search, ValidChoiceFilter
from ocop.territory import selectors
from ocop.territory.models import UnitLevel

# A legacy district has no successor of its own; show the province it now lies in.
_FALLBACK_RELATION = "thuộc"


UNITS = Register(
    template="territory/list.html",
    filters=(
        Search("Tìm theo tên hoặc mã", placeholder="Ví dụ: dak koi, 23485", column="col-12 col-md-5"),
        ValidChoiceFilter("cap", "Cấp", UnitLevel.choices, column="col-6 col-md-3", all_label="Tất cả các cấp"),
        ValidChoiceFilter("hieu_luc", "Thời kỳ", selectors.PERIOD_CHOICES, column="col-6 col-md-2"),
    ),
    submit_label="Tìm",
)


def _with_current(page_obj) -> list[tuple]:
    """(unit, relation, current units) for a page. One lookup for the whole page (units and
    the parents of old ones), so the number of queries does not depend on the rows."""
    rows = list(page_obj)
    current = selectors.current_units_map(
        [u.pk for u in rows] + [u.parent_id for u in rows if not u.is_current]
    )
    table = []
    for unit in rows:
        relation, now = "", []
        if not unit.is_current:
            now = current.get(unit.pk, [])
            relation = "là"
            if not now and unit.parent_id:
                now, relation = current.get(unit.parent_id, []), _FALLBACK_RELATION
        table.append((unit, relation, now))
    return table


@login_required
def unit_list(request):
    return UNITS.render(
        request,
        lambda f: selectors.unit_search(f["q"], level=f["cap"] or None, period=f["hieu_luc"] or None),
        rows=_with_current,
    )


@login_required
def unit_detail(request, pk):
    unit = selectors.unit_get(pk)
    if unit is None:
        raise Http404("Không tìm thấy đơn vị hành chính.")
    children = paginate(request, selectors.unit_children(unit), settings.PAGE_SIZE)
    relation, current = selectors.current_units_for(unit)
    return render(
        request,
        "territory/detail.html",
        {
            "unit": unit,
            "children_page": children,
            "page_obj": children,
            "base_query": query_without_page(request),
            "predecessor_links": list(selectors.unit_predecessor_links(unit)),
            "successor_links": list(selectors.unit_successor_links(unit)),
            "current_relation": relation,
            "current_units": current,
            "covered_count": selectors.units_within(unit).count(),
        },
    )
