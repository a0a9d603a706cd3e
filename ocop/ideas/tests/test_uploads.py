"""Attachments are checked by content and size; refused files leave nothing behind."""

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from ocop.core.storage import private_root
from ocop.ideas.models import BusinessPlan, BusinessPlanAttachment
from tests.uploads import EXECUTABLE, PDF, png_bytes, stored_files


@pytest.fixture
def draft_plan(demo):
    return BusinessPlan.objects.get(title="Phương án sản xuất Măng le sấy khô Kon Braih")


def upload(client, plan, name, content, content_type="application/pdf"):
    return client.post(
        reverse("ideas:plan_attachment_add", args=[plan.pk]),
        {"file": SimpleUploadedFile(name, content, content_type=content_type), "caption": "Tệp thử"},
        follow=True,
    )


@pytest.mark.django_db
def test_it_stores_a_real_pdf_and_a_real_image_under_names_of_its_own(client_for, draft_plan, settings):
    client = client_for("chuthe2")
    upload(client, draft_plan, "phuong-an.pdf", PDF)
    upload(client, draft_plan, "anh-san-pham.png", png_bytes(), "image/png")
    attachments = list(BusinessPlanAttachment.objects.filter(plan=draft_plan).order_by("id"))
    assert [(a.original_name, a.kind) for a in attachments] == [("phuong-an.pdf", "pdf"), ("anh-san-pham.png", "png")]
    assert all(not a.file.name.endswith(a.original_name) for a in attachments)
    # Stored in the private store, which no URL serves; never under the public /media/.
    assert all(private_root().resolve() in Path(a.file.path).resolve().parents for a in attachments)
    assert all(Path(settings.MEDIA_ROOT).resolve() not in Path(a.file.path).resolve().parents for a in attachments)
    response = client.get(reverse("ideas:plan_attachment", args=[draft_plan.pk, attachments[0].pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert client_for("chuthe1").get(reverse("ideas:plan_attachment", args=[draft_plan.pk, attachments[0].pk])).status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize(
    "name, content, message",
    [
        ("phuong-an.pdf", EXECUTABLE, "không phải là PDF hoặc ảnh hợp lệ"),  # an executable renamed .pdf
        ("bang-tinh.pdf", b"PK\x03\x04" + b"\x00" * 100, "không phải là PDF hoặc ảnh hợp lệ"),  # a zip/xlsx
        ("ghi-chu.jpg", "Nội dung văn bản thuần".encode(), "không phải là PDF hoặc ảnh hợp lệ"),
        ("anh-hong.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 40, "không phải là PDF hoặc ảnh hợp lệ"),  # a broken image
        ("rong.pdf", b"", "rỗng"),
    ],
)
def test_it_refuses_files_by_content_whatever_their_name(client_for, draft_plan, settings, name, content, message):
    before = stored_files(settings)
    response = upload(client_for("chuthe2"), draft_plan, name, content)
    html = response.content.decode()
    assert message in html
    assert not BusinessPlanAttachment.objects.filter(plan=draft_plan).exists()
    assert stored_files(settings) == before


@pytest.mark.django_db
def test_it_refuses_an_oversized_file(client_for, draft_plan, settings):
    settings.MAX_DOCUMENT_UPLOAD_BYTES = 1024
    before = stored_files(settings)
    response = upload(client_for("chuthe2"), draft_plan, "lon.pdf", PDF + b"0" * 2048)
    assert "quá lớn" in response.content.decode() and "dung lượng tối đa là" in response.content.decode()
    assert not BusinessPlanAttachment.objects.exists()
    assert stored_files(settings) == before


@pytest.mark.django_db
def test_only_an_editor_of_a_draft_plan_may_attach(client_for, draft_plan, demo):
    assert upload(client_for("chuthe1"), draft_plan, "a.pdf", PDF).status_code == 404
    assert upload(client_for("hoidong1"), draft_plan, "a.pdf", PDF).status_code == 403
    approved = BusinessPlan.objects.get(title__startswith="Phương án sản xuất, kinh doanh Cà phê bột")
    assert upload(client_for("chuthe1"), approved, "a.pdf", PDF).status_code == 403
    assert not BusinessPlanAttachment.objects.exists()
