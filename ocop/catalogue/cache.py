"""Caching of public pages and API responses, invalidated when the data change.

Every cached response is stored under a key that contains a *version number*; any save or
delete of a record the public side shows (products, photos, producers, certificates,
decisions, revocations, sales points, listings, fairs — see `signals.py`) increments it,
so every earlier entry becomes unreachable at once and simply expires. Keys also contain
today's date, because a certificate's status changes with the date alone.

Signals are used here on purpose: the house rule keeps business logic out of signals, but
invalidating a cache whenever *anything* writes the data, whoever wrote it, is what they
are for. Writes that bypass signals (`bulk_create`, `QuerySet.update`) are covered by the
entries' lifetime (`OCOP_CATALOGUE_CACHE_SECONDS`, 300 s by default; 0 turns caching off).

The default cache (settings.CACHES) is a directory shared by every server process on the
machine, so a write invalidates all of them; deployments on several machines use a shared
network cache (Redis, Memcached or the database cache) — see docs/catalogue.md.
"""

from __future__ import annotations

import hashlib
import logging
import time
from collections.abc import Callable
from datetime import date
from functools import wraps

from django.conf import settings
from django.core.cache import cache, caches
from django.db import transaction
from django.http import HttpResponse
from django.utils import timezone
from django.views.decorators.gzip import gzip_page

logger = logging.getLogger(__name__)

VERSION_KEY = "ocop:catalogue:version"
DEFAULT_TIMEOUT = 300
# A streamed export (CSV, XLSX) is kept as it is sent if it is no larger than this; the
# full national register is not (it is streamed from the database each time instead).
MAX_STREAMED_BYTES = 4 * 1024 * 1024
# Headers a cached response keeps (content type, file name of exports, CORS of the API).
_KEPT_HEADERS = (
    "Content-Type", "Content-Disposition", "Access-Control-Allow-Origin", "Cache-Control",
    "Content-Encoding", "Vary", "Link",
)


def timeout() -> int:
    return int(getattr(settings, "OCOP_CATALOGUE_CACHE_SECONDS", DEFAULT_TIMEOUT))


def memo_seconds() -> int:
    """Lifetime of the pieces every address reuses (cards, filter lists, counts), kept
    per data version even when whole answers are not (OCOP_CATALOGUE_MEMO_SECONDS)."""
    return int(getattr(settings, "OCOP_CATALOGUE_MEMO_SECONDS", DEFAULT_TIMEOUT))


# Pieces every address reuses (cards, filter lists, aggregates), kept in each server process
# per data version and day (ocop/catalogue/cards.py explains the cards). Looked up on use, not
# at import: this module is imported while Django starts, before tests choose their caches,
# and `caches` reads its settings once.
MEMO_ALIAS = "catalogue_cards"


def data_key(on: date):
    """(data version, day), or None when entries must not be used (off, or no cache)."""
    if memo_seconds() <= 0:
        return None
    try:
        return current_version(), on
    except Exception:  # noqa: BLE001 - without the shared cache, no version: build every time
        return None


def per_version(name: str, compute: Callable, *, on: date):
    """`compute()`, kept until the public data or the day change (lists every page shows:
    provinces, the classification, the coming fairs; aggregates over the register)."""
    key = data_key(on)
    if key is None:
        return compute()
    memo = caches[MEMO_ALIAS]
    memo_key = ":".join(str(part) for part in ("value", name, *key))
    value = memo.get(memo_key)
    if value is None:
        value = compute()
        memo.set(memo_key, value, memo_seconds())
    return value


def _fresh_version() -> int:
    # A number never used before, even if the key was evicted (LocMemCache culls entries
    # when full): restarting from 1 could serve pages cached under an old 1.
    return time.time_ns() // 1000


def current_version() -> int:
    version = cache.get(VERSION_KEY)
    if version is None:
        # add() so that two requests starting together agree on the first version.
        cache.add(VERSION_KEY, _fresh_version(), None)
        version = cache.get(VERSION_KEY) or _fresh_version()
    return version


def _increment() -> None:
    try:
        try:
            cache.incr(VERSION_KEY)
        except ValueError:  # not set yet, or evicted
            cache.set(VERSION_KEY, _fresh_version(), None)
    except Exception:  # noqa: BLE001 - a cache outage must never make a write fail
        logger.warning("Catalogue: could not invalidate the public cache", exc_info=True)


