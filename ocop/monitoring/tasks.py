"""Daily reminders about certificates and compliance documents, queued by the scheduler
(`python manage.py crontask`) and run by the worker (`python manage.py db_worker`); the
command `ocop_certificate_reminders` does the same by hand. See docs/jobs.md."""

from crontask import cron
from django.tasks import task
from django.utils import timezone

from ocop.jobs.services import job_submit_daily

CERTIFICATE_REMINDERS = "certificate-reminders"


@cron("0 6 * * *")
@task
def certificate_reminders() -> int:
    return job_submit_daily(
        kind=CERTIFICATE_REMINDERS, title="Nhắc hạn giấy chứng nhận và giấy tờ tuân thủ", on=timezone.localdate()
    ).pk


def run_certificate_reminders(job, ctx) -> None:
    from datetime import date

    from ocop.certificates.reminders import send_certificate_reminders
    from ocop.monitoring.reminders import send_compliance_reminders

    on = date.fromisoformat(job.params["on"])
    ctx.stage("Gửi nhắc hạn giấy chứng nhận")
    sent = send_certificate_reminders(on=on)
    ctx.stage("Gửi nhắc hạn giấy tờ tuân thủ")
    sent += send_compliance_reminders(on=on)
    ctx.set_result(sent=dict(sent), message=f"Đã gửi {sum(sent.values())} thông báo nhắc hạn.")
