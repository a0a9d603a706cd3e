"""Workflow tables of task assignments and periodic reports (explicit, as django-oscar does).

Each table maps an action to the states it may start from, the state it leads to, the
`rules` permission that guards it and whether a comment is required. Services apply a
transition only through these tables and write an event row for each (TaskEvent,
ReportEvent). "Quá hạn" (overdue) is not a state: it is computed from the deadline or the
recurrence rule and the progress updates (see `ocop.planning.progress`), so it can never be
forgotten or left stale.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models


class TaskStatus(models.TextChoices):
    NOT_STARTED = "chua_bat_dau", "Chưa bắt đầu"
    IN_PROGRESS = "dang_thuc_hien", "Đang thực hiện"
    DONE = "hoan_thanh", "Hoàn thành"


class ReportStatus(models.TextChoices):
    DRAFT = "nhap", "Đang soạn"
    SUBMITTED = "da_nop", "Đã nộp"
    RETURNED = "tra_lai", "Trả lại để bổ sung"


@dataclass(frozen=True)
class Transition:
    action: str
    label: str
    sources: frozenset[str]
    target: str
    permission: str
    comment_required: bool = False
    style: str = "primary"

    def allows_from(self, status: str) -> bool:
        return status in self.sources


def _table(*transitions: Transition) -> dict[str, Transition]:
    return {transition.action: transition for transition in transitions}


# A progress update moves an assignment: the service picks "bat_dau", "cap_nhat" or
# "hoan_thanh" from the percentage reported; only the plan's managers reopen finished work.
TASK_TRANSITIONS = _table(
    Transition(
        "bat_dau", "Bắt đầu thực hiện", frozenset({TaskStatus.NOT_STARTED}),
        TaskStatus.IN_PROGRESS, "planning.update_assignment",
    ),
    Transition(
        "cap_nhat", "Cập nhật tiến độ", frozenset({TaskStatus.IN_PROGRESS}),
        TaskStatus.IN_PROGRESS, "planning.update_assignment",
    ),
    Transition(
        "hoan_thanh", "Hoàn thành", frozenset({TaskStatus.NOT_STARTED, TaskStatus.IN_PROGRESS}),
        TaskStatus.DONE, "planning.update_assignment", style="success",
    ),
    Transition(
        "mo_lai", "Mở lại nhiệm vụ", frozenset({TaskStatus.DONE}),
        TaskStatus.IN_PROGRESS, "planning.manage_assignment", comment_required=True, style="warning",
    ),
)

REPORT_TRANSITIONS = _table(
    Transition(
        "nop", "Nộp báo cáo", frozenset({ReportStatus.DRAFT, ReportStatus.RETURNED}),
        ReportStatus.SUBMITTED, "planning.submit_report", style="success",
    ),
    Transition(
        "tra_lai", "Trả lại để bổ sung", frozenset({ReportStatus.SUBMITTED}),
        ReportStatus.RETURNED, "planning.review_report", comment_required=True, style="warning",
    ),
)

REPORT_EDITABLE = frozenset({ReportStatus.DRAFT, ReportStatus.RETURNED})


def progress_action(status: str, progress: int) -> str:
    """The transition a progress update of `progress` % applies from `status`."""
    if progress >= 100:
        return "hoan_thanh"
    if status == TaskStatus.NOT_STARTED:
        return "bat_dau"
    return "cap_nhat"