def bump() -> None:
    """Invalidate every cached public response.

    Called at once (the writing request and tests see fresh data) and again when the
    transaction commits: a reader that cached the old rows between the write and the
    commit would otherwise keep them under the new version.
    """
    _increment()
    transaction.on_commit(_increment)


def _accepts_gzip(request) -> bool:
    return "gzip" in request.META.get("HTTP_ACCEPT_ENCODING", "").lower()


def _key(request, kind: str) -> str:
    path = request.get_full_path()
    digest = hashlib.sha256(path.encode("utf-8")).hexdigest()
    encoding = "gz" if _accepts_gzip(request) else "id"
    return f"ocop:catalogue:{kind}:{current_version()}:{timezone.localdate().isoformat()}:{encoding}:{digest}"


def cached_count(queryset, name: str) -> int:
    """`queryset.count()`, computed once per data version and day for the list `name`
    (its path and filters, without page or cursor): paging through a list, or many
    visitors reading the same one, must not count the whole register on every request.
    Counts follow the memo's lifetime, not the page cache's: with whole pages not cached
    (varied searches), a list's count is still the same piece for every request."""
    seconds = max(timeout(), memo_seconds())
    if seconds <= 0:
        return queryset.count()
    digest = hashlib.sha256(name.encode("utf-8")).hexdigest()
    try:
        key = f"ocop:catalogue:count:{current_version()}:{timezone.localdate().isoformat()}:{digest}"
        value = cache.get(key)
    except Exception:  # noqa: BLE001 - without a cache, count every time
        logger.warning("Catalogue: cache unavailable", exc_info=True)
        return queryset.count()
    if value is None:
        value = queryset.count()
        try:
            cache.set(key, value, seconds)
        except Exception:  # noqa: BLE001
            logger.warning("Catalogue: could not store a count in the cache", exc_info=True)
    return value


def _store(key: str, value, seconds: int, path: str) -> None:
    try:
        cache.set(key, value, seconds)
    except Exception:  # noqa: BLE001 - e.g. a response over the backend's size limit
        logger.warning("Catalogue: could not store %s in the cache", path, exc_info=True)


def _kept_while_sent(chunks, key: str, headers, seconds: int, path: str):
    """Pass a streamed response's pieces on unchanged and, once all were sent, store them
    if they were small (a filtered export); a large one is dropped as soon as it grows."""
    kept: list[bytes] | None = []
    size = 0
    for chunk in chunks:
        if kept is not None:
            size += len(chunk)
            if size > MAX_STREAMED_BYTES:
                kept = None
            else:
                kept.append(chunk)
        yield chunk
    if kept is not None:
        _store(key, (200, b"".join(kept), headers), seconds, path)


def public_cache(kind: str = "page"):
    """Cache a view's successful GET responses for everyone (public pages show nothing
    that depends on who asks: no user menu, no CSRF token, no messages).

    Responses are gzip-compressed for clients that accept it, before they are cached (a
    hit costs no compression). Safe from BREACH-style attacks: these responses hold no
    secret (no CSRF token, no session data) and reflect nothing private."""

    def decorator(view):
        view = gzip_page(view)

        @wraps(view)
        def wrapper(request, *args, **kwargs):
            seconds = timeout()
            if seconds <= 0 or request.method not in ("GET", "HEAD"):
                return view(request, *args, **kwargs)
            try:
                key = _key(request, kind)
                stored = cache.get(key)
            except Exception:  # noqa: BLE001 - without a cache, serve uncached
                logger.warning("Catalogue: cache unavailable", exc_info=True)
                return view(request, *args, **kwargs)
            if stored is not None:
                status, content, headers = stored
                response = HttpResponse(content, status=status)
                for name, value in headers:
                    response[name] = value
                return response
            response = view(request, *args, **kwargs)
            if response.status_code == 200:
                headers = [(name, response[name]) for name in _KEPT_HEADERS if response.has_header(name)]
                if response.streaming:
                    response.streaming_content = _kept_while_sent(response.streaming_content, key, headers, seconds, request.path)
                else:
                    _store(key, (response.status_code, response.content, headers), seconds, request.path)
            return response

        return wrapper

    return decorator
