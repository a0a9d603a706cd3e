"""Task assignments and periodic reports move on the core workflow mechanism: tables
registered by name, one service to move them, the core history widget on their pages."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from ocop.core import workflow as core
from ocop.planning import services
from ocop.planning.models import PeriodicReport, ReportEvent
from ocop.planning.workflow import REPORT_WORKFLOW, TASK_WORKFLOW, ReportStatus, TaskStatus


def test_the_task_and_report_workflows_are_registered_by_name_with_their_tables():
    assert core.get("planning.task") is TASK_WORKFLOW and core.get("planning.report") is REPORT_WORKFLOW
    assert [t.action for t in TASK_WORKFLOW.outgoing(None, TaskStatus.DONE)] == ["mo_lai"]
    assert [t.action for t in REPORT_WORKFLOW.outgoing(None, ReportStatus.RETURNED)] == ["nop"]
    assert TASK_WORKFLOW.action_label("giao") == "Giao nhiệm vụ"
    assert REPORT_WORKFLOW.action_label("tong_hop") == "Tổng hợp báo cáo"


@pytest.mark.django_db
def test_an_assignments_page_shows_its_moves_in_the_core_history_widget(plan2026, assignment_of, client_as, shared):
    trade = assignment_of(plan2026, "Sở Công Thương tỉnh Quảng Ngãi", 2, 2)
    staff = shared["users"]["nganh.congthuong"]
    services.progress_update_create(actor=staff, assignment=trade, progress=40, narrative="Mở gian hàng", reported_on=date(2026, 11, 2))
    event = trade.events.get(action="bat_dau")
    assert (event.from_state, event.to_state, event.actor, event.data) == ("chua_bat_dau", "dang_thuc_hien", staff, {"progress": 40})
    page = client_as("nganh.congthuong").get(reverse("planning:assignment_detail", args=[trade.pk])).content.decode()
    assert 'id="dien-bien"' in page
    assert "Giao nhiệm vụ" in page and "Bắt đầu thực hiện" in page
    assert "Chưa bắt đầu → Đang thực hiện" in page and "Tiến độ: 40%" in page


@pytest.mark.django_db
def test_a_reports_page_shows_its_return_and_reason_in_the_core_history_widget(plan2026, client_as, shared):
    report = PeriodicReport.objects.get(period__plan=plan2026, unit__name="Xã Đăk Rve", period__label="Quý III/2026")
    services.report_return(actor=shared["users"]["tinh"], report=report, comment="Bổ sung số liệu hội chợ")
    page = client_as("tinh").get(reverse("planning:report_detail", args=[report.pk])).content.decode()
    assert 'id="dien-bien"' in page
    assert "Đã nộp → Trả lại để bổ sung" in page and "Bổ sung số liệu hội chợ" in page


@pytest.mark.django_db
def test_a_move_missing_from_the_table_or_without_its_reason_is_refused_and_writes_nothing(plan2026, assignment_of, shared):
    period = plan2026.periods.get(label="Năm 2026")
    agency = shared["users"]["nganh.congthuong"].roles.get().agency
    draft = services.report_prepare(actor=None, period=period, agency=agency)
    with pytest.raises(core.TransitionNotAllowed, match="«Đang soạn»"):
        services.report_return(actor=shared["users"]["tinh"], report=draft, comment="Chưa nộp")
    assert list(ReportEvent.objects.filter(report=draft).values_list("action", flat=True)) == ["tao"]
    trade = assignment_of(plan2026, "Sở Công Thương tỉnh Quảng Ngãi", 2, 2)
    services.progress_update_create(actor=None, assignment=trade, progress=100, narrative="Xong", reported_on=date(2026, 11, 2))
    with pytest.raises(ValidationError, match="lý do"):
        services.assignment_reopen(actor=shared["users"]["tinh"], assignment=trade, comment="  ")
    trade.refresh_from_db()
    assert trade.status == TaskStatus.DONE and trade.events.filter(action="mo_lai").count() == 0
