"""Jobs on the real task backend (django-tasks-db) and its real worker, run in-process
(ocop.jobs.testing); tests/test_worker_process.py runs `manage.py db_worker` itself."""

import time
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from ocop.accounts.models import User
from ocop.jobs import runner, services
from ocop.jobs.kinds import JobKind, register_kind
from ocop.jobs.models import Job
from ocop.jobs.testing import run_worker

pytestmark = pytest.mark.django_db

SEEN_PROGRESS: list[tuple[int, int]] = []


def _count_job(job, ctx):
    """A job with a visible bar, a file and a database effect (groups named after it)."""
    total = job.params["rows"]
    for index in ctx.counted(range(total), total=total, stage="Đếm dòng"):
        if index == total // 2:
            # What another connection (the page that polls) reads half-way through.
            stored = Job.objects.get(pk=job.pk)
            SEEN_PROGRESS.append((stored.done, stored.total))
    ctx.apply(lambda: Group.objects.create(name=f"job-{job.pk}-{job.attempts}"))
    ctx.write_file("ket-qua.txt", lambda handle: handle.write(f"{total} dòng".encode()))
    ctx.set_result(message=f"Đã đếm {total} dòng.")


def _refuse_job(job, ctx):
    ctx.fail([{"row": 3, "column": "Số giấy chứng nhận", "message": "Trùng với dòng 2."}])


SEEN_BEATS: list[tuple] = []


def _slow_step_job(job, ctx):
    """One long step that reports no progress (a big query, a large upload)."""
    first = Job.objects.get(pk=job.pk).heartbeat_at
    time.sleep(2.5)
    SEEN_BEATS.append((first, Job.objects.get(pk=job.pk).heartbeat_at))


register_kind(JobKind("test-count", "Đếm thử", _count_job))
register_kind(JobKind("test-slow-step", "Bước dài thử", _slow_step_job))
register_kind(JobKind("test-refuse", "Từ chối thử", _refuse_job))


@pytest.fixture(autouse=True)
def _runner_writes_every_step(monkeypatch):
    monkeypatch.setattr(runner, "PROGRESS_EVERY", 0)
    SEEN_PROGRESS.clear()


@pytest.fixture
def owner():
    return User.objects.create_user("chu.viec", password="x")


@pytest.fixture
def stranger():
    return User.objects.create_user("nguoi.khac", password="x")


def _submit(owner, key="k1", rows=10, kind="test-count"):
    return services.job_submit(actor=owner, kind=kind, title="Đếm thử", key=key, params={"rows": rows})


def test_it_queues_a_task_on_the_database_backend_and_the_worker_runs_it_with_progress(owner):
    job = _submit(owner, rows=10)
    assert job.state == Job.State.QUEUED
    assert DBTaskResult.objects.filter(id=job.task_id, status="READY").exists()

    run_worker()

    job.refresh_from_db()
    assert job.state == Job.State.SUCCEEDED
    assert (job.done, job.total, job.percent) == (10, 10, 100)
    # Progress was in the database while the job ran, for the page to poll.
    assert SEEN_PROGRESS == [(5, 10)]
    assert DBTaskResult.objects.get(id=job.task_id).status == "SUCCESSFUL"
    assert job.result["message"] == "Đã đếm 10 dòng."
    assert job.result_file.read() == "10 dòng".encode()


def test_it_shows_a_polling_progress_bar_until_the_job_ends(client, owner):
    job = _submit(owner)
    client.force_login(owner)
    url = reverse("jobs:detail", args=[job.public_id])
    page = client.get(url).content.decode()
    assert 'hx-trigger="every 1s"' in page and "<progress" in page and "Đang chờ" in page

    run_worker()

    fragment = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert "hx-trigger" not in fragment  # finished: the page stops asking
    assert 'value="100"' in fragment and "Hoàn thành" in fragment
    assert reverse("jobs:download", args=[job.public_id]) in fragment


def test_it_gives_the_result_file_to_its_owner_only(client, owner, stranger):
    job = _submit(owner)
    run_worker()
    download = reverse("jobs:download", args=[job.public_id])
    detail = reverse("jobs:detail", args=[job.public_id])

    assert client.get(download).status_code == 302  # anonymous: to the login page
    client.force_login(stranger)
    assert client.get(download).status_code == 404
    assert client.get(detail).status_code == 404
    assert job.title not in client.get(reverse("jobs:list")).content.decode()

    client.force_login(owner)
    response = client.get(download)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == "10 dòng".encode()
    assert 'filename="ket-qua.txt"' in response["Content-Disposition"]


