"""Uploads: the request size is refused before the body is read, pictures are re-encoded
(EXIF and trailing bytes gone), PDFs are only ever downloaded, and an antivirus command
(ClamAV) refuses infected files when configured."""

import io
import shutil
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.handlers.wsgi import WSGIHandler
from django.urls import reverse
from PIL import Image

from ocop.core.uploads import check_document_upload, validate_image_upload
from tests.uploads import PDF

GPS_TAG = 0x8825
ARTIST_TAG = 0x013B
TRAILER = b"<script>alert('x')</script>"


def jpeg_with_exif() -> bytes:
    image = Image.new("RGB", (40, 20), (200, 30, 30))
    exif = Image.Exif()
    exif[ARTIST_TAG] = "Nguyen Van A"
    exif[0x0112] = 6  # orientation: rotate 90° to show upright
    exif.get_ifd(GPS_TAG)[2] = (14.0, 36.0, 44.0)  # latitude: where the photo was taken
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", exif=exif)
    return buffer.getvalue() + TRAILER


def png_with_text() -> bytes:
    from PIL.PngImagePlugin import PngInfo

    info = PngInfo()
    info.add_text("Author", "Nguyen Van A, 0905 123 456")
    buffer = io.BytesIO()
    Image.new("RGBA", (16, 16), (30, 120, 60, 255)).save(buffer, "PNG", pnginfo=info)
    return buffer.getvalue() + TRAILER


# -- request size --------------------------------------------------------------------------


class Untouchable(io.RawIOBase):
    """A request body that fails the test if anything reads it."""

    def readable(self):
        return True

    def read(self, *args):
        raise AssertionError("the body was read")

    readline = readinto = read


def call_wsgi(path: str, length: int):
    environ = {
        "REQUEST_METHOD": "POST", "PATH_INFO": path, "SERVER_NAME": "testserver", "SERVER_PORT": "80",
        "HTTP_HOST": "testserver", "wsgi.url_scheme": "http", "wsgi.input": Untouchable(),
        "CONTENT_TYPE": "multipart/form-data; boundary=x", "CONTENT_LENGTH": str(length),
    }
    status = {}
    body = b"".join(WSGIHandler()(environ, lambda code, headers: status.update(code=code, headers=dict(headers))))
    return status, body.decode()


@pytest.mark.django_db
def test_it_refuses_an_oversized_request_before_reading_its_body(settings):
    settings.OCOP_MAX_REQUEST_BYTES = 25 * 1024 * 1024
    status, html = call_wsgi("/y-tuong/phuong-an/1/tep/them/", 60 * 1024 * 1024)
    assert status["code"].startswith("413")
    assert '<html lang="vi">' in html and "Dữ liệu gửi lên quá lớn (60 MB); mỗi lần gửi tối đa 25 MB" in html
    status, body = call_wsgi("/api/v1/products", 60 * 1024 * 1024)
    assert status["code"].startswith("413") and '"error": "request_too_large"' in body


@pytest.mark.django_db
def test_a_request_within_the_limit_goes_through(client, settings):
    settings.OCOP_MAX_REQUEST_BYTES = 4096
    response = client.post("/tai-khoan/dang-nhap/", {"username": "khong-co", "password": "x" * 100})
    assert response.status_code == 200  # the login form answered (wrong password), not 413
    response = client.post("/tai-khoan/dang-nhap/", {"username": "khong-co", "password": "x" * 5000})
    assert response.status_code == 413


# -- pictures re-encoded -------------------------------------------------------------------------


def test_it_re_encodes_a_photo_without_exif_or_trailing_bytes():
    upload = SimpleUploadedFile("anh.jpg", jpeg_with_exif(), content_type="image/jpeg")
    validate_image_upload(upload)
    upload.seek(0)
    data = upload.read()
    assert TRAILER not in data and b"Nguyen Van A" not in data
    assert upload.size == len(data)
    with Image.open(io.BytesIO(data)) as image:
        assert image.format == "JPEG" and not image.getexif()
        assert image.size == (20, 40)  # turned upright by its orientation before it was dropped


def test_it_re_encodes_an_image_document_and_hashes_what_is_stored():
    import hashlib

    upload = SimpleUploadedFile("giay-phep.png", png_with_text(), content_type="image/png")
    checked = check_document_upload(upload)
    upload.seek(0)
    data = upload.read()
    assert checked.extension == "png" and checked.size == len(data)
    assert checked.sha256 == hashlib.sha256(data).hexdigest()
    assert TRAILER not in data and b"0905 123 456" not in data
    with Image.open(io.BytesIO(data)) as image:
        assert image.format == "PNG" and "Author" not in image.info
    # Checked again by the service after the form: nothing changes the second time.
    assert check_document_upload(upload).sha256 == checked.sha256


def test_a_pdf_is_kept_as_uploaded():
    upload = SimpleUploadedFile("ho-so.pdf", PDF, content_type="application/pdf")
    check_document_upload(upload)
    upload.seek(0)
    assert upload.read() == PDF


