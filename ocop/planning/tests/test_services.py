"""Writes: progress and its workflow, evidence checks, overdue flags, reports, compiling."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from ocop.planning import progress, services
from ocop.planning.models import (
    PeriodicReport,
    ProgressEvidence,
    ProgressUpdate,
    TaskAssignment,
    TaskEvent,
    TaskRole,
)
from ocop.planning.workflow import ReportStatus, TaskStatus

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


@pytest.fixture
def trade(plan2026, assignment_of):
    """Sở Công Thương's e-commerce task: not started in the demo."""
    return assignment_of(plan2026, "Sở Công Thương tỉnh Quảng Ngãi", 2, 2)


@pytest.mark.django_db
def test_progress_moves_the_task_through_its_workflow_and_writes_events(trade, shared):
    staff = shared["users"]["nganh.congthuong"]
    assert trade.status == TaskStatus.NOT_STARTED
    services.progress_update_create(actor=staff, assignment=trade, progress=40, narrative="Mở gian hàng", reported_on=date(2026, 11, 2))
    trade.refresh_from_db()
    assert (trade.status, trade.progress, trade.last_reported_on) == (TaskStatus.IN_PROGRESS, 40, date(2026, 11, 2))
    services.progress_update_create(actor=staff, assignment=trade, progress=100, narrative="Xong", reported_on=date(2026, 11, 20))
    trade.refresh_from_db()
    assert trade.status == TaskStatus.DONE and trade.completed_on == date(2026, 11, 20)
    actions = list(TaskEvent.objects.filter(assignment=trade).values_list("action", "to_state"))
    assert actions == [("giao", "chua_bat_dau"), ("bat_dau", "dang_thuc_hien"), ("hoan_thanh", "hoan_thanh")]
    with pytest.raises(ValidationError, match="đã hoàn thành"):
        services.progress_update_create(actor=staff, assignment=trade, progress=100, narrative="Lại")
    with pytest.raises(PermissionDenied):
        services.assignment_reopen(actor=staff, assignment=trade, comment="Tự mở lại")
    services.assignment_reopen(actor=shared["users"]["tinh"], assignment=trade, comment="Cần bổ sung minh chứng")
    trade.refresh_from_db()
    assert trade.status == TaskStatus.IN_PROGRESS and trade.completed_on is None


@pytest.mark.django_db
def test_completing_a_task_notifies_the_plans_managers(trade, shared):
    from ocop.notifications.models import Notification

    services.progress_update_create(actor=shared["users"]["nganh.congthuong"], assignment=trade, progress=100, narrative="Xong")
    notified = set(Notification.objects.filter(title__contains="đã hoàn thành").values_list("recipient__username", flat=True))
    assert "tinh" in notified and "nganh.congthuong" not in notified


@pytest.mark.django_db
@pytest.mark.parametrize(
    "name, content, message",
    [
        ("bien-ban.pdf", b"MZ\x90\x00\x03" + b"\x00" * 64, "không phải là PDF hoặc ảnh hợp lệ"),
        ("anh.png", PDF, None),  # a real PDF named .png is accepted as the PDF it is
        ("rong.pdf", b"", "rỗng"),
        ("anh-gia.jpg", b"\xff\xd8\xff\xe0" + b"khong phai anh" * 10, "không phải là PDF hoặc ảnh hợp lệ"),
    ],
)
def test_evidence_is_checked_by_its_content_and_a_refusal_writes_nothing(trade, name, content, message):
    upload = SimpleUploadedFile(name, content)
    if message is None:
        update = services.progress_update_create(actor=None, assignment=trade, progress=20, narrative="Có minh chứng", files=[upload])
        evidence = ProgressEvidence.objects.get(update=update)
        assert evidence.content_type == "application/pdf" and evidence.original_name == name
        assert "private-media" in evidence.file.path and evidence.file.read() == PDF
        return
    with pytest.raises(ValidationError, match=message):
        services.progress_update_create(actor=None, assignment=trade, progress=20, narrative="x", files=[upload])
    trade.refresh_from_db()
    assert trade.status == TaskStatus.NOT_STARTED and not ProgressUpdate.objects.filter(assignment=trade).exists()


