"""Evidence uploads: PDF or images only, recognised by their content (magic bytes), never by
their name, and capped at settings.MAX_DOCUMENT_UPLOAD_BYTES.

An executable renamed "giay-phep.pdf" starts with "MZ" or "\\x7fELF", not "%PDF", and is
refused; so is a PDF renamed ".png" when the content is checked against the allowed types.
"""

from __future__ import annotations

import hashlib

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError

# MIME type detected from the content → extension used on disk.
ALLOWED_TYPES = {
    "application/pdf": ".pdf",
    "image/jpeg": ".jpg",
    "image/png": ".png",
    "image/webp": ".webp",
}
ALLOWED_LABEL = "PDF hoặc ảnh JPEG, PNG, WebP"
# Enough for every signature `filetype` knows (it reads at most 8 KB).
HEAD_BYTES = 8192


def _megabytes(size: int) -> str:
    value = size / (1024 * 1024)
    return f"{value:.1f} MB".replace(".", ",") if value < 10 else f"{value:.0f} MB"


def detect_type(head: bytes) -> str | None:
    kind = filetype.guess(head)
    return kind.mime if kind is not None else None


def inspect_upload(uploaded) -> tuple[str, str, int]:
    """(content type, sha256, size) of an allowed upload; ValidationError otherwise.

    Reads the file in chunks (it may be on disk), then rewinds it.
    """
    limit = settings.MAX_DOCUMENT_UPLOAD_BYTES
    name = getattr(uploaded, "name", "") or "tệp"
    size = uploaded.size or 0
    if size == 0:
        raise ValidationError(f"Tệp “{name}” rỗng.")
    if size > limit:
        raise ValidationError(
            f"Tệp “{name}” quá lớn ({_megabytes(size)}); dung lượng tối đa là {_megabytes(limit)}."
        )
    uploaded.seek(0)
    head = uploaded.read(HEAD_BYTES)
    mime = detect_type(head)
    if mime not in ALLOWED_TYPES:
        found = f" (nội dung thực là {mime})" if mime else ""
        raise ValidationError(
            f"Tệp “{name}” không đúng định dạng{found}. Chỉ nhận {ALLOWED_LABEL}; "
            "phần mềm kiểm tra nội dung tệp, không dựa vào đuôi tên tệp."
        )
    if mime == "application/pdf" and b"%PDF-" not in head[:1024]:
        raise ValidationError(f"Tệp “{name}” không phải là tệp PDF hợp lệ.")
    digest = hashlib.sha256()
    uploaded.seek(0)
    for chunk in uploaded.chunks() if hasattr(uploaded, "chunks") else [uploaded.read()]:
        digest.update(chunk)
    uploaded.seek(0)
    return mime, digest.hexdigest(), size
