"""Evidence of task progress: PDF or images only, recognised by content, capped in size.

The type comes from the file's first bytes (`filetype`), never from its name, so a program
renamed "bien-ban.pdf" is refused; images are also opened with Pillow so a file that only
starts like a picture is refused too. The size limit is settings.MAX_DOCUMENT_UPLOAD_BYTES.
"""

from __future__ import annotations

import hashlib

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from PIL import Image, UnidentifiedImageError

ALLOWED_TYPES = {
    "application/pdf": ".pdf",
    "image/jpeg": ".jpg",
    "image/png": ".png",
    "image/webp": ".webp",
}
ALLOWED_LABEL = "PDF hoặc ảnh JPEG, PNG, WebP"
HEAD_BYTES = 8192
MAX_FILES_PER_UPDATE = 5


def _megabytes(size: int) -> str:
    value = size / (1024 * 1024)
    return f"{value:.1f} MB".replace(".", ",") if value < 10 else f"{value:.0f} MB"


def inspect_upload(uploaded) -> tuple[str, str, int]:
    """(content type, sha256, size) of an accepted file; a Vietnamese ValidationError otherwise."""
    limit = settings.MAX_DOCUMENT_UPLOAD_BYTES
    name = getattr(uploaded, "name", "") or "tệp"
    size = getattr(uploaded, "size", 0) or 0
    if size == 0:
        raise ValidationError(f"Tệp “{name}” rỗng.")
    if size > limit:
        raise ValidationError(f"Tệp “{name}” quá lớn ({_megabytes(size)}); dung lượng tối đa là {_megabytes(limit)}.")
    uploaded.seek(0)
    head = uploaded.read(HEAD_BYTES)
    kind = filetype.guess(head)
    mime = kind.mime if kind is not None else None
    if mime not in ALLOWED_TYPES:
        found = f" (nội dung thực là {mime})" if mime else ""
        raise ValidationError(
            f"Tệp “{name}” không đúng định dạng{found}. Chỉ nhận {ALLOWED_LABEL}; "
            "phần mềm kiểm tra nội dung tệp, không dựa vào đuôi tên tệp."
        )
    if mime == "application/pdf" and b"%PDF-" not in head[:1024]:
        raise ValidationError(f"Tệp “{name}” không phải là tệp PDF hợp lệ.")
    if mime.startswith("image/"):
        try:
            uploaded.seek(0)
            with Image.open(uploaded) as image:
                image.verify()
        except (UnidentifiedImageError, OSError, SyntaxError) as error:
            raise ValidationError(f"Tệp “{name}” không phải là ảnh hợp lệ.") from error
    digest = hashlib.sha256()
    uploaded.seek(0)
    for chunk in uploaded.chunks() if hasattr(uploaded, "chunks") else [uploaded.read()]:
        digest.update(chunk)
    uploaded.seek(0)
    return mime, digest.hexdigest(), size
