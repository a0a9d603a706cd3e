"""Tasks of Django's task framework (run by `python manage.py db_worker`) and the schedule
of periodic work (`python manage.py crontask`, which loads every app's tasks.py)."""

from crontask import cron
from django.tasks import task

from ocop.jobs import runner, services


@task
def run_job(job_id: int) -> str:
    return runner.run(job_id)


@cron("* * * * *")
@task
def recover_stale_jobs() -> int:
    return services.job_recover_stale()
