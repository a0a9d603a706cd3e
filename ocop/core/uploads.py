"""Upload checks, one home for the whole site: the type is decided by the file's content,
never by its name or the browser's content type, and the size is capped.

- `validate_image_upload`: product photos and site-visit photos (JPEG, PNG, WebP).
- `check_document_upload`: evidence, attachments, compliance papers (PDF or those images).
  An executable renamed "giay-phep.pdf" starts with "MZ" or "\\x7fELF", not "%PDF-", and is
  refused; an image is also opened with Pillow, so a file that only starts like a picture
  is refused too.

Both then (once per uploaded file, however many times a form and its service check it):

- scan it with the antivirus command of OCOP_VIRUS_SCAN_COMMAND when one is configured
  (ClamAV's `clamdscan`/`clamscan`; an infected file, or a scan that cannot run, is refused);
- re-encode an image with Pillow (`sanitise_image`): only the pixels are kept, so EXIF (GPS
  position, camera, owner's name), comments and anything appended after the picture are gone,
  and what is stored is a picture Pillow itself wrote. PDFs are not re-rendered: they are
  always served as downloads (`ocop.core.responses.uploaded_file_response`).
"""

from __future__ import annotations

import hashlib
import io
import logging
import shlex
import subprocess
from dataclasses import dataclass

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from PIL import Image, ImageOps, UnidentifiedImageError

logger = logging.getLogger(__name__)

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


def human_size(size: int) -> str:
    """A size as people read it: "850 KB", "2,5 MB", "25 MB"."""
    if size < 1024 * 1024:
        return f"{max(1, round(size / 1024))} KB"
    value = size / (1024 * 1024)
    return f"{value:.1f} MB".replace(".", ",") if value < 10 else f"{value:.0f} MB"


# The former private name, still imported by ocop.certificates.uploads.
_megabytes = human_size


def _check_size(name: str, size: int, limit: int) -> None:
    if size > limit:
        raise ValidationError(
            f"Tệp “{name}” quá lớn ({human_size(size)}); dung lượng tối đa là {human_size(limit)}."
        )


def validate_image_upload(uploaded) -> None:
    limit = settings.MAX_IMAGE_UPLOAD_BYTES
    if uploaded.size > limit:
        raise ValidationError(
            f"Ảnh “{uploaded.name}” quá lớn ({human_size(uploaded.size)}); dung lượng tối đa là {human_size(limit)}."
        )
    try:
        uploaded.seek(0)
        with Image.open(uploaded) as image:
            image.verify()
            image_format = image.format
    except (UnidentifiedImageError, OSError, SyntaxError, Image.DecompressionBombError) as exc:
        raise ValidationError(
            f"Tệp “{uploaded.name}” không phải là ảnh hợp lệ. Chỉ nhận ảnh JPEG, PNG hoặc WebP."
        ) from exc
    finally:
        uploaded.seek(0)
    if image_format not in ALLOWED_IMAGE_FORMATS:
        raise ValidationError(
            f"Định dạng ảnh {image_format} không được hỗ trợ. Chỉ nhận ảnh JPEG, PNG hoặc WebP."
        )
    _scan_and_sanitise(uploaded, uploaded.name, image_format)


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
        except (UnidentifiedImageError, OSError, SyntaxError, Image.DecompressionBombError) as exc:
            raise refused from exc
    _scan_and_sanitise(uploaded, name, None if content_type == "application/pdf" else "image")
    size = getattr(uploaded, "size", size) or size
    digest = hashlib.sha256()
    uploaded.seek(0)
    for chunk in uploaded.chunks() if hasattr(uploaded, "chunks") else [uploaded.read()]:
        digest.update(chunk)
    uploaded.seek(0)
    return CheckedDocument(content_type, DOCUMENT_TYPES[content_type], digest.hexdigest(), size)


# == Antivirus scan and image re-encoding ===========================================================

SANITISED = "_ocop_sanitised"  # set on an uploaded file once scanned and re-encoded
JPEG_QUALITY = 90


