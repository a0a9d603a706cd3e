"""States of task assignments and periodic reports (the moves between them are in
`ocop.planning.workflow`). "Quá hạn" (overdue) is not a state: it is computed from the
deadline or the recurrence rule and the progress updates (see `ocop.planning.progress`), so it
can never be forgotten or left stale."""

from __future__ import annotations

from django.db import models


class TaskStatus(models.TextChoices):
    NOT_STARTED = "chua_bat_dau", "Chưa bắt đầu"
    IN_PROGRESS = "dang_thuc_hien", "Đang thực hiện"
    DONE = "hoan_thanh", "Hoàn thành"


class ReportStatus(models.TextChoices):
    DRAFT = "nhap", "Đang soạn"
    SUBMITTED = "da_nop", "Đã nộp"
    RETURNED = "tra_lai", "Trả lại để bổ sung"


# A report may be edited while drafted or returned; once submitted it is read-only.
REPORT_EDITABLE = frozenset({ReportStatus.DRAFT, ReportStatus.RETURNED})
