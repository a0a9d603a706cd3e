"""The open-data files, made every night by a job (`python manage.py crontask` queues it,
`python manage.py db_worker` runs it); see ocop/catalogue/opendata.py and docs/jobs.md."""

from crontask import cron
from django.tasks import task

from ocop.catalogue import opendata


@cron("0 2 * * *")
@task
def open_data_files() -> int:
    return opendata.request_files().pk