def test_it_keeps_results_in_the_private_store(owner, settings):
    job = _submit(owner)
    run_worker()
    job.refresh_from_db()
    from ocop.core.storage import private_root

    assert (private_root() / job.result_file.name).is_file()
    assert job.result_file.storage.url(job.result_file.name) == ""


def test_it_lists_errors_in_vietnamese_when_a_job_is_refused(client, owner):
    job = _submit(owner, kind="test-refuse")
    run_worker()
    job.refresh_from_db()
    assert job.state == Job.State.FAILED
    client.force_login(owner)
    page = client.get(reverse("jobs:detail", args=[job.public_id])).content.decode()
    assert "Dòng 3, cột “Số giấy chứng nhận”: Trùng với dòng 2." in page
    assert "Không thành công" in page
    assert client.get(reverse("jobs:download", args=[job.public_id])).status_code == 404


def test_it_does_the_work_once_when_the_same_request_is_sent_twice(owner):
    first = _submit(owner, key="same-form")
    second = _submit(owner, key="same-form")
    assert first.pk == second.pk
    assert DBTaskResult.objects.count() == 1
    run_worker()
    assert Group.objects.filter(name__startswith=f"job-{first.pk}-").count() == 1


def _crash_mid_job(job, monkeypatch, where):
    """What a worker killed mid-job leaves behind: its task claimed and "running", the job
    "running" with its last heartbeat, and the open transaction rolled back."""
    task = DBTaskResult.objects.get(id=job.task_id)
    task.claim("dead-worker")

    class Killed(BaseException):
        pass

    def die(*args, **kwargs):
        raise Killed

    monkeypatch.setattr(*where, die)
    with pytest.raises(Killed):
        runner.run(job.pk)
    monkeypatch.undo()
    Job.objects.filter(pk=job.pk).update(heartbeat_at=timezone.now() - timedelta(minutes=10))


def test_it_retries_a_job_whose_worker_died_before_the_effect_and_applies_it_once(owner, monkeypatch):
    job = _submit(owner)
    # Killed inside the effect's transaction: nothing of it is kept.
    _crash_mid_job(job, monkeypatch, (Group.objects, "create"))
    assert not Group.objects.filter(name__startswith=f"job-{job.pk}-").exists()
    job.refresh_from_db()
    assert job.state == Job.State.RUNNING and job.applied_at is None

    first_task = job.task_id
    assert services.job_recover_stale() == 1
    assert DBTaskResult.objects.get(id=first_task).status == "FAILED"
    run_worker()

    job.refresh_from_db()
    assert job.state == Job.State.SUCCEEDED and job.attempts == 2
    assert list(Group.objects.filter(name__startswith=f"job-{job.pk}-").values_list("name", flat=True)) == [
        f"job-{job.pk}-2"
    ]


def test_it_does_not_apply_twice_when_the_worker_died_after_the_effect(owner, monkeypatch):
    job = _submit(owner)
    # Killed after the effect was committed, before the job was marked finished.
    _crash_mid_job(job, monkeypatch, (runner, "_finish"))
    assert Group.objects.filter(name=f"job-{job.pk}-1").exists()

    services.job_recover_stale()
    run_worker()

    job.refresh_from_db()
    assert job.state == Job.State.SUCCEEDED and job.attempts == 2
    assert Group.objects.filter(name__startswith=f"job-{job.pk}-").count() == 1


def test_it_leaves_a_job_alone_while_its_worker_still_reports_progress(owner):
    job = _submit(owner)
    Job.objects.filter(pk=job.pk).update(state=Job.State.RUNNING, heartbeat_at=timezone.now())
    assert services.job_recover_stale() == 0


def test_it_gives_up_after_repeated_crashes_and_says_why(owner):
    job = _submit(owner)
    Job.objects.filter(pk=job.pk).update(
        state=Job.State.RUNNING, attempts=services.MAX_ATTEMPTS, heartbeat_at=timezone.now() - timedelta(hours=1)
    )
    services.job_recover_stale()
    job.refresh_from_db()
    assert job.state == Job.State.FAILED
    assert "bị gián đoạn 3 lần" in job.errors[0] and "Không có thay đổi nào" in job.errors[0]


@pytest.mark.django_db(transaction=True)
def test_a_long_step_without_progress_keeps_the_heartbeat_so_the_job_is_not_run_twice(owner, settings):
    # Stale after 4 s: the heartbeat thread beats every second while the step runs.
    settings.OCOP_JOBS_STALE_SECONDS = 4
    SEEN_BEATS.clear()
    job = _submit(owner, kind="test-slow-step")
    assert runner.run(job.pk) == Job.State.SUCCEEDED
    first, later = SEEN_BEATS[0]
    assert later > first
    job.refresh_from_db()
    assert job.attempts == 1
