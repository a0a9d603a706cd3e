"""Upload checks: the type is decided by the file's content, not its name, and size is capped."""

from django.conf import settings
from django.core.exceptions import ValidationError
from PIL import Image, UnidentifiedImageError

ALLOWED_IMAGE_FORMATS = {"JPEG": "JPEG", "PNG": "PNG", "WEBP": "WebP"}


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.0f} MB"


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
