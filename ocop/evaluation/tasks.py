"""Daily reminder about dossiers whose commune check is overdue (QĐ 26/2026/QĐ-TTg Điều 7.2:
15 working days), queued by the scheduler (`python manage.py crontask`) and run by the
worker; the command `ocop_dossier_deadlines` does the same by hand. See docs/jobs.md."""

from crontask import cron
from django.tasks import task
from django.utils import timezone

from ocop.jobs.services import job_submit_daily

DOSSIER_DEADLINES = "dossier-deadlines"


@cron("30 6 * * *")
@task
def dossier_deadlines() -> int:
    return job_submit_daily(kind=DOSSIER_DEADLINES, title="Nhắc hồ sơ quá hạn kiểm tra", on=timezone.localdate()).pk


def run_dossier_deadlines(job, ctx) -> None:
    from datetime import date

    from ocop.evaluation.services import overdue_reminders_send

    ctx.stage("Gửi nhắc hồ sơ quá hạn kiểm tra")
    sent = overdue_reminders_send(today=date.fromisoformat(job.params["on"]))
    ctx.set_result(sent=sent, message=f"Đã gửi {sent} thông báo hồ sơ quá hạn.")