@pytest.mark.django_db
def test_evidence_larger_than_the_setting_is_refused(trade, settings):
    settings.MAX_DOCUMENT_UPLOAD_BYTES = 100
    with pytest.raises(ValidationError, match="quá lớn"):
        services.progress_update_create(
            actor=None, assignment=trade, progress=20, narrative="x", files=[SimpleUploadedFile("to.pdf", PDF + b" " * 200)]
        )


@pytest.mark.django_db
def test_progress_rejects_bad_values_with_vietnamese_messages(trade):
    with pytest.raises(ValidationError) as error:
        services.progress_update_create(actor=None, assignment=trade, progress=120, narrative=" ", reported_on=date(2099, 1, 1))
    messages = error.value.message_dict
    assert "từ 0 đến 100" in messages["progress"][0]
    assert "mô tả kết quả" in messages["narrative"][0]
    assert "sau ngày hôm nay" in messages["reported_on"][0]


@pytest.mark.django_db
def test_overdue_is_computed_from_the_deadline_and_from_missed_recurring_updates(plan2026, assignment_of):
    today = date(2026, 11, 29)
    health = assignment_of(plan2026, "Sở Y tế tỉnh Quảng Ngãi", 5, 1)  # due 31/10/2026, never started
    dak_koi = assignment_of(plan2026, "Xã Đăk Kôi", 6, 3)  # quarterly; no update for Q3
    dak_rve = assignment_of(plan2026, "Xã Đăk Rve", 6, 3)  # quarterly; updated each quarter
    states = progress.states_for(
        list(TaskAssignment.objects.select_related("task", "plan").filter(pk__in=[health.pk, dak_koi.pk, dak_rve.pk])), today
    )
    assert states[health.pk].status == progress.OVERDUE and states[health.pk].label == "Quá hạn"
    assert states[dak_koi.pk].overdue and states[dak_koi.pk].missed == 1
    assert not states[dak_rve.pk].overdue and states[dak_rve.pk].next_due == date(2027, 1, 5)
    # Before the deadline the same task is only "not started".
    assert progress.states_for([health], date(2026, 10, 1))[health.pk].status == TaskStatus.NOT_STARTED


@pytest.mark.django_db
def test_the_2024_import_assigns_named_coordinators_and_only_the_named_mass_organisations(plan2024):
    finance = TaskAssignment.objects.filter(plan=plan2024, task__responsibility__position=4, task__position=2)
    assert {(a.agency.short_name, a.role) for a in finance.select_related("agency")} == {
        ("Phòng TC-KH", TaskRole.LEAD), ("Phòng NN&PTNT", TaskRole.COORDINATE)
    }
    movement = TaskAssignment.objects.filter(plan=plan2024, task__responsibility__position=7, task__position=2)
    assert sorted(a.agency.short_name for a in movement.select_related("agency")) == ["Huyện đoàn", "Hội LHPN", "Hội Nông dân"]
    communes = TaskAssignment.objects.filter(plan=plan2024, task__responsibility__position=6, task__position=1)
    assert communes.count() == 7 and all(a.commune_id for a in communes)
    periodic = TaskAssignment.objects.filter(plan=plan2024, task__responsibility__position=1, task__position=4).get()
    assert periodic.task.recurrence == "6thang" and periodic.task.deadline == date(2025, 1, 5)


@pytest.mark.django_db
def test_a_report_resubmitted_after_being_returned_keeps_its_first_submission_date(plan2026, shared):
    report = PeriodicReport.objects.get(period__plan=plan2026, unit__name="Xã Đăk Rve", period__label="Quý III/2026")
    first = report.submitted_on
    services.report_return(actor=shared["users"]["tinh"], report=report, comment="Bổ sung số liệu hội chợ")
    report.refresh_from_db()
    assert report.status == ReportStatus.RETURNED
    services.report_save(actor=None, report=report, narrative=report.narrative + " Đã bổ sung.", figures=None)
    services.report_submit(actor=None, report=report, submitted_on=date(2026, 11, 20))
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED and report.submitted_on == first
    assert list(report.events.values_list("action", flat=True)) == ["tao", "nop", "tra_lai", "nop"]


