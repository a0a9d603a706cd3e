"""Throttling of the public API, search and exports, per client, counted in the cache.

Each request is put in at most one class (`classify`): an export (a list as CSV/XLSX, a
generated DOCX/PDF, `?xuat=`), a call of the open API (`/api/`), a search (a page asked with
a non-empty `q`). Each class has a rate "N/SECONDS" (OCOP_THROTTLE_RATES, docs/security.md):
the N+1st request of one client within a window of SECONDS is answered 429 with
`Retry-After` (seconds until the window ends), a Vietnamese page for browsers and JSON for
the API. A client is the signed-in account, else the address (ocop.core.requests.client_ip, which
believes X-Forwarded-For from trusted proxies only).

The counters live in the default cache: with Redis (several application servers) every
node counts the same requests; the file cache of a single server is shared by its worker
processes. Fixed windows: simple, and at most twice the rate across a window's edge.
When the cache fails, requests are let through (the limits protect the site, they are
not a reason to refuse service).
"""

from __future__ import annotations

import logging
import math
import time

from django.conf import settings
from django.core.cache import cache
from django.shortcuts import render

from ocop.core.faults import try_again_later
from ocop.core.requests import client_ip

logger = logging.getLogger(__name__)

EXPORT_SUFFIXES = (".csv", ".xlsx", ".docx", ".pdf")
LABELS = {
    "api": "gọi API dữ liệu mở",
    "search": "tìm kiếm",
    "export": "xuất tệp",
}


def parse_rate(rate: str) -> tuple[int, int]:
    """"120/60" → (120 requests, 60 seconds)."""
    count, _, seconds = rate.partition("/")
    return int(count), int(seconds or 60)


def classify(request) -> str | None:
    path = request.path
    if path.endswith(EXPORT_SUFFIXES) or request.GET.get("xuat"):
        return "export"
    if path.startswith("/api/"):
        return "api"
    if request.method in ("GET", "HEAD") and request.GET.get("q", "").strip():
        return "search"
    return None


def client_key(request) -> str:
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return f"u{user.pk}"
    return f"a{client_ip(request) or ''}"


def hit(scope: str, client: str, *, limit: int, period: int, now: float | None = None) -> int:
    """Count one request; 0 if allowed, else the seconds until the window ends."""
    now = time.time() if now is None else now
    window = int(now // period)
    key = f"throttle:{scope}:{client}:{window}"
    if cache.add(key, 1, timeout=period + 1):
        count = 1
    else:
        try:
            count = cache.incr(key)
        except ValueError:  # expired between add() and incr()
            cache.add(key, 1, timeout=period + 1)
            count = 1
    if count <= limit:
        return 0
    return max(1, math.ceil((window + 1) * period - now))


def too_many(request, scope: str, retry_after: int, limit: int, period: int):
    message = (
        f"Bạn đã {LABELS[scope]} quá {limit} lần trong {period} giây. "
        f"Vui lòng thử lại sau {retry_after} giây."
    )
    return try_again_later(
        request, status=429, error="too_many_requests", detail=message, retry_seconds=retry_after,
        page=lambda: render(request, "429.html", {"message": message, "retry_after": retry_after}, status=429),
        retry_after=retry_after,
    )


class ThrottleMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if getattr(settings, "OCOP_THROTTLE_ENABLED", True):
            scope = classify(request)
            rate = settings.OCOP_THROTTLE_RATES.get(scope) if scope else None
            if rate:
                limit, period = parse_rate(rate)
                try:
                    retry_after = hit(scope, client_key(request), limit=limit, period=period)
                except Exception:  # noqa: BLE001 - a cache outage must not take the site down
                    logger.warning("Throttle: cache unavailable, request let through", exc_info=True)
                    retry_after = 0
                if retry_after:
                    return too_many(request, scope, retry_after, limit, period)
        return self.get_response(request)
