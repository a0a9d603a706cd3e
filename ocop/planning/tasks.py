"""Periodic work of the planning app, queued by the scheduler (`python manage.py crontask`)
and run by the worker (`python manage.py db_worker`); see docs/jobs.md.

(Not to be confused with the plans' tasks — nhiệm vụ — in models.py and task_views.py:
crontask looks for a module of this name in every app.)"""

from crontask import cron
from django.tasks import task
from django.utils import timezone

from ocop.jobs.services import job_submit_daily

REPORT_REMINDERS = "report-reminders"


@cron("15 6 * * *")
@task
def report_reminders() -> int:
    return job_submit_daily(kind=REPORT_REMINDERS, title="Nhắc hạn báo cáo định kỳ", on=timezone.localdate()).pk


def run_report_reminders(job, ctx) -> None:
    from datetime import date

    from ocop.planning.reminders import send_report_reminders

    ctx.stage("Gửi nhắc hạn báo cáo định kỳ")
    sent = send_report_reminders(on=date.fromisoformat(job.params["on"]))
    ctx.set_result(sent=dict(sent), message=f"Đã gửi {sum(sent.values())} thông báo nhắc hạn báo cáo.")
