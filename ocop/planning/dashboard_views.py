"""The plans' dashboard and its charts drawn on demand."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import render

from ocop.core.charts import render as render_chart
from ocop.core.requests import to_int
from ocop.planning import dashboards, selectors
from ocop.planning import targets as target_progress
from ocop.planning.workflow import REPORT_EDITABLE


def _dashboard_board(request):
    """The plan, year, view and board the dashboard's query string selects."""
    if not request.user.has_perm("planning.view_dashboard"):
        raise PermissionDenied("Bạn không có quyền xem bảng điều khiển kế hoạch.")
    years = selectors.plan_years(actor=request.user)
    year = to_int(request.GET.get("nam")) or (years[0] if years else None)
    plans = list(selectors.plan_list(actor=request.user, year=year)) if year else []
    plan_id = to_int(request.GET.get("ke_hoach"))
    plan = next((p for p in plans if p.pk == plan_id), plans[0] if plans else None)
    mode = request.GET.get("dia_gioi") if request.GET.get("dia_gioi") in dict(target_progress.MODE_CHOICES) else target_progress.NEW
    board = dashboards.plan_dashboard(actor=request.user, plan=plan, mode=mode) if plan else None
    return board, plan, plans, years, year, mode


# How long the data of a page's charts waits for the page to ask for their drawings.
CHART_DATA_SECONDS = 3600


def _chart_data_key(digest: str) -> str:
    return f"ocop:dashboard-chart:{digest}"


@login_required
def dashboard(request):
    board, plan, plans, years, year, mode = _dashboard_board(request)
    if board is not None:
        # Each chart is drawn later, when the page asks for it; its data wait in the cache under
        # a digest of themselves, so that request draws without computing the board again.
        charts = [chart for _, chart in board.target_charts if chart] + list(board.charts.values())
        cache.set_many({_chart_data_key(c.digest): c.chart for c in charts}, CHART_DATA_SECONDS)
    return render(
        request,
        "planning/dashboard.html",
        {
            "board": board,
            "plan": plan,
            "plans": plans,
            "years": years,
            "year": year,
            "mode": mode,
            "modes": target_progress.MODE_CHOICES,
            "report_editable": REPORT_EDITABLE,
        },
    )


@login_required
def dashboard_chart(request):
    """One chart of the dashboard as inline SVG, fetched by the page when it scrolls into view
    (htmx `intersect once`): the page answers without drawing, each chart is drawn on demand and
    then served from the chart cache (a digest of its data)."""
    if not request.user.has_perm("planning.view_dashboard"):
        raise PermissionDenied("Bạn không có quyền xem bảng điều khiển kế hoạch.")
    digest = request.GET.get("d", "")
    data = cache.get(_chart_data_key(digest)) if len(digest) == 64 else None
    if data is not None:
        # The digest names data this page computed for this user's scope moments ago.
        return HttpResponse(render_chart(data).svg)
    board, *_ = _dashboard_board(request)
    chart = board.chart(request.GET.get("bieu_do", "")) if board else None
    if chart is None:
        raise Http404("Không có biểu đồ này.")
    return HttpResponse(chart.svg)
