"""Reads of the public side from a PostgreSQL streaming replica (docs/deployment.md).

When `DATABASE_REPLICA_URL` is set, settings.py adds the `replica` connection and this
module's router. Only the public pages that nobody writes from — the catalogue, the
certificate verification page reached by QR codes, the map and the open API (GET/HEAD) — read
from the replica; everything else, and every write, goes to the primary, so an officer always
reads back what was just saved.

A replica that is down or lagging must never turn a public page into an error:

- before a public request is sent to it, `replica_usable()` asks the replica how far behind
  it is (`OCOP_REPLICA_MAX_LAG_SECONDS`, 10 s by default) over a connection that gives up
  after `connect_timeout` (2 s); the answer is kept `OCOP_REPLICA_CHECK_SECONDS` (5 s) in the
  process, so the check costs one small query per process every few seconds, not per request;
- a request that meets a database error on the replica marks it down (for the same few
  seconds) and is run again on the primary (public GET views only read, so running one
  again is safe).
"""

from __future__ import annotations

import contextvars
import logging
import threading
import time
from contextlib import contextmanager

from django.conf import settings
from django.db import DatabaseError, InterfaceError, OperationalError, connections

logger = logging.getLogger(__name__)

ALIAS = "replica"
# Namespaces and view names whose GET requests may read from the replica. The printable QR
# labels live in the catalogue app but are an officer page: primary.
REPLICA_NAMESPACES = {"catalogue"}
REPLICA_VIEWS = {"certificates:verify"}
PRIMARY_VIEWS = {"catalogue:labels", "catalogue:labels_pdf"}

# How far behind the primary the replica is, in seconds. A replica not in recovery (a test
# database standing in for one) is never behind; a standby whose WAL receiver is not
# streaming may be stale without knowing it, so it counts as far behind; otherwise the age
# of the last replayed transaction, unless everything received has been replayed (an idle
# primary sends nothing, which is not lag).
LAG_SQL = """
SELECT CASE
    WHEN NOT pg_is_in_recovery() THEN 0
    WHEN NOT EXISTS (SELECT 1 FROM pg_stat_wal_receiver WHERE status = 'streaming') THEN 1e9
    WHEN pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() THEN 0
    ELSE COALESCE(EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp()), 1e9)
END
"""

_reading_public = contextvars.ContextVar("ocop_reading_public", default=False)
_state = {"checked": float("-inf"), "usable": False}
_lock = threading.Lock()


def configured() -> bool:
    return ALIAS in settings.DATABASES


def check_seconds() -> float:
    return float(getattr(settings, "OCOP_REPLICA_CHECK_SECONDS", 5))


def max_lag_seconds() -> float:
    return float(getattr(settings, "OCOP_REPLICA_MAX_LAG_SECONDS", 10))


def replica_lag() -> float | None:
    """Seconds the replica is behind, or None when it cannot be reached."""
    connection = connections[ALIAS]
    try:
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute(LAG_SQL)
            else:  # another engine standing in for a replica (SQLite in a test): never behind
                cursor.execute("SELECT 0")
            return float(cursor.fetchone()[0])
    except DatabaseError:
        logger.warning("Replica: unreachable, public reads go to the primary", exc_info=True)
        # A broken connection must not be reused by the next request of this thread.
        try:
            connection.close()
        except DatabaseError:
            pass
        return None


def _record(usable: bool) -> bool:
    _state["usable"] = usable
    _state["checked"] = time.monotonic()
    return usable


def replica_usable() -> bool:
    """Whether public reads may go to the replica now (answer kept a few seconds)."""
    if not configured():
        return False
    if time.monotonic() - _state["checked"] < check_seconds():
        return _state["usable"]
    # One thread checks; the others keep the previous answer meanwhile instead of queueing.
    if not _lock.acquire(blocking=False):
        return _state["usable"]
    try:
        lag = replica_lag()
        usable = lag is not None and lag <= max_lag_seconds()
        if lag is not None and not usable:
            logger.warning("Replica: %.1f s behind, public reads go to the primary", lag)
        return _record(usable)
    finally:
        _lock.release()


def mark_down() -> None:
    _record(False)


def forget() -> None:
    """Drop the kept answer (tests, or after reconfiguring)."""
    _state["checked"] = float("-inf")
    _state["usable"] = False


@contextmanager
def public_reads():
    """Within the block, reads may go to the replica (when it is usable)."""
    token = _reading_public.set(True)
    try:
        yield
    finally:
        _reading_public.reset(token)


def is_public_view(request) -> bool:
    match = getattr(request, "resolver_match", None)
    if match is None or request.method not in ("GET", "HEAD"):
        return False
    if match.view_name in PRIMARY_VIEWS:
        return False
    return match.view_name in REPLICA_VIEWS or bool(set(match.namespaces) & REPLICA_NAMESPACES)


class ReplicaRouter:
    """settings.DATABASE_ROUTERS when a replica is configured."""

    def db_for_read(self, model, **hints):
        if _reading_public.get() and replica_usable():
            return ALIAS
        return None

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        # The replica holds the same rows as the primary.
        if {obj1._state.db, obj2._state.db} <= {"default", ALIAS}:
            return True
        return None

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        # A streaming replica is read-only: migrations run on the primary and arrive by WAL.
        return False if db == ALIAS else None


class ReplicaMiddleware:
    """Runs public GET views with replica reads, and again on the primary when the replica
    fails under them. Last in MIDDLEWARE, so every other middleware's process_view has run."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not configured() or not is_public_view(request) or not replica_usable():
            return None
        try:
            with public_reads():
                return view_func(request, *view_args, **view_kwargs)
        except (OperationalError, InterfaceError):
            logger.warning("Replica: failed during %s, retried on the primary", request.path, exc_info=True)
            mark_down()
        # None: Django calls the view as usual, now reading from the primary.
        return None
