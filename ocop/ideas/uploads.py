"""Attachment checks (business plans, communication materials): PDF or images only.

The kind comes from the file's first bytes ("magic bytes", via `filetype`), never from its
name or the browser's content type, so an executable renamed `.pdf` is refused; the size is
capped by settings.MAX_DOCUMENT_UPLOAD_BYTES. Images are also opened with Pillow so a file
that only starts like a picture is refused.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from PIL import Image, UnidentifiedImageError

from ocop.ideas.policy import ACCEPTED_DOCUMENT_KINDS

ACCEPTED_TEXT = "Chỉ nhận tệp PDF hoặc ảnh JPEG, PNG, WebP."


def _megabytes(size: int) -> str:
    value = size / (1024 * 1024)
    return f"{value:.1f} MB".replace(".", ",") if value < 10 else f"{value:.0f} MB"


def detect_document_kind(uploaded) -> str | None:
    """'pdf', 'jpg', 'png', 'webp' from the content, or None when it is none of them."""
    import filetype

    uploaded.seek(0)
    head = uploaded.read(8192)
    uploaded.seek(0)
    guess = filetype.guess(head)
    if guess is None or guess.extension not in ACCEPTED_DOCUMENT_KINDS:
        return None
    if guess.extension == "pdf":
        return "pdf"
    try:
        with Image.open(uploaded) as image:
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError):
        return None
    finally:
        uploaded.seek(0)
    return guess.extension


def validate_document_upload(uploaded) -> str:
    """Raise a Vietnamese ValidationError unless the upload is an accepted kind and size;
    return the detected kind."""
    limit = settings.MAX_DOCUMENT_UPLOAD_BYTES
    if uploaded.size == 0:
        raise ValidationError(f"Tệp “{uploaded.name}” rỗng.")
    if uploaded.size > limit:
        raise ValidationError(
            f"Tệp “{uploaded.name}” quá lớn ({_megabytes(uploaded.size)}); dung lượng tối đa là {_megabytes(limit)}."
        )
    kind = detect_document_kind(uploaded)
    if kind is None:
        raise ValidationError(
            f"Nội dung tệp “{uploaded.name}” không phải là PDF hoặc ảnh hợp lệ. {ACCEPTED_TEXT}"
        )
    return kind
