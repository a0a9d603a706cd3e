"""A database that is locked or gone answers 503 in Vietnamese, never a bare 500.

SQLite that stays locked past its timeout, a PostgreSQL server restarting, a connection
lost mid-request, a pool with no free connection: Django raises OperationalError (or
InterfaceError on a closed connection). Every write of this project runs inside
`transaction.atomic` (the services), so the error has rolled the whole write back; the
visitor is told that nothing was saved and to try again, with `Retry-After`.

Two places catch it: the middleware for errors raised by views (also with DEBUG on), and
the site's 500 handler (`server_error`) for errors raised elsewhere (a middleware reading
the session, saving it on the way out).
"""

from __future__ import annotations

import logging
import sys

from django.db import InterfaceError, OperationalError, transaction
from django.http import HttpResponse, JsonResponse
from django.template import loader
from django.views import defaults

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 30
MESSAGE = (
    "Cơ sở dữ liệu tạm thời không phản hồi (đang bận hoặc đang khởi động lại). "
    "Thao tác của bạn chưa được lưu, không có dữ liệu nào bị ghi dở; hãy thử lại sau ít phút."
)
DATABASE_FAULTS = (OperationalError, InterfaceError)


def wants_json(request) -> bool:
    """API clients and scripts get JSON; browsers get a page."""
    accept = request.META.get("HTTP_ACCEPT", "")
    return request.path.startswith("/api/") or (
        "application/json" in accept and "text/html" not in accept
    )


def try_again_later(request, *, status: int, error: str, detail: str, retry_seconds: int, page, **extra) -> HttpResponse:
    """The answer to "not now": JSON for the API and scripts, else the HTML `page()`; either
    way with Retry-After and never cached (503 database faults, 429 throttling)."""
    if wants_json(request):
        response = JsonResponse({"error": error, "detail": detail, **extra}, status=status)
    else:
        response = page()
    response["Retry-After"] = str(retry_seconds)
    response["Cache-Control"] = "no-store"
    return response


def database_unavailable(request, exception) -> HttpResponse:
    logger.warning("Database unavailable on %s %s: %s", request.method, request.path, exception)
    # Rendered without the request: the layout's context processors read the session and the
    # user, i.e. the database that just failed.
    return try_again_later(
        request, status=503, error="database_unavailable", detail=MESSAGE, retry_seconds=RETRY_AFTER_SECONDS,
        page=lambda: HttpResponse(loader.render_to_string("503.html", {"message": MESSAGE}), status=503),
    )


class DatabaseFaultMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, DATABASE_FAULTS):
            return database_unavailable(request, exception)
        return None


class AtomicWritesMiddleware:
    """Every view answering a POST (PUT, PATCH, DELETE) runs in one transaction.

    The services are atomic already; this also covers what a view does around its service
    call, and Django's own views (the password change writes the user, then the session): a
    fault between two writes leaves neither. Reads (GET, HEAD) are left outside a transaction,
    so SQLite readers never take its write lock. Placed last in MIDDLEWARE, so that every other
    middleware (CSRF first) has checked the request before the view runs here.
    """

    SAFE_METHODS = ("GET", "HEAD", "OPTIONS", "TRACE")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.method in self.SAFE_METHODS or getattr(view_func, "_non_atomic_requests", None):
            return None
        with transaction.atomic():
            return view_func(request, *view_args, **view_kwargs)


def server_error(request, template_name="500.html"):
    """handler500: the 503 answer when the error came from the database."""
    exception = sys.exc_info()[1]
    if isinstance(exception, DATABASE_FAULTS):
        return database_unavailable(request, exception)
    return defaults.server_error(request, template_name=template_name)
