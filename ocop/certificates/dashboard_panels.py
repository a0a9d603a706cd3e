"""What apps above the certificates add to the certificate dashboard.

The dashboard (views.dashboard) belongs here, but some of what an officer
follows there belongs to higher layers: the monitoring app's compliance documents that are
about to expire. Such an app registers a function from its AppConfig.ready(); the function
returns extra template context for the dashboard, so this app imports nothing above it.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

_panels: list[Callable[..., dict]] = []


def register_panel(panel: Callable[..., dict]) -> None:
    """`panel(request, *, on: date, unit) -> dict` of extra template context."""
    if panel not in _panels:
        _panels.append(panel)


def panels_for(request, *, on: date, unit) -> dict:
    context: dict = {}
    for panel in _panels:
        context.update(panel(request, on=on, unit=unit))
    return context
