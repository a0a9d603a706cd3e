"""Submitting jobs and putting interrupted ones back in the queue.

`job_submit` is what a view calls instead of doing long work in the request: it records the
job and queues its task in one transaction (the database backend keeps the queue in the
same database), so a job is never recorded without its task, nor a task without its job.
"""

from __future__ import annotations

import hashlib
import logging

from django.db import IntegrityError, transaction
from django.utils import timezone

from ocop.jobs.kinds import kind_for
from ocop.jobs.models import Job
from ocop.jobs.runner import stale_after

logger = logging.getLogger(__name__)

# A job interrupted this many times is given up (a job that kills its worker every time
# must not loop forever); its owner reads why.
MAX_ATTEMPTS = 3


def idempotency_key(*parts) -> str:
    """A key from what identifies a request (kind, owner, form token, file digest…),
    hashed so any length of input fits the column."""
    text = "\x1f".join(str(part) for part in parts)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _enqueue(job: Job) -> None:
    from ocop.jobs.tasks import run_job

    result = run_job.enqueue(job.pk)
    job.task_id = str(result.id)
    Job.objects.filter(pk=job.pk).update(task_id=job.task_id)


def job_submit(*, actor, kind: str, title: str, key: str, params: dict | None = None, back_url: str = "", result_url: str = "") -> Job:
    """Record a job and queue it, or return the job already recorded under `key` (the same
    form sent twice, the scheduler firing twice): the work is done once."""
    if kind_for(kind) is None:
        raise ValueError(f"Unknown job kind {kind!r}")
    existing = Job.objects.filter(idempotency_key=key).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            job = Job.objects.create(
                owner=actor if actor is not None and actor.is_authenticated else None,
                kind=kind,
                title=title[:255],
                params=params or {},
                idempotency_key=key,
                back_url=back_url,
                result_url=result_url,
            )
            _enqueue(job)
    except IntegrityError:
        # Two identical submissions at the same moment: the other one won.
        return Job.objects.get(idempotency_key=key)
    return job


def job_recover_stale(*, now=None) -> int:
    """Queue again the jobs whose worker stopped answering (no progress for
    OCOP_JOBS_STALE_SECONDS); give up after MAX_ATTEMPTS. Returns how many were queued."""
    from django_tasks_db.models import DBTaskResult

    now = now or timezone.now()
    requeued = 0
    stale = Job.objects.filter(state=Job.State.RUNNING, heartbeat_at__lt=now - stale_after())
    for job in stale.order_by("pk"):
        with transaction.atomic():
            job = Job.objects.select_for_update().get(pk=job.pk)
            if job.state != Job.State.RUNNING or job.heartbeat_at >= now - stale_after():
                continue
            if job.task_id:
                # The dead worker's claim: recorded as failed, so the queue tells the truth.
                DBTaskResult.objects.filter(id=job.task_id, status="RUNNING").update(
                    status="FAILED", finished_at=now, exception_class_path="ocop.jobs.WorkerLost",
                    traceback="The worker stopped while running this task; the job was queued again.",
                )
            if job.attempts >= MAX_ATTEMPTS:
                job.state = Job.State.FAILED
                job.finished_at = now
                job.errors = [
                    f"Việc bị gián đoạn {job.attempts} lần (máy chạy nền dừng giữa chừng) nên đã dừng hẳn."
                    + ("" if job.applied_at else " Không có thay đổi nào được ghi vào dữ liệu.")
                ]
                job.save(update_fields=["state", "finished_at", "errors"])
                continue
            job.state = Job.State.QUEUED
            job.stage = "Chờ chạy lại sau khi bị gián đoạn"
            job.save(update_fields=["state", "stage"])
            _enqueue(job)
            requeued += 1
            logger.warning("Job %s (%s) queued again after its worker stopped", job.pk, job.kind)
    return requeued


def job_submit_daily(*, kind: str, title: str, on) -> Job:
    """The day's run of a periodic job (reminders): one job per kind and day, however
    often the scheduler fires (two schedulers, a restart at the scheduled minute)."""
    return job_submit(
        actor=None, kind=kind, title=f"{title} ngày {on:%d/%m/%Y}", key=idempotency_key("daily", kind, on.isoformat()),
        params={"on": on.isoformat()},
    )
