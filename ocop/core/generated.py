"""Generated documents made once and kept: a DOCX or PDF is rendered the first time it is
asked for, stored in the private store, and served from there until the data that goes into
it change.

The idea is the one the planning charts use (ocop.core.charts): the same data always gives
the same document, so the file is kept under a digest of its data. Nothing has to be
invalidated: a change of data (or of the template or builder version) is a new digest, hence
a new file; the older files of the same document are removed when the new one is kept.

Why: WeasyPrint takes 1–2 s for a Mẫu 01 or a certificate, python-docx a few hundred ms for a
decision; a document is read far more often than its data change. Files live in the private
store (ocop.core.storage) because they hold personal data; views check permissions first and
then hand the kept file out.

`data_digest` is what both use: a stable SHA-256 of plain values, dataclasses and model rows
(a row is its model, primary key and every concrete field value, so an edit to any field
changes the digest).
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from collections import Counter
from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal
from functools import lru_cache
from typing import Any

from django.core.files.base import ContentFile
from django.db import models
from django.http import HttpResponse

from ocop.core.responses import file_download
from ocop.core.storage import private_storage

# How many times each kind of document was actually rendered (not served from the store):
# tests assert on it instead of timing anything.
RENDERS: Counter[str] = Counter()

FOLDER = "generated"


def _plain(value: Any) -> Any:
    """A JSON-serialisable, order-stable picture of `value` for digesting."""
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, (Decimal, date, datetime)):
        return str(value)
    if isinstance(value, models.Model):
        row = {"_model": value._meta.label, "_pk": value.pk}
        for model_field in value._meta.concrete_fields:
            row[model_field.attname] = _plain(model_field.value_from_object(value))
        return row
    if isinstance(value, models.fields.files.FieldFile):
        return value.name or ""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {
            "_type": type(value).__qualname__,
            **{f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)},
        }
    if isinstance(value, dict):
        return {str(key): _plain(item) for key, item in sorted(value.items(), key=lambda kv: str(kv[0]))}
    if isinstance(value, (list, tuple)):
        return [_plain(item) for item in value]
    if isinstance(value, (set, frozenset)):
        return sorted((_plain(item) for item in value), key=repr)
    if isinstance(value, models.QuerySet):
        return [_plain(item) for item in value]
    return repr(value)


def data_digest(*parts: Any) -> str:
    """SHA-256 (hex) of the parts: equal data, equal digest."""
    text = json.dumps(_plain(list(parts)), ensure_ascii=False, sort_keys=True, default=repr)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@lru_cache(maxsize=64)
def template_version(*names: str) -> str:
    """Digest of the source of the named templates, so editing a PDF's layout makes new
    files without anyone remembering to bump a number."""
    from django.template.loader import get_template

    sources = []
    for name in names:
        template = get_template(name)
        sources.append(getattr(getattr(template, "template", template), "source", name))
    return hashlib.sha256("\x00".join(sources).encode("utf-8")).hexdigest()[:16]


def kept_file(*, kind: str, object_id: Any, data: Any, build: Callable[[], bytes], extension: str) -> str:
    """The storage name of the document `kind` of object `object_id` for `data`: the kept
    file when there is one, else `build()` is called once and its bytes kept.

    `data` is everything that goes into the document, including a version of its template
    or builder code (see `template_version`)."""
    digest = data_digest(kind, data)
    folder = f"{FOLDER}/{kind}/{object_id}"
    name = f"{folder}/{digest}.{extension}"
    if private_storage.exists(name):
        return name
    content = build()
    RENDERS[kind] += 1
    saved = private_storage.save(name, ContentFile(content))
    # Keep only the current version of this document.
    try:
        _dirs, files = private_storage.listdir(folder)
    except FileNotFoundError:
        files = []
    # Two first requests at once may both build: the store then keeps the second under an
    # alternative name (digest_xxxx.pdf); every file of the current digest is left alone.
    for other in files:
        if not other.startswith(digest):
            private_storage.delete(f"{folder}/{other}")
    return saved


def kept_response(name: str, *, content_type: str, filename: str, inline: bool = False) -> HttpResponse:
    """Serve a kept file (after the view has checked who asks). Documents are tens of
    kilobytes: read whole, as every other download of the site (ocop.core.responses)."""
    with private_storage.open(name, "rb") as handle:
        data = handle.read()
    response = file_download(data, content_type=content_type, filename=filename, inline=inline)
    response["X-Content-Type-Options"] = "nosniff"
    return response


def kept_document(
    *, kind: str, object_id: Any, data: Any, build: Callable[[], bytes], extension: str,
    content_type: str, filename: str, inline: bool = False,
) -> HttpResponse:
    """`kept_file` then `kept_response`: what a document view returns."""
    name = kept_file(kind=kind, object_id=object_id, data=data, build=build, extension=extension)
    return kept_response(name, content_type=content_type, filename=filename, inline=inline)
