"""The one document check every upload goes through (evidence, attachments, papers)."""

import hashlib
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from ocop.core.uploads import check_document_upload

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), (10, 20, 30)).save(buffer, format="PNG")
    return buffer.getvalue()


@pytest.mark.parametrize(
    "name, content, extension",
    [("to-trinh.pdf", PDF, "pdf"), ("anh-chup.pdf", png(), "png")],  # the content decides, not the name
)
def test_it_accepts_pdf_and_images_by_content(name, content, extension):
    upload = SimpleUploadedFile(name, content)
    checked = check_document_upload(upload)
    assert checked.extension == extension
    # The hash and size describe what is stored: the PDF as sent; an image as re-encoded from
    # its pixels (ocop.core.uploads.sanitise_image), the same picture.
    upload.seek(0)
    stored = upload.read()
    assert checked.sha256 == hashlib.sha256(stored).hexdigest() and checked.size == len(stored)
    if extension == "pdf":
        assert stored == content
    else:
        with Image.open(io.BytesIO(stored)) as kept, Image.open(io.BytesIO(content)) as sent:
            assert kept.tobytes() == sent.tobytes()


@pytest.mark.parametrize(
    "content, detail",
    [
        (b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 200, "nội dung thực là application/x-msdownload"),
        (b"GIF89a\x01\x00\x01\x00\x80\x00\x00" + b"\x00" * 40, "nội dung thực là image/gif"),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 40, "không phải là PDF hoặc ảnh hợp lệ"),  # broken image
        ("Văn bản thường".encode(), "không phải là PDF hoặc ảnh hợp lệ"),
    ],
)
def test_it_refuses_other_content_naming_the_file(content, detail):
    with pytest.raises(ValidationError) as error:
        check_document_upload(SimpleUploadedFile("giay-phep.pdf", content))
    message = error.value.messages[0]
    assert "“giay-phep.pdf”" in message and detail in message and "Chỉ nhận PDF hoặc ảnh JPEG, PNG, WebP" in message


def test_it_refuses_empty_and_oversized_files(settings):
    with pytest.raises(ValidationError, match="rỗng"):
        check_document_upload(SimpleUploadedFile("rong.pdf", b""))
    settings.MAX_DOCUMENT_UPLOAD_BYTES = 1024
    with pytest.raises(ValidationError, match=r"quá lớn \(2,0 MB\); dung lượng tối đa là 1 KB"):
        check_document_upload(SimpleUploadedFile("lon.pdf", PDF + b"0" * (2 * 1024 * 1024)))
