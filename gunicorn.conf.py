"""gunicorn configuration, used by `make run`, `make bench-national` and production
(`gunicorn -c gunicorn.conf.py ocop.wsgi:application`; gunicorn also reads this file by
itself when started from the project folder). Every value can be overridden by an
environment variable; docs/operations.md §5 explains the choice for a 2-core and a 16-core
server, docs/performance.md the measurements behind it.

Worker model: a few processes with a few threads each (`gthread`). A request of this
application spends a good part of its time waiting for PostgreSQL; threads let one process
serve another request meanwhile, and keep-alive connections are reused (sync workers
close every connection). Processes, not threads, use the cores (the GIL).

  2 cores:   GUNICORN_WORKERS=2  GUNICORN_THREADS=4   (the defaults: 8 requests at once,
             at most 8 PostgreSQL connections)
  16 cores:  GUNICORN_WORKERS=16 GUNICORN_THREADS=4   (64 requests at once; PostgreSQL's
             default max_connections = 100 leaves room for cron jobs and psql)

Memory: `preload_app` loads the code once in the master; workers share it copy-on-write,
and `gc.freeze()` keeps the garbage collector from touching (and so copying) those pages.
`max_requests` (with jitter, so the workers do not restart together) returns memory that a
large export or page left fragmented.
"""

import gc
import os


def _int(name: str, default: int) -> int:
    return int(os.environ.get(name, default))


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


bind = os.environ.get("GUNICORN_BIND", f"127.0.0.1:{os.environ.get('PORT', '8000')}")
workers = _int("GUNICORN_WORKERS", max(2, _cores()))
threads = _int("GUNICORN_THREADS", 4)
worker_class = "gthread" if threads > 1 else "sync"
# A worker that has not reported for this long is killed and replaced. With threads the
# worker reports between requests, so a slow export does not trip it; 60 s covers a slow
# synchronous request with sync workers.
timeout = _int("GUNICORN_TIMEOUT", 60)
graceful_timeout = _int("GUNICORN_GRACEFUL_TIMEOUT", 30)
# Seconds an idle keep-alive connection stays open (behind a proxy on the same machine).
keepalive = _int("GUNICORN_KEEPALIVE", 5)
max_requests = _int("GUNICORN_MAX_REQUESTS", 5000)
max_requests_jitter = _int("GUNICORN_MAX_REQUESTS_JITTER", 500)
preload_app = os.environ.get("GUNICORN_PRELOAD", "1") == "1"
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-") or None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
proc_name = "ocop"
# gunicorn opens a control socket in the user's home by default; two instances on one
# machine (the benchmark beside `make run`) would fight over it. Off unless a path is given.
control_socket = os.environ.get("GUNICORN_CONTROL_SOCKET", "")
control_socket_disable = not control_socket
wsgi_app = "ocop.wsgi:application"

# One pool of PostgreSQL connections per worker, as large as its thread count
# (ocop/settings.py, DATABASE_POOL). Ignored on SQLite.
if threads > 1:
    os.environ.setdefault("DATABASE_POOL", str(threads))


def when_ready(server):
    """Master, after loading the application, before forking the workers."""
    if preload_app:
        from ocop.core.warmup import warm_code

        warm_code()
        # Objects that exist now live until the end: moving them out of the collector's
        # generations stops it from writing to their pages in every worker.
        gc.freeze()


def post_worker_init(worker):
    """Each worker, before it accepts its first connection."""
    from ocop.core.warmup import warm_code, warm_worker

    if not preload_app:
        warm_code()
    status = warm_worker(worker.wsgi)
    worker.log.info("Worker %s warmed up (/healthz %s)", worker.pid, status)
