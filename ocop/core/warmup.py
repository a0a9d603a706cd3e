"""Warm the application up before it answers its first request (gunicorn.conf.py).

Without this, the first request of each server process pays for importing every view (the
URLconf), compiling the templates and opening the database connection: about 2 s on a
2-core machine, seen by whoever asks first — often the load balancer's `/healthz`.

Two steps, because with `preload_app` the code is loaded once in the gunicorn master and
shared by the forked workers (copy-on-write), while a database connection must never be
opened before the fork (the workers would share one socket):

* `warm_code()` — no database: URLconf, every view module, every template compiled into
  the cached loader. Run in the master before forking (or in the worker without preload).
* `warm_worker(application)` — in each worker after the fork, before it accepts
  connections: one internal `GET /healthz` through the whole middleware stack, which opens
  the worker's database connection (or pool) and fills the per-process caches.
"""

from __future__ import annotations

import io
import logging
import time
from pathlib import Path

logger = logging.getLogger(__name__)


def _template_names() -> list[str]:
    """Every template the project itself ships (project folder and each app's folder)."""
    from django.apps import apps
    from django.conf import settings

    roots = [Path(d) for engine in settings.TEMPLATES for d in engine.get("DIRS", [])]
    roots += [Path(app.path) / "templates" for app in apps.get_app_configs() if app.name.startswith("ocop.")]
    names = set()
    for root in roots:
        if root.is_dir():
            names.update(str(path.relative_to(root)) for path in root.rglob("*.html"))
    return sorted(names)


def warm_code() -> dict:
    """Import the URLconf and compile the project's templates; touch no database."""
    from django.db import connections
    from django.template import TemplateDoesNotExist, TemplateSyntaxError
    from django.template.loader import get_template
    from django.urls import get_resolver

    start = time.perf_counter()
    resolver = get_resolver()
    resolver.url_patterns  # noqa: B018 - importing every view module is the point
    resolver._populate()
    compiled = 0
    for name in _template_names():
        try:
            get_template(name)
            compiled += 1
        except (TemplateDoesNotExist, TemplateSyntaxError):  # a partial included elsewhere only
            continue
    # Nothing above should connect; make sure no connection crosses a fork.
    connections.close_all()
    seconds = time.perf_counter() - start
    logger.info("Warm-up: URLconf and %d templates in %.2f s", compiled, seconds)
    return {"templates": compiled, "seconds": seconds}


def warm_worker(application) -> int:
    """Serve one `GET /healthz` inside this process; returns its HTTP status."""
    from django.conf import settings

    host = (settings.ALLOWED_HOSTS or ["localhost"])[0]
    if host in ("*", "") or host.startswith("."):
        host = "localhost"
    environ = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": "/healthz",
        "QUERY_STRING": "",
        "SERVER_NAME": host,
        "SERVER_PORT": "80",
        "HTTP_HOST": host,
        "REMOTE_ADDR": "127.0.0.1",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "wsgi.version": (1, 0),
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(b""),
        "wsgi.errors": io.StringIO(),
        "wsgi.multithread": False,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
    }
    status = ["000"]

    def start_response(line, headers, exc_info=None):
        status[0] = line.split(" ", 1)[0]

    start = time.perf_counter()
    body = application(environ, start_response)
    try:
        for _chunk in body:
            pass
    finally:
        close = getattr(body, "close", None)
        if close is not None:
            close()  # sends request_finished: the connection goes back to the pool
    code = int(status[0])
    level = logging.INFO if code == 200 else logging.WARNING
    logger.log(level, "Warm-up: /healthz answered %s in %.2f s", code, time.perf_counter() - start)
    return code
