"""Resized copies of uploaded photos for public pages, generated once per photo and width.

A phone showing a card 320 px wide should not download a 4,000 px original. For each
photo and width in WIDTHS a JPEG is written once, through the photo's own storage, next to
the original (`products/12/thumbs/ca-phe-320w.jpg`); later requests find it there (a
process-wide memo spares even that check). Pages offer them with `srcset`, `sizes`,
`width`/`height` (no layout shift) and `loading="lazy"`.

An original narrower than a width is not enlarged: that width simply gets the original's
size. A file Pillow cannot read falls back to the original's address.
"""

from __future__ import annotations

import logging
import posixpath
from dataclasses import dataclass
from functools import lru_cache
from io import BytesIO

from django.core.files.base import ContentFile
from PIL import Image, ImageOps

logger = logging.getLogger(__name__)

WIDTHS = (320, 640)
JPEG_QUALITY = 80


@dataclass(frozen=True)
class Thumbnail:
    url: str
    width: int
    height: int


def thumbnail_name(name: str, width: int) -> str:
    folder, filename = posixpath.split(name)
    stem = posixpath.splitext(filename)[0]
    return posixpath.join(folder, "thumbs", f"{stem}-{width}w.jpg")


def thumbnail(field_file, width: int) -> Thumbnail | None:
    """The `width`-pixel copy of an uploaded image (made on first use); None if unreadable."""
    if not field_file:
        return None
    storage = field_file.storage
    # The folder is part of the memo's key: tests (and deployments) may move MEDIA_ROOT.
    return _thumbnail(storage, str(getattr(storage, "location", "")), field_file.name, width)


@lru_cache(maxsize=4096)
def _thumbnail(storage, location: str, name: str, width: int) -> Thumbnail | None:
    target = thumbnail_name(name, width)
    try:
        if storage.exists(target):
            with storage.open(target) as handle, Image.open(handle) as image:
                return Thumbnail(storage.url(target), *image.size)
        with storage.open(name) as handle, Image.open(handle) as original:
            image = ImageOps.exif_transpose(original).convert("RGB")
        image.thumbnail((width, width * 4))
        buffer = BytesIO()
        image.save(buffer, "JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True)
        saved = storage.save(target, ContentFile(buffer.getvalue()))
        if saved != target:  # another process wrote it meanwhile: keep theirs
            storage.delete(saved)
        return Thumbnail(storage.url(target), *image.size)
    except (OSError, ValueError, Image.DecompressionBombError):
        logger.warning("Thumbnail: cannot read %s", name, exc_info=True)
        return None


def srcset(field_file) -> tuple[list[Thumbnail], str]:
    """(thumbnails, srcset attribute) of a photo for every width; empty when unreadable."""
    thumbs = [t for t in (thumbnail(field_file, width) for width in WIDTHS) if t is not None]
    return thumbs, ", ".join(f"{t.url} {t.width}w" for t in thumbs)
