"""A long piece of work run by the task worker, as its owner sees it.

Django's task framework (`django.tasks`, backend `django_tasks_db`) stores *how* to run a
task; a `Job` stores *what the person asked for and what came of it*: progress, the result
file (in the private store, downloadable by the owner only), the errors in Vietnamese, and
the idempotency key that makes a re-submitted or retried job take effect once.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.files.storage import storages
from django.db import models


def result_storage():
    """Results are private: they go to the `private` store of STORAGES (local disk by
    default, object storage when a deployment configures it) and leave it only through
    the owner-checked download view."""
    return storages["private"]


class Job(models.Model):
    class State(models.TextChoices):
        QUEUED = "queued", "Đang chờ"
        RUNNING = "running", "Đang chạy"
        SUCCEEDED = "succeeded", "Hoàn thành"
        FAILED = "failed", "Không thành công"

    FINISHED = (State.SUCCEEDED, State.FAILED)

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người yêu cầu",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="jobs",
        help_text="Trống với việc định kỳ của hệ thống.",
    )
    kind = models.CharField("loại việc", max_length=60)
    title = models.CharField("tên việc", max_length=255)
    params = models.JSONField("tham số", default=dict, blank=True)
    # One job per key: submitting the same form twice, or the scheduler firing twice on a
    # day, finds the first job instead of starting a second one.
    idempotency_key = models.CharField("khóa chống trùng", max_length=200, unique=True)
    state = models.CharField("trạng thái", max_length=10, choices=State.choices, default=State.QUEUED)
    stage = models.CharField("bước", max_length=200, blank=True)
    done = models.PositiveIntegerField("đã xong", default=0)
    total = models.PositiveIntegerField("tổng số", default=0)
    result = models.JSONField("kết quả", default=dict, blank=True)
    errors = models.JSONField("lỗi", default=list, blank=True)
    result_file = models.FileField("tệp kết quả", storage=result_storage, upload_to="jobs/", blank=True)
    result_name = models.CharField("tên tệp kết quả", max_length=255, blank=True)
    result_url = models.CharField("trang kết quả", max_length=500, blank=True)
    back_url = models.CharField("trang gốc", max_length=500, blank=True)
    attempts = models.PositiveSmallIntegerField("số lần chạy", default=0)
    task_id = models.CharField("mã tác vụ", max_length=64, blank=True)
    # Set in the same transaction as the job's effect (ocop.jobs.runner.JobContext.apply):
    # a retry after a crash finds it and does not apply the effect again.
    applied_at = models.DateTimeField("đã ghi kết quả lúc", null=True, blank=True)
    created_at = models.DateTimeField("tạo lúc", auto_now_add=True, db_index=True)
    started_at = models.DateTimeField("bắt đầu lúc", null=True, blank=True)
    heartbeat_at = models.DateTimeField("cập nhật lúc", null=True, blank=True)
    finished_at = models.DateTimeField("xong lúc", null=True, blank=True)

    class Meta:
        verbose_name = "việc chạy nền"
        verbose_name_plural = "việc chạy nền"
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["owner", "-created_at"]), models.Index(fields=["state", "heartbeat_at"])]

    def __str__(self) -> str:
        return self.title

    @property
    def is_finished(self) -> bool:
        return self.state in self.FINISHED

    @property
    def percent(self) -> int:
        if self.state == self.State.SUCCEEDED:
            return 100
        if not self.total:
            return 0
        return min(100, self.done * 100 // self.total)
