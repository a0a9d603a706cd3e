"""Who sees and changes plans, tasks and reports — allowed and forbidden paths.

Agency staff see and update their own agency's tasks only; commune officers their commune's
(and those of the former communes merged into it); the provincial office manages every plan of
the province, the former district's office the 2024 plan of Kon Rẫy. A record outside one's
scope is a 404, a record one may read but not change is a 403 (docs/permissions.md).
"""

import pytest
from django.urls import reverse

from ocop.planning.models import PeriodicReport, ProgressUpdate

ROLES = ["admin", "tinh", "huyen", "xa.dakrve", "xa.dakkoi", "xa.konbraih", "hoidong1", "nganh.congthuong", "chuthe1"]

# role → (2026 plan page, 2024 plan page, edit 2026 plan, edit 2024 plan, dashboard)
PLAN_PAGES = {
    "admin": (200, 200, 200, 200, 200),
    "tinh": (200, 200, 200, 200, 200),
    "huyen": (404, 200, 404, 200, 200),
    "xa.dakrve": (200, 200, 403, 403, 200),
    "xa.dakkoi": (200, 200, 403, 403, 200),
    "xa.konbraih": (200, 200, 403, 403, 200),
    "hoidong1": (404, 404, 404, 404, 403),
    "nganh.congthuong": (200, 404, 403, 404, 200),
    "chuthe1": (404, 404, 404, 404, 403),
}

# role → read of (Sở Công Thương's task, Sở Tài chính's task, Xã Kon Braih's task, the
# former Xã Đắk Tơ Lung's 2024 task), and whether the role may post progress to each.
TASKS = {
    "admin": ((200, 200, 200, 200), (True, True, True, True)),
    "tinh": ((200, 200, 200, 200), (True, True, True, True)),
    "huyen": ((404, 404, 404, 200), (False, False, False, True)),
    "xa.dakrve": ((404, 404, 404, 404), (False, False, False, False)),
    "xa.dakkoi": ((404, 404, 404, 200), (False, False, False, True)),
    "xa.konbraih": ((404, 404, 200, 404), (False, False, True, False)),
    "hoidong1": ((404, 404, 404, 404), (False, False, False, False)),
    "nganh.congthuong": ((200, 404, 404, 404), (True, False, False, False)),
    "chuthe1": ((404, 404, 404, 404), (False, False, False, False)),
}


