"""The dashboard answers without drawing; each chart is drawn when the page asks for it."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ocop.planning import progress as progress_states
from ocop.planning import selectors
from ocop.planning.workflow import TaskStatus

pytestmark = pytest.mark.django_db

CHART_URL = re.compile(r'hx-get="([^"]*/bang-dieu-khien/bieu-do/[^"]*)"')


def _chart_urls(html: str) -> list[str]:
    return [url.replace("&amp;", "&") for url in CHART_URL.findall(html)]


def test_it_answers_the_dashboard_without_drawing_a_chart(client_as, plan2026):
    client = client_as("tinh")
    response = client.get(reverse("planning:dashboard") + f"?nam=2026&ke_hoach={plan2026.pk}")
    html = response.content.decode()
    assert response.status_code == 200
    urls = _chart_urls(html)
    board = response.context["board"]
    expected = len([c for _, c in board.target_charts if c]) + len(board.charts)
    assert len(urls) == expected >= 3
    assert "<svg" not in html.split('id="noi-dung"', 1)[-1]
    assert 'hx-trigger="intersect once"' in html


def test_it_draws_each_chart_on_demand_without_computing_the_board_again(client_as, plan2026):
    client = client_as("tinh")
    html = client.get(reverse("planning:dashboard") + f"?nam=2026&ke_hoach={plan2026.pk}").content.decode()
    for url in _chart_urls(html):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200
        assert response.content.decode().lstrip().startswith("<svg")
        assert len(queries) <= 4, url  # session and user: the data came from the page's cache


def test_it_recomputes_a_chart_whose_data_left_the_cache(client_as, plan2026):
    from django.core.cache import cache

    client = client_as("tinh")
    html = client.get(reverse("planning:dashboard") + f"?nam=2026&ke_hoach={plan2026.pk}").content.decode()
    cache.clear()
    url = next(u for u in _chart_urls(html) if "bieu_do=holders" in u)
    response = client.get(url)
    assert response.status_code == 200 and b"<svg" in response.content
    assert client.get(url.replace("bieu_do=holders", "bieu_do=khong-co").split("&d=")[0]).status_code == 404


def test_it_refuses_a_chart_to_whoever_may_not_see_the_dashboard(client_as, plan2026):
    html = client_as("tinh").get(reverse("planning:dashboard") + f"?nam=2026&ke_hoach={plan2026.pk}").content.decode()
    url = _chart_urls(html)[0]
    assert client_as("chuthe1").get(url).status_code == 403


def test_it_filters_tasks_by_status_as_the_states_say(shared, plan2024):
    """The SQL pre-filter of the task list keeps exactly what the Python state rule keeps."""
    from ocop.planning.models import TaskAssignment

    actor = shared["users"]["tinh"]
    TaskAssignment.objects.filter(pk__in=TaskAssignment.objects.values("pk")[:3]).update(status=TaskStatus.DONE)
    everything = selectors.with_states(selectors.assignment_list(actor=actor))
    for status in [*progress_states.DISPLAY_LABELS, selectors.UNFINISHED]:
        result = selectors.assignments_by_status(selectors.assignment_list(actor=actor), status)
        got = sorted(a.pk for a, *_ in (result if isinstance(result, list) else [(a,) for a in result]))
        if status == selectors.UNFINISHED:
            expected = sorted(a.pk for a, s in everything if a.status != TaskStatus.DONE)
        else:
            expected = sorted(a.pk for a, s in everything if s.status == status)
        assert got == expected, status
    overdue = selectors.assignments_by_status(selectors.assignment_list(actor=actor), progress_states.OVERDUE)
    assert overdue, "the 2024 plan's tasks are past their deadlines"
