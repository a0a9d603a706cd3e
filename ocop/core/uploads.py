"""Upload checks, one home for the whole site: the type is decided by the file's content,
never by its name or the browser's content type, and the size is capped.

- `validate_image_upload`: product photos and site-visit photos (JPEG, PNG, WebP).
- `check_document_upload`: evidence, attachments, compliance papers (PDF or those images).
  An executable renamed "giay-phep.pdf" starts with "MZ" or "\\x7fELF", not "%PDF-", and is
  refused; an image is also opened with Pillow, so a file that only starts like a picture
  is refused too.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from PIL import Image, UnidentifiedImageError

ALLOWED_IMAGE_FORMATS = {"JPEG": "JPEG", "PNG": "PNG", "WEBP": "WebP"}

# Content type detected from the first bytes → extension used on disk.
DOCUMENT_TYPES = {
    "application/pdf": "pdf",
    "image/jpeg": "jpg",
    "image/png": "png",
    "image/webp": "webp",
}
DOCUMENT_TYPES_LABEL = "PDF hoặc ảnh JPEG, PNG, WebP"
# Enough for every signature `filetype` knows.
HEAD_BYTES = 8192


def _megabytes(size: int) -> str:
    if size < 1024 * 1024:
        return f"{max(1, round(size / 1024))} KB"
    value = size / (1024 * 1024)
    return f"{value:.1f} MB".replace(".", ",") if value < 10 else f"{value:.0f} MB"


def _check_size(name: str, size: int, limit: int) -> None:
    if size > limit:
        raise ValidationError(
            f"Tệp “{name}” quá lớn ({_megabytes(size)}); dung lượng tối đa là {_megabytes(limit)}."
        )


def validate_image_upload(uploaded) -> None:
    limit = settings.MAX_IMAGE_UPLOAD_BYTES
    if uploaded.size > limit:
        raise ValidationError(
            f"Ảnh “{uploaded.name}” quá lớn ({_megabytes(uploaded.size)}); dung lượng tối đa là {_megabytes(limit)}."
        )
    try:
        uploaded.seek(0)
        with Image.open(uploaded) as image:
            image.verify()
            image_format = image.format
    except (UnidentifiedImageError, OSError, SyntaxError) as exc:
        raise ValidationError(
            f"Tệp “{uploaded.name}” không phải là ảnh hợp lệ. Chỉ nhận ảnh JPEG, PNG hoặc WebP."
        ) from exc
    finally:
        uploaded.seek(0)
    if image_format not in ALLOWED_IMAGE_FORMATS:
        raise ValidationError(
            f"Định dạng ảnh {image_format} không được hỗ trợ. Chỉ nhận ảnh JPEG, PNG hoặc WebP."
        )


@dataclass(frozen=True)
class CheckedDocument:
    content_type: str  # detected from the content
    extension: str  # "pdf", "jpg", "png" or "webp": the suffix to store it under
    sha256: str
    size: int


def check_document_upload(uploaded) -> CheckedDocument:
    """What an accepted PDF or image is; a Vietnamese ValidationError naming the file otherwise.

    Reads the file in chunks (it may be on disk), then rewinds it.
    """
    name = getattr(uploaded, "name", "") or "tệp"
    size = getattr(uploaded, "size", 0) or 0
    if size == 0:
        raise ValidationError(f"Tệp “{name}” rỗng.")
    _check_size(name, size, settings.MAX_DOCUMENT_UPLOAD_BYTES)
    uploaded.seek(0)
    head = uploaded.read(HEAD_BYTES)
    guess = filetype.guess(head)
    content_type = guess.mime if guess is not None else None
    refused = ValidationError(
        f"Tệp “{name}” không phải là PDF hoặc ảnh hợp lệ"
        + (f" (nội dung thực là {content_type})" if content_type and content_type not in DOCUMENT_TYPES else "")
        + f". Chỉ nhận {DOCUMENT_TYPES_LABEL}; phần mềm kiểm tra nội dung tệp, không dựa vào đuôi tên tệp."
    )
    if content_type not in DOCUMENT_TYPES:
        raise refused
    if content_type == "application/pdf":
        if b"%PDF-" not in head[:1024]:
            raise refused
    else:
        try:
            uploaded.seek(0)
            with Image.open(uploaded) as image:
                image.verify()
        except (UnidentifiedImageError, OSError, SyntaxError) as exc:
            raise refused from exc
    digest = hashlib.sha256()
    uploaded.seek(0)
    for chunk in uploaded.chunks() if hasattr(uploaded, "chunks") else [uploaded.read()]:
        digest.update(chunk)
    uploaded.seek(0)
    return CheckedDocument(content_type, DOCUMENT_TYPES[content_type], digest.hexdigest(), size)
