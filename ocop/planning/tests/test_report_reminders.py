"""Report-period reminders: a daily job queued by crontask, run by the real worker."""

from datetime import timedelta

import pytest
import time_machine
from crontask import scheduler

from ocop.accounts.models import RoleAssignment
from ocop.jobs.models import Job
from ocop.jobs.testing import run_worker
from ocop.notifications.models import Notification
from ocop.planning import tasks
from ocop.planning.models import PeriodicReport, ReportPeriod, TaskAssignment
from ocop.planning.reminders import send_report_reminders
from ocop.planning.workflow import ReportStatus


def test_it_is_scheduled_every_morning_by_crontask():
    entries = {job.name: job for job in scheduler.get_jobs()}
    trigger = str(entries[tasks.report_reminders.name].trigger)
    assert "hour='6'" in trigger and "minute='15'" in trigger


def _period_with_holders():
    """A demo period of a plan whose tasks are held by a commune with an officer (the 2026
    plan: Xã Đăk Kôi…; the 2024 plan's holders are the old communes, with nobody to tell)."""
    officers = RoleAssignment.objects.filter(role="commune_officer").values("unit_id")
    plans = TaskAssignment.objects.filter(commune_id__in=officers).values("plan_id")
    return ReportPeriod.objects.filter(plan_id__in=plans).select_related("plan").order_by("due_on").first()


@pytest.mark.django_db
def test_it_reminds_reporters_who_have_not_submitted_once_per_step(demo):
    period = _period_with_holders()
    PeriodicReport.objects.filter(period=period).delete()
    on = period.due_on - timedelta(days=1)
    with time_machine.travel(on, tick=False):
        job_pk = tasks.report_reminders.call()
        assert tasks.report_reminders.call() == job_pk  # fired twice: one job
        run_worker()
    job = Job.objects.get(pk=job_pk)
    assert job.state == "succeeded" and job.owner is None
    sent = Notification.objects.filter(event_key__startswith=f"report:{period.pk}:")
    assert {n.recipient.username for n in sent} >= {"xa.dakkoi", "xa.dakrve", "xa.konbraih"}
    assert all(n.title == f"Sắp đến hạn nộp báo cáo {period.label}" for n in sent)
    assert job.result["sent"] == {"due-in-1": sent.count()}
    # Run again the same day (by hand): nobody is told twice.
    assert sum(send_report_reminders(on=on).values()) == 0


@pytest.mark.django_db
def test_it_does_not_remind_a_reporter_whose_report_is_in(demo):
    period = _period_with_holders()
    PeriodicReport.objects.filter(period=period).delete()
    on = period.due_on + timedelta(days=2)
    for holder in {(a.agency_id, None if a.agency_id else a.commune_id) for a in TaskAssignment.objects.filter(plan_id=period.plan_id)}:
        PeriodicReport.objects.create(
            period=period, agency_id=holder[0], unit_id=holder[1], status=ReportStatus.SUBMITTED, submitted_on=period.due_on
        )
    send_report_reminders(on=on)
    assert not Notification.objects.filter(event_key__startswith=f"report:{period.pk}:").exists()