def _scan_and_sanitise(uploaded, name: str, image_format: str | None) -> None:
    if getattr(uploaded, SANITISED, False):
        return
    scan_for_viruses(uploaded, name)
    if image_format is not None:
        sanitise_image(uploaded, name)
    try:
        setattr(uploaded, SANITISED, True)
    except AttributeError:  # an object that takes no attributes is simply checked again
        pass


def _read_all(uploaded) -> bytes:
    uploaded.seek(0)
    data = b"".join(uploaded.chunks()) if hasattr(uploaded, "chunks") else uploaded.read()
    uploaded.seek(0)
    return data


def scan_for_viruses(uploaded, name: str) -> None:
    """Run OCOP_VIRUS_SCAN_COMMAND with the file on standard input (nothing when unset).

    ClamAV's exit codes: 0 clean, 1 infected (its output names the signature), anything else
    an error. A file that could not be scanned is refused too: with a scanner configured,
    nothing unscanned is stored.
    """
    command = getattr(settings, "OCOP_VIRUS_SCAN_COMMAND", "")
    if not command:
        return
    try:
        result = subprocess.run(
            shlex.split(command), input=_read_all(uploaded), capture_output=True,
            timeout=settings.OCOP_VIRUS_SCAN_TIMEOUT,
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        logger.error("Virus scan could not run (%s): %s", command, exc)
        result = None
    if result is not None and result.returncode == 0:
        return
    if result is not None and result.returncode == 1:
        output = result.stdout.decode("utf-8", "replace")
        found = [line.split(":", 1)[1].removesuffix(" FOUND").strip() for line in output.splitlines() if line.endswith(" FOUND")]
        logger.warning("Virus scan refused an upload %r: %s", name, ", ".join(found) or output.strip())
        raise ValidationError(
            f"Tệp “{name}” bị phần mềm diệt virus phát hiện có mã độc"
            + (f" ({', '.join(found)})" if found else "")
            + " nên không được nhận."
        )
    if result is not None:
        logger.error("Virus scan failed (exit %s): %s", result.returncode, result.stderr.decode("utf-8", "replace").strip())
    raise ValidationError(
        f"Chưa kiểm tra được virus cho tệp “{name}” nên tệp chưa được nhận. "
        "Vui lòng thử lại sau ít phút; nếu vẫn lỗi, báo quản trị hệ thống."
    )


def sanitise_image(uploaded, name: str) -> None:
    """Replace the uploaded image by a copy Pillow writes from its pixels alone, in the same
    format, upright (the EXIF orientation applied), without EXIF, XMP or comments; the colour
    profile is kept so colours do not shift."""
    try:
        uploaded.seek(0)
        with Image.open(uploaded) as original:
            original.load()
            image_format = original.format
            icc_profile = original.info.get("icc_profile")
            image = ImageOps.exif_transpose(original)
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError) as exc:
        raise ValidationError(
            f"Tệp “{name}” không phải là ảnh hợp lệ. Chỉ nhận ảnh JPEG, PNG hoặc WebP."
        ) from exc
    options = {"icc_profile": icc_profile} if icc_profile else {}
    buffer = io.BytesIO()
    if image_format == "JPEG":
        if image.mode not in ("RGB", "L"):
            image = image.convert("RGB")
        image.save(buffer, "JPEG", quality=JPEG_QUALITY, optimize=True, **options)
    elif image_format == "PNG":
        image.save(buffer, "PNG", optimize=True, **options)
    else:
        image.save(buffer, "WEBP", quality=JPEG_QUALITY, **options)
    _replace_content(uploaded, buffer.getvalue())


def _replace_content(uploaded, data: bytes) -> None:
    """Put `data` in place of the upload's content, where the storage will read it (a
    temporary upload file is moved, not copied, by the file storage: rewrite that file)."""
    handle = getattr(uploaded, "file", None)
    try:
        handle.seek(0)
        handle.truncate()
        handle.write(data)
        handle.flush()
        handle.seek(0)
    except (AttributeError, OSError, ValueError):  # read-only or no file object: in memory
        uploaded.file = io.BytesIO(data)
    uploaded.size = len(data)
