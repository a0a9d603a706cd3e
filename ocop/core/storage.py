"""Where uploaded files live.

Two places:

- MEDIA_ROOT, served by the site at /media/ to anyone: only what the public catalogue
  shows (product photos).
- The private store (`OCOP_PRIVATE_MEDIA_ROOT`, by default `private-media` beside
  MEDIA_ROOT): dossier evidence, business-plan and communication attachments, task
  evidence, revocation evidence, compliance documents, site-visit photos. Nothing serves
  it directly; each file is downloaded through a view that checks who asks.

Files in the private store get random names; the original name is kept in the row.

Both places are local folders by default (`make run`). A deployment with several app nodes
sets `OCOP_S3_BUCKET` (settings.py, docs/deployment.md): public photos then go to an
S3-compatible bucket under `media/`, addressed by plain URLs (public pages are cached, a
signed URL would expire inside a cached page), and the private store goes to
`OCOP_S3_PRIVATE_BUCKET` (or the `private/` prefix of the same bucket) with a private ACL
and, still, no URL: views check who asks and then stream the object through the node
(`FileResponse(field.open("rb"))`), so a leaked link never opens a dossier.
"""

from __future__ import annotations

import uuid
from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.utils.functional import cached_property
from whitenoise.storage import CompressedManifestStaticFilesStorage


def private_root() -> Path:
    configured = getattr(settings, "OCOP_PRIVATE_MEDIA_ROOT", None)
    return Path(configured) if configured else Path(settings.MEDIA_ROOT).parent / "private-media"


class PrivateStorage(FileSystemStorage):
    """A file store without a URL; reads its location lazily, so tests that move
    MEDIA_ROOT move it too."""

    def __init__(self):
        super().__init__(location=None, base_url=None)

    @cached_property
    def base_location(self):
        return str(private_root())

    @cached_property
    def location(self):
        return str(Path(self.base_location).resolve())

    def url(self, name):
        # No public address, on purpose: pages link to their permission-checked download
        # views instead. Empty rather than an error, so generic displays (the admin) still work.
        return ""

    def _clear_cached_properties(self, setting, **kwargs):
        if setting in ("MEDIA_ROOT", "OCOP_PRIVATE_MEDIA_ROOT"):
            self.__dict__.pop("base_location", None)
            self.__dict__.pop("location", None)


def _private_s3_class():
    from storages.backends.s3 import S3Storage

    class PrivateS3Storage(S3Storage):
        """The private store in an S3 bucket: objects written with the `private` ACL and no
        address handed out (streamed after the permission check, as on local disk)."""

        default_acl = "private"
        querystring_auth = True
        file_overwrite = False

        def url(self, name, parameters=None, expire=None, http_method=None):
            return ""

    return PrivateS3Storage


def private_s3_storage(**options):
    """A PrivateS3Storage with django-storages options (bucket_name, endpoint_url, …)."""
    return _private_s3_class()(**options)


def _make_private_storage():
    options = getattr(settings, "OCOP_S3_PRIVATE_OPTIONS", None)
    return private_s3_storage(**options) if options else PrivateStorage()


private_storage = _make_private_storage()


def get_private_storage():
    """The callable form FileField(storage=…) takes, so migrations do not serialise paths."""
    return private_storage


def random_name(folder: str, filename: str) -> str:
    """`folder/<random hex><.suffix>`: names on disk never reveal or collide with the
    uploader's file name."""
    suffix = Path(filename).suffix.lower()[:10]
    return f"{folder}/{uuid.uuid4().hex}{suffix}"


class StaticFilesStorage(CompressedManifestStaticFilesStorage):
    """Static files with content-hashed names and gzip/Brotli copies (whitenoise), so that
    they can be cached by browsers for a year: a changed file gets a new name.

    `collectstatic` (run by `make run` and by every deployment) writes the manifest. A
    process that runs without it (the tests, `make bench`, a development server that
    never collected) gets the plain names, served from the finders, instead of an error.
    """

    manifest_strict = False

    def stored_name(self, name):
        if not self.hashed_files:
            return name
        try:
            return super().stored_name(name)
        except ValueError:  # a file added since the last collectstatic
            return name
