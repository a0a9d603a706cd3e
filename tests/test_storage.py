"""Private files have no public address, and pages that show them generically still work."""

import pytest
from django.urls import reverse

from ocop.core.storage import private_storage


def test_a_private_file_has_no_public_url():
    assert private_storage.url("evidence/1/abc.pdf") == ""


@pytest.mark.django_db
def test_the_admin_shows_records_with_private_files(client_for, demo):
    from ocop.evaluation.models import EvidenceDocument
    from ocop.monitoring.models import ComplianceDocument

    client = client_for("admin")
    evidence = EvidenceDocument.objects.exclude(file="").first()
    page = client.get(reverse("admin:evaluation_evidencedocument_change", args=[evidence.pk]))
    assert page.status_code == 200 and "/media/evidence" not in page.content.decode()
    paper = ComplianceDocument.objects.exclude(file="").first()
    if paper is not None:
        assert client.get(reverse("admin:monitoring_compliancedocument_change", args=[paper.pk])).status_code == 200


@pytest.mark.django_db
def test_every_admin_list_and_first_record_open_without_error(client_for, demo):
    from django.contrib import admin

    client = client_for("admin")
    failures = []
    for model in admin.site._registry:
        prefix = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        response = client.get(reverse(f"{prefix}_changelist"))
        if response.status_code != 200:
            failures.append(f"{model._meta.label} list: {response.status_code}")
        first = model._default_manager.order_by("pk").first()
        if first is not None:
            response = client.get(reverse(f"{prefix}_change", args=[first.pk]))
            if response.status_code != 200:
                failures.append(f"{model._meta.label} #{first.pk}: {response.status_code}")
    assert failures == []
