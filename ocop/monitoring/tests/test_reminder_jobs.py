"""The daily reminders run as jobs queued by crontask."""

import pytest
import time_machine
from crontask import scheduler

from ocop.certificates.models import Certificate
from ocop.evaluation import tasks as evaluation_tasks
from ocop.jobs import tasks as job_tasks
from ocop.jobs.models import Job
from ocop.jobs.testing import run_worker
from ocop.monitoring import tasks
from ocop.notifications.models import Notification


def test_the_scheduler_queues_reminders_every_morning_and_recovery_every_minute():
    entries = {job.name: str(job.trigger) for job in scheduler.get_jobs()}
    assert "hour='6'" in entries[tasks.certificate_reminders.name] and "minute='0'" in entries[tasks.certificate_reminders.name]
    assert "hour='6'" in entries[evaluation_tasks.dossier_deadlines.name]
    assert "minute='*'" in entries[job_tasks.recover_stale_jobs.name]


@pytest.mark.django_db
def test_the_days_certificate_reminders_run_once_as_a_system_job(demo):
    from datetime import timedelta

    honey = Certificate.objects.get(product__name="Mật ong hoa cà phê Đắk Pne")
    on = honey.expires_on - timedelta(days=30)
    before = Notification.objects.count()
    with time_machine.travel(on, tick=False):
        first = tasks.certificate_reminders.call()
        assert tasks.certificate_reminders.call() == first
        run_worker()
    job = Job.objects.get(pk=first)
    assert job.state == "succeeded" and job.owner is None
    assert job.result["sent"].get("expires-in-30", 0) >= 1
    sent = Notification.objects.count()
    assert sent > before
    # Asked again that day (a second scheduler, a restart): the same job, nothing sent again.
    with time_machine.travel(on, tick=False):
        assert tasks.certificate_reminders.call() == first
        run_worker()
    assert Notification.objects.count() == sent
