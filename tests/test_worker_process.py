"""The task worker as deployed: `python manage.py db_worker` in its own process, against the
test database (PostgreSQL: a separate process cannot see SQLite's in-memory test database)."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection
from openpyxl import load_workbook

from ocop.catalogue import opendata, serializers
from ocop.jobs.models import Job

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.django_db(transaction=True)
def test_the_db_worker_command_runs_a_queued_job_to_its_end(settings):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (DATABASE_URL): the worker process shares the test database")
    job = opendata.request_files()
    assert job.state == Job.State.QUEUED
    db = connection.settings_dict
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}",
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "DATABASE_POOL": "0",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "db_worker", "--batch", "--no-reload", "--no-startup-delay", "--interval", "0"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 0, result.stderr
    job.refresh_from_db()
    assert job.state == Job.State.SUCCEEDED and job.attempts == 1, job.errors
    assert job.total == job.done
    from django.core.files.storage import storages

    with storages["private"].open(job.result["files"]["products.xlsx"], "rb") as handle:
        sheet = load_workbook(handle).worksheets[0]
        assert [c.value for c in next(sheet.iter_rows())] == [header for _key, header in serializers.PRODUCT_COLUMNS]