@pytest.fixture
def targets(plan2024, plan2026, assignment_of):
    from ocop.planning import services

    legacy = assignment_of(plan2024, "Xã Đắk Tơ Lung", 6, 4)
    if legacy.status == "hoan_thanh":  # open it again so that progress may be posted
        legacy = services.assignment_reopen(actor=None, assignment=legacy, comment="Kiểm thử")
    return [
        assignment_of(plan2026, "Sở Công Thương tỉnh Quảng Ngãi", 2, 2),
        assignment_of(plan2026, "Sở Tài chính tỉnh Quảng Ngãi", 3, 2),
        assignment_of(plan2026, "Xã Kon Braih", 6, 2),
        legacy,
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_it_applies_the_permission_matrix_to_plan_pages(role, client_as, plan2024, plan2026):
    client = client_as(role)
    expected = PLAN_PAGES[role]
    got = (
        client.get(reverse("planning:detail", args=[plan2026.pk])).status_code,
        client.get(reverse("planning:detail", args=[plan2024.pk])).status_code,
        client.get(reverse("planning:edit", args=[plan2026.pk])).status_code,
        client.get(reverse("planning:edit", args=[plan2024.pk])).status_code,
        client.get(reverse("planning:dashboard")).status_code,
    )
    assert got == expected
    assert client.get(reverse("planning:list")).status_code == 200
    docx = client.get(reverse("planning:docx", args=[plan2026.pk])).status_code
    assert docx == (200 if expected[0] == 200 else 404)


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_it_applies_the_permission_matrix_to_tasks(role, client_as, targets):
    client = client_as(role)
    reads, updates = TASKS[role]
    for assignment, read, may_update in zip(targets, reads, updates, strict=True):
        url = reverse("planning:assignment_detail", args=[assignment.pk])
        assert client.get(url).status_code == read, assignment
        before = ProgressUpdate.objects.filter(assignment=assignment).count()
        response = client.post(url, {"progress": 10, "reported_on": "2026-11-20", "narrative": "Thử quyền"})
        written = ProgressUpdate.objects.filter(assignment=assignment).count() - before
        if may_update:
            assert response.status_code == 302 and written == 1, (role, assignment)
        else:
            assert response.status_code in (403, 404) and written == 0, (role, assignment)


@pytest.mark.django_db
def test_agency_staff_cannot_reach_another_agencys_task_or_its_evidence(client_as, targets):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from ocop.planning import services

    finance = targets[1]
    services.progress_update_create(
        actor=None, assignment=finance, progress=60, narrative="Đã trình phương án kinh phí",
        files=[SimpleUploadedFile("to-trinh.pdf", b"%PDF-1.4\n1 0 obj <<>> endobj\n%%EOF\n")],
    )
    evidence = ProgressUpdate.objects.filter(assignment=finance).first().evidence.get()
    client = client_as("nganh.congthuong")
    assert client.get(reverse("planning:evidence", args=[evidence.pk])).status_code == 404
    assert client.get(reverse("planning:tasks")).status_code == 200
    listed = {a.pk for a, _state in client.get(reverse("planning:tasks") + "?nam=2026").context["page_obj"]}
    assert targets[0].pk in listed and finance.pk not in listed
    tinh = client_as("tinh")
    response = tinh.get(reverse("planning:evidence", args=[evidence.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"


@pytest.mark.django_db
def test_only_plan_managers_add_targets_and_tasks_and_return_reports(client_as, plan2026):
    report = PeriodicReport.objects.get(
        period__plan=plan2026, agency__name="Sở Công Thương tỉnh Quảng Ngãi", period__label="Quý III/2026"
    )
    staff = client_as("nganh.congthuong")
    assert staff.get(reverse("planning:target_create", args=[plan2026.pk])).status_code == 403
    assert staff.get(reverse("planning:task_create", args=[plan2026.pk])).status_code == 403
    assert staff.get(reverse("planning:periods", args=[plan2026.pk])).status_code == 403
    assert staff.get(reverse("planning:report_detail", args=[report.pk])).status_code == 200
    assert staff.post(reverse("planning:report_return", args=[report.pk]), {"comment": "x"}).status_code == 403
    other = PeriodicReport.objects.get(period__plan=plan2026, agency__name="Sở Tài chính tỉnh Quảng Ngãi", period__label="Quý III/2026")
    assert staff.get(reverse("planning:report_detail", args=[other.pk])).status_code == 404
    aggregate = PeriodicReport.objects.get(period__plan=plan2026, is_aggregate=True, period__label="Quý III/2026")
    assert staff.get(reverse("planning:report_detail", args=[aggregate.pk])).status_code == 404
    manager = client_as("tinh")
    assert manager.post(reverse("planning:report_return", args=[report.pk]), {"comment": "Bổ sung số liệu"}).status_code == 302
    report.refresh_from_db()
    assert report.status == "tra_lai"


@pytest.mark.django_db
def test_a_commune_officer_starts_reports_for_its_communes_only(client_as, plan2026):
    from ocop.territory.models import AdministrativeUnit

    period = plan2026.periods.get(label="Năm 2026")
    kon_braih = AdministrativeUnit.objects.get(level="commune", code="23497", valid_to__isnull=True)
    dak_koi = AdministrativeUnit.objects.get(level="commune", code="23485", valid_to__isnull=True)
    client = client_as("xa.konbraih")
    response = client.post(reverse("planning:report_start", args=[period.pk]), {"xa": kon_braih.pk})
    assert response.status_code == 302
    report = PeriodicReport.objects.get(period=period, unit=kon_braih)
    assert report.status == "nhap" and "products_evaluated" in report.figures
    assert client.post(reverse("planning:report_start", args=[period.pk]), {"xa": dak_koi.pk}).status_code == 403
    assert not PeriodicReport.objects.filter(period=period, unit=dak_koi).exists()
