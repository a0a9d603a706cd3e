import io
import re
from functools import lru_cache
from pathlib import Path

from django.contrib.auth.decorators import login_required
from django.db import DatabaseError, connection, transaction
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.http import require_GET

from ocop.core.homes import home_sections

# Seconds /healthz waits for the write lock before it reports that the database cannot write.
HEALTH_WRITE_WAIT_SECONDS = 2


@require_GET
@never_cache
def livez(request):
    """The process answers and its database answers a read: the cheapest page that still goes
    through the whole stack (middleware, one query). The benchmarks measure every page as a
    ratio to this one (tests/load/national.py); /healthz also tries a write."""
    return _database_read_failure() or JsonResponse({"status": "ok", "database": "ok"})


def _database_read_failure():
    """None when the database answers a read; else the 503 answer saying so."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "error", "database": "error"}, status=503)
    return None


@require_GET
@never_cache
def healthz(request):
    """Liveness and database check for monitors and load balancers: the database must
    answer a read and accept a write (rolled back). A locked SQLite file, a read-only or
    full disk, a PostgreSQL standby answer 503 with "database": "cannot-write"."""
    failure = _database_read_failure()
    if failure:
        return failure
    try:
        _probe_write()
    except DatabaseError:
        return JsonResponse({"status": "error", "database": "cannot-write"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


def _probe_write() -> None:
    """Rewrite one row of django_migrations with its own value, then roll back: a real
    write (a new row version in PostgreSQL, the write lock in SQLite) that leaves nothing."""
    sqlite = connection.vendor == "sqlite"
    if sqlite:
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA busy_timeout")
            configured = cursor.fetchone()[0]
            cursor.execute(f"PRAGMA busy_timeout = {HEALTH_WRITE_WAIT_SECONDS * 1000}")
    try:
        with transaction.atomic():
            with connection.cursor() as cursor:
                if connection.vendor == "postgresql":
                    cursor.execute(f"SET LOCAL lock_timeout = '{HEALTH_WRITE_WAIT_SECONDS}s'")
                    cursor.execute(f"SET LOCAL statement_timeout = '{HEALTH_WRITE_WAIT_SECONDS * 2}s'")
                cursor.execute(
                    "UPDATE django_migrations SET applied = applied"
                    " WHERE id = (SELECT MIN(id) FROM django_migrations)"
                )
            transaction.set_rollback(True)
    finally:
        if sqlite:
            with connection.cursor() as cursor:
                cursor.execute(f"PRAGMA busy_timeout = {int(configured)}")


@login_required
def home(request):
    """The work of each role the user holds (see ocop.core.homes), then every function."""
    return render(request, "core/home.html", {"sections": home_sections(request.user)})


# -- error pages: in the site's layout, with the reason and a way back --------------------------

def _error_page(request, exception, *, template: str, status: int):
    reason = getattr(exception, "reason", None)
    if reason is None:
        first = exception.args[0] if exception is not None and exception.args else ""
        # Django's own 404 (no URL matched) carries a dict of the patterns tried: not for readers.
        reason = first if isinstance(first, str) and " " in first else ""
    context = {
        "exception": reason,
        "reason": reason,
        "error_title": getattr(exception, "title", ""),
        "back_url": getattr(exception, "back_url", ""),
        "back_label": getattr(exception, "back_label", ""),
    }
    return render(request, template, context, status=status)


def page_not_found(request, exception):
    return _error_page(request, exception, template="404.html", status=404)


def permission_denied(request, exception):
    return _error_page(request, exception, template="403.html", status=403)


# -- favicon -------------------------------------------------------------------------------------

FAVICON_SVG = Path(__file__).resolve().parents[2] / "static" / "img" / "favicon.svg"


@lru_cache(maxsize=1)
def favicon_ico() -> bytes:
    """/favicon.ico drawn from static/img/favicon.svg (its square, its colours and its star
    polygon), so there is one drawing: browsers that ask for the ICO get the same star."""
    from PIL import Image, ImageDraw

    svg = FAVICON_SVG.read_text(encoding="utf-8")
    background = re.search(r'<rect[^>]*fill="(#[0-9a-fA-F]{6})"', svg).group(1)
    star = re.search(r'<polygon points="([^"]+)" fill="(#[0-9a-fA-F]{6})"', svg)
    scale = 4  # draw large, then let the ICO writer scale down smoothly
    points = [tuple(float(v) * scale for v in pair.split(",")) for pair in star.group(1).split()]
    image = Image.new("RGBA", (64 * scale, 64 * scale), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.rounded_rectangle((0, 0, 64 * scale - 1, 64 * scale - 1), radius=12 * scale, fill=background)
    draw.polygon(points, fill=star.group(2))
    buffer = io.BytesIO()
    image.save(buffer, format="ICO", sizes=[(16, 16), (32, 32), (48, 48), (64, 64)])
    return buffer.getvalue()


@require_GET
@cache_control(max_age=7 * 24 * 3600, public=True)
def favicon(request):
    return HttpResponse(favicon_ico(), content_type="image/x-icon")
