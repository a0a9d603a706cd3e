"""Communication materials are checked like every attachment: by content and size."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from ocop.promotion.models import CommunicationActivity, CommunicationAttachment
from tests.uploads import EXECUTABLE, PDF, stored_files


@pytest.mark.django_db
def test_communication_materials_are_checked_the_same_way(client_for, demo, settings):
    activity = CommunicationActivity.objects.get(title__startswith="Tập huấn đăng ký ý tưởng")
    client = client_for("xa.konbraih")
    url = reverse("promotion:communication_attachment_add", args=[activity.pk])
    before = stored_files(settings)
    response = client.post(url, {"file": SimpleUploadedFile("to-roi.pdf", EXECUTABLE)}, follow=True)
    assert "không phải là PDF hoặc ảnh hợp lệ" in response.content.decode()
    assert not CommunicationAttachment.objects.exists() and stored_files(settings) == before
    client.post(url, {"file": SimpleUploadedFile("to-roi.pdf", PDF), "caption": "Tờ rơi"})
    assert CommunicationAttachment.objects.get().kind == "pdf"