def test_a_decompression_bomb_is_refused(settings):
    Image.MAX_IMAGE_PIXELS, before = 1000, Image.MAX_IMAGE_PIXELS
    try:
        buffer = io.BytesIO()
        Image.new("L", (100, 100)).save(buffer, "PNG")
        with pytest.raises(ValidationError, match="không phải là ảnh hợp lệ"):
            validate_image_upload(SimpleUploadedFile("bom.png", buffer.getvalue(), content_type="image/png"))
    finally:
        Image.MAX_IMAGE_PIXELS = before


@pytest.mark.django_db
def test_a_pdf_attachment_is_downloaded_and_a_picture_shown_re_encoded(client_for, demo):
    from ocop.business_plans.models import BusinessPlan, BusinessPlanAttachment

    plan = BusinessPlan.objects.get(title="Phương án sản xuất Măng le sấy khô Kon Braih")
    client = client_for("chuthe2")
    for name, content, kind in (("phuong-an.pdf", PDF + TRAILER, "application/pdf"), ("anh.png", png_with_text(), "image/png")):
        client.post(reverse("business_plans:attachment_add", args=[plan.pk]),
                    {"file": SimpleUploadedFile(name, content, content_type=kind), "caption": "Tệp thử"})
    pdf, picture = BusinessPlanAttachment.objects.filter(plan=plan).order_by("id")
    response = client.get(reverse("business_plans:attachment", args=[plan.pk, pdf.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff" and "sandbox" in response["Content-Security-Policy"]
    response = client.get(reverse("business_plans:attachment", args=[plan.pk, picture.pk]))
    assert response["Content-Disposition"].startswith("inline;")
    stored = b"".join(response.streaming_content)
    assert TRAILER not in stored and b"0905 123 456" not in stored
    with Image.open(io.BytesIO(stored)) as image:
        assert image.format == "PNG"


# -- antivirus (ClamAV) ------------------------------------------------------------------------------

MARKER = b"OCOP-KIEM-THU-MA-DOC-7f3a"

clamscan = pytest.mark.skipif(
    shutil.which("clamscan") is None, reason="clamscan is not installed (Debian package clamav)"
)


@pytest.fixture
def signatures(tmp_path) -> Path:
    """A ClamAV database of one signature of our own: a body-based (.ndb) signature matching
    MARKER anywhere in any file. No download of the official database is needed."""
    database = tmp_path / "ocop-test.ndb"
    database.write_text(f"OCOP.Test.Marker:0:*:{MARKER.hex()}\n")
    return database


@clamscan
def test_clamav_refuses_an_infected_upload_and_accepts_a_clean_one(settings, signatures):
    settings.OCOP_VIRUS_SCAN_COMMAND = f"clamscan --no-summary --database={signatures} -"
    infected = SimpleUploadedFile("ho-so.pdf", PDF + MARKER, content_type="application/pdf")
    with pytest.raises(ValidationError) as refused:
        check_document_upload(infected)
    assert refused.value.messages == [
        "Tệp “ho-so.pdf” bị phần mềm diệt virus phát hiện có mã độc (OCOP.Test.Marker.UNOFFICIAL) nên không được nhận."
    ]
    assert check_document_upload(SimpleUploadedFile("sach.pdf", PDF, content_type="application/pdf")).extension == "pdf"
    with pytest.raises(ValidationError, match="mã độc"):
        validate_image_upload(SimpleUploadedFile("anh.png", png_with_text()[: -len(TRAILER)] + MARKER, content_type="image/png"))


@clamscan
def test_a_scanner_that_fails_refuses_the_file(settings, tmp_path):
    settings.OCOP_VIRUS_SCAN_COMMAND = f"clamscan --no-summary --database={tmp_path}/khong-co.ndb -"
    with pytest.raises(ValidationError, match="Chưa kiểm tra được virus cho tệp “sach.pdf”"):
        check_document_upload(SimpleUploadedFile("sach.pdf", PDF, content_type="application/pdf"))


def test_a_missing_scanner_program_refuses_the_file(settings):
    settings.OCOP_VIRUS_SCAN_COMMAND = "/khong/co/clamdscan --no-summary -"
    with pytest.raises(ValidationError, match="Chưa kiểm tra được virus"):
        check_document_upload(SimpleUploadedFile("sach.pdf", PDF, content_type="application/pdf"))


@clamscan
@pytest.mark.django_db
def test_an_infected_attachment_is_refused_through_the_form_and_nothing_is_stored(client_for, demo, settings, signatures):
    from ocop.business_plans.models import BusinessPlan, BusinessPlanAttachment
    from tests.uploads import stored_files

    settings.OCOP_VIRUS_SCAN_COMMAND = f"clamscan --no-summary --database={signatures} -"
    plan = BusinessPlan.objects.get(title="Phương án sản xuất Măng le sấy khô Kon Braih")
    before = stored_files(settings)
    response = client_for("chuthe2").post(
        reverse("business_plans:attachment_add", args=[plan.pk]),
        {"file": SimpleUploadedFile("phuong-an.pdf", PDF + MARKER, content_type="application/pdf"), "caption": "x"},
        follow=True,
    )
    assert "bị phần mềm diệt virus phát hiện có mã độc" in response.content.decode()
    assert not BusinessPlanAttachment.objects.filter(plan=plan).exists()
    assert stored_files(settings) == before