@pytest.mark.django_db
def test_a_report_cannot_be_submitted_empty_or_dated_in_the_future(plan2026, shared):
    period = plan2026.periods.get(label="Năm 2026")
    agency = shared["users"]["nganh.congthuong"].roles.get().agency
    report = services.report_prepare(actor=None, period=period, agency=agency)
    assert report.figures == {}  # agencies report their tasks; communes report figures
    with pytest.raises(ValidationError, match="kết quả thực hiện"):
        services.report_submit(actor=None, report=report)
    services.report_save(actor=None, report=report, narrative="Đã hỗ trợ 5 chủ thể.")
    with pytest.raises(ValidationError, match="sau ngày hôm nay"):
        services.report_submit(actor=None, report=report, submitted_on=date(2099, 1, 1))


@pytest.mark.django_db
def test_a_commune_report_is_prefilled_with_the_communes_live_actuals(plan2024):
    from ocop.planning import targets as target_progress

    report = PeriodicReport.objects.get(period__plan=plan2024, unit__name="Xã Đắk Kôi", period__label="Quý III/2024")
    live = target_progress.plan_progress(plan2024, mode=target_progress.OLD, extra_indicators=services.report_indicators(plan2024))
    assert report.figures == target_progress.figures_for_unit(live, report.unit_id) | {}
    assert report.figures["products_evaluated"]["value"] >= 1  # dossiers of the district round of 2024
    assert set(report.figures["evaluated_reaching_3_stars"]) == {"value", "numerator", "denominator"}


@pytest.mark.django_db
def test_the_compiled_report_sums_submitted_commune_figures_and_joins_their_narratives(plan2024):
    period = plan2024.periods.get(label="Quý III/2024")
    sources = PeriodicReport.objects.filter(period=period, is_aggregate=False, status=ReportStatus.SUBMITTED, unit__isnull=False)
    aggregate = services.aggregate_prepare(actor=None, period=period)  # the demo's, submitted
    assert aggregate.status == ReportStatus.SUBMITTED
    expected = sum((r.figures.get("ideas_registered") or {}).get("value") or 0 for r in sources)
    assert aggregate.figures["ideas_registered"]["value"] == expected
    assert sources.count() == 7 and aggregate.sources.count() == PeriodicReport.objects.filter(
        period=period, is_aggregate=False, status=ReportStatus.SUBMITTED
    ).count()
    assert all(r.reporter_name + ":" in aggregate.narrative for r in sources)
    with pytest.raises(ValidationError, match="đã gửi"):
        services.aggregate_prepare(actor=None, period=period, refresh=True)


@pytest.mark.django_db
def test_report_figures_reject_negative_numbers_and_impossible_ratios(plan2026):
    period = plan2026.periods.get(label="Năm 2026")
    from ocop.territory.models import AdministrativeUnit

    commune = AdministrativeUnit.objects.get(level="commune", code="23479", valid_to__isnull=True)
    report = services.report_prepare(actor=None, period=period, unit=commune)
    with pytest.raises(ValidationError, match="không được âm"):
        services.report_save(actor=None, report=report, narrative="x", figures={"ideas_registered": {"value": -1}})
    with pytest.raises(ValidationError, match="lớn hơn tổng số"):
        services.report_save(
            actor=None, report=report, narrative="x",
            figures={"evaluated_reaching_3_stars": {"numerator": 3, "denominator": 1}},
        )


@pytest.mark.django_db
def test_report_periods_are_generated_once_and_skip_those_before_the_plan(plan2026):
    assert [p.label for p in plan2026.periods.order_by("ends_on")] == ["6 tháng đầu năm 2026", "Quý III/2026", "Năm 2026"]
    created = services.report_periods_generate(actor=None, plan=plan2026, kinds=["quy", "6thang", "nam"])
    assert created == []


@pytest.mark.django_db
def test_a_plan_cannot_be_made_for_a_year_its_unit_no_longer_exists(plan2024):
    with pytest.raises(ValidationError, match="chỉ tồn tại đến ngày 30/06/2025"):
        services.plan_create(actor=None, issuing_unit=plan2024.issuing_unit, year=2026, title="Kế hoạch năm 2026")
