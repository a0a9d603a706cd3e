"""Running a job inside the task worker: progress, the effect applied once, the result.

One task (`ocop.jobs.tasks.run_job`) runs every kind of job. A worker that dies mid-job
(killed, machine restarted) leaves its job "running" with an old heartbeat;
`jobs_recover_stale` (every minute, scheduled by crontask) queues it again. What makes the
retry safe is `JobContext.apply`: the job's effect and the job's `applied_at` are written in
one transaction with the job row locked, so an effect is either wholly there, and marked,
or wholly absent — a retry finds the mark and skips the write.
"""

from __future__ import annotations

import logging
import tempfile
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import connections, transaction
from django.utils import timezone

from ocop.core.storage import random_name
from ocop.jobs.kinds import kind_for
from ocop.jobs.models import Job

logger = logging.getLogger(__name__)

# Progress is written at most this often (seconds), plus at the end of each stage: a page
# polls once a second, and a 40,000-row export must not write 40,000 times.
PROGRESS_EVERY = 0.5

UNEXPECTED = (
    "Hệ thống gặp lỗi khi chạy việc này và đã ghi nhật ký để cán bộ kỹ thuật xử lý. "
    "Không có thay đổi nào được ghi vào dữ liệu."
)


class JobFailed(Exception):
    """The job cannot do what was asked; `errors` (Vietnamese) are shown to its owner."""

    def __init__(self, errors: list):
        super().__init__(errors)
        self.errors = errors


def stale_after() -> timedelta:
    return timedelta(seconds=getattr(settings, "OCOP_JOBS_STALE_SECONDS", 300))


class JobContext:
    def __init__(self, job: Job):
        self.job = job
        self._written = 0.0

    # -- progress --------------------------------------------------------------------------

    def progress(self, done: int, total: int | None = None, *, stage: str | None = None, force: bool = False) -> None:
        job = self.job
        job.done = done
        if total is not None:
            job.total = total
        if stage is not None:
            job.stage = stage
        now = time.monotonic()
        if not force and now - self._written < PROGRESS_EVERY and done != job.total:
            return
        self._written = now
        job.heartbeat_at = timezone.now()
        Job.objects.filter(pk=job.pk).update(
            done=job.done, total=job.total, stage=job.stage, heartbeat_at=job.heartbeat_at
        )

    def stage(self, text: str, total: int = 0) -> None:
        """A new step: the bar restarts at 0 of `total` (0 = a step without a count)."""
        self.progress(0, total, stage=text, force=True)

    def counted(self, items: Iterable, *, total: int, stage: str) -> Iterator:
        """`items` as they come, counting them on the bar."""
        self.stage(stage, total)
        done = 0
        for item in items:
            yield item
            done += 1
            self.progress(done)
        self.progress(done, force=True)

    # -- the effect, once -----------------------------------------------------------------

    def apply(self, effect: Callable[[], object]) -> bool:
        """Run `effect` (database writes) with the job's mark, in one transaction; False,
        and nothing run, when an earlier attempt already applied it."""
        with transaction.atomic():
            locked = Job.objects.select_for_update().get(pk=self.job.pk)
            if locked.applied_at is not None:
                self.job.applied_at = locked.applied_at
                return False
            effect()
            self.job.applied_at = timezone.now()
            Job.objects.filter(pk=self.job.pk).update(applied_at=self.job.applied_at)
        return True

    # -- results ----------------------------------------------------------------------------

    def write_file(self, filename: str, write: Callable[[object], None]) -> None:
        """`write(binary_file)` produces the result (on a temporary file, so any length
        stays out of memory); it is then stored in the private store."""
        with tempfile.TemporaryFile(suffix=Path(filename).suffix) as handle:
            write(handle)
            handle.seek(0)
            self.save_file(filename, handle)

    def save_file(self, filename: str, content) -> None:
        job = self.job
        old = job.result_file.name if job.result_file else ""
        job.result_file.save(random_name(f"jobs/{job.created_at:%Y/%m}", filename), File(content), save=False)
        job.result_name = filename
        Job.objects.filter(pk=job.pk).update(result_file=job.result_file.name, result_name=filename)
        if old and old != job.result_file.name:
            # An earlier attempt's file: replaced, not kept beside.
            job.result_file.storage.delete(old)

    def set_result_url(self, url: str) -> None:
        """The page that shows what the job made (an import's preview); the job page sends
        its owner there once the job has succeeded."""
        self.job.result_url = url
        Job.objects.filter(pk=self.job.pk).update(result_url=url)

    def set_result(self, **values) -> None:
        self.job.result.update(values)
        Job.objects.filter(pk=self.job.pk).update(result=self.job.result)

    def fail(self, errors: list) -> None:
        raise JobFailed(errors)


def _finish(job: Job, state: str, errors: list | None = None) -> None:
    job.state = state
    job.finished_at = timezone.now()
    job.heartbeat_at = job.finished_at
    if errors is not None:
        job.errors = errors
    fields = ["state", "finished_at", "heartbeat_at", "errors"]
    if state == Job.State.SUCCEEDED and job.total:
        job.done = job.total
        fields.append("done")
    job.save(update_fields=fields)


class Heartbeat:
    """Keeps a running job's heartbeat fresh from a thread of its own, whatever the work is
    doing (one long query, a large file sent to the object store): an old heartbeat must mean
    "the worker is gone", never "this step is slow" — otherwise `jobs_recover_stale` would
    start a second run beside a live one."""

    def __init__(self, job_id: int):
        self.job_id = job_id
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self._beat, name=f"job-{job_id}-heartbeat", daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc_info):
        self.stopped.set()
        self.thread.join(10)

    def _beat(self) -> None:
        every = max(1.0, stale_after().total_seconds() / 4)
        try:
            while not self.stopped.wait(every):
                Job.objects.filter(pk=self.job_id, state=Job.State.RUNNING).update(heartbeat_at=timezone.now())
        except Exception:  # noqa: BLE001 - a missed beat only risks a needless retry, which apply() makes safe
            logger.exception("Heartbeat of job %s stopped", self.job_id)
        finally:
            connections.close_all()  # this thread's own connections only


def run(job_id: int) -> str:
    """Run one job to its end (the body of the `run_job` task). A job that is already
    finished — a duplicate task, or a retry that raced the original — is left alone."""
    with transaction.atomic():
        job = Job.objects.select_for_update().filter(pk=job_id).first()
        if job is None or job.is_finished:
            return "skipped"
        job.state = Job.State.RUNNING
        job.attempts += 1
        job.started_at = job.heartbeat_at = timezone.now()
        job.errors = []
        job.save(update_fields=["state", "attempts", "started_at", "heartbeat_at", "errors"])
    kind = kind_for(job.kind)
    ctx = JobContext(job)
    try:
        if kind is None:
            raise JobFailed([f"Không có loại việc “{job.kind}” trong phiên bản đang chạy."])
        with Heartbeat(job.pk):
            kind.run(job, ctx)
    except JobFailed as exc:
        _finish(job, Job.State.FAILED, exc.errors)
    except ValidationError as exc:
        _finish(job, Job.State.FAILED, exc.messages)
    except Exception:
        logger.exception("Job %s (%s) failed", job.pk, job.kind)
        _finish(job, Job.State.FAILED, [UNEXPECTED] if job.applied_at is None else [UNEXPECTED.split(". ")[0] + "."])
        raise
    else:
        _finish(job, Job.State.SUCCEEDED)
    return job.state
