"""Workflows of task assignments and periodic reports, on the one mechanism of
`ocop.core.workflow`.

Each table is a tuple of core `Transition` rows: the action, the states it may start from,
the state it leads to, the `rules` permission that guards it and whether a reason is
required. `transition_apply` is the only code that moves an assignment or a report; it writes
a `TaskEvent` / `ReportEvent` for each move, shown by the core history widget. The states
live in `ocop.planning.states` (imported by the models) and are re-exported here.
"""

from __future__ import annotations

from ocop.core import workflow as core
from ocop.planning.models import PeriodicReport, ReportEvent, TaskAssignment, TaskEvent
from ocop.planning.states import REPORT_EDITABLE, ReportStatus, TaskStatus

__all__ = [
    "REPORT_EDITABLE", "REPORT_TABLE", "REPORT_WORKFLOW", "ReportStatus", "TASK_TABLE",
    "TASK_WORKFLOW", "TaskStatus", "progress_action",
]

# A progress update moves an assignment: the service picks "bat_dau", "cap_nhat" or
# "hoan_thanh" from the percentage reported; only the plan's managers reopen finished work.
TASK_TABLE = (
    core.Transition(
        "bat_dau", "Bắt đầu thực hiện", {TaskStatus.NOT_STARTED}, TaskStatus.IN_PROGRESS,
        permission="planning.update_assignment",
    ),
    core.Transition(
        "cap_nhat", "Cập nhật tiến độ", {TaskStatus.IN_PROGRESS}, TaskStatus.IN_PROGRESS,
        permission="planning.update_assignment",
    ),
    core.Transition(
        "hoan_thanh", "Hoàn thành", {TaskStatus.NOT_STARTED, TaskStatus.IN_PROGRESS}, TaskStatus.DONE,
        permission="planning.update_assignment", style="success",
    ),
    core.Transition(
        "mo_lai", "Mở lại nhiệm vụ", {TaskStatus.DONE}, TaskStatus.IN_PROGRESS,
        permission="planning.manage_assignment", comment_required=True, style="warning",
    ),
)

REPORT_TABLE = (
    core.Transition(
        "nop", "Nộp báo cáo", {ReportStatus.DRAFT, ReportStatus.RETURNED}, ReportStatus.SUBMITTED,
        permission="planning.submit_report", style="success",
    ),
    core.Transition(
        "tra_lai", "Trả lại để bổ sung", {ReportStatus.SUBMITTED}, ReportStatus.RETURNED,
        permission="planning.review_report", comment_required=True, style="warning",
    ),
)


def progress_action(status: str, progress: int) -> str:
    """The transition a progress update of `progress` % applies from `status`."""
    if progress >= 100:
        return "hoan_thanh"
    if status == TaskStatus.NOT_STARTED:
        return "bat_dau"
    return "cap_nhat"


# -- effects: what a move changes besides the state (saved with it, in one audited save) ------


def _progress_reported(assignment: TaskAssignment, actor, payload: dict) -> dict:
    reported_on = payload["reported_on"]
    assignment.progress = payload["progress"]
    assignment.last_reported_on = max(reported_on, assignment.last_reported_on or reported_on)
    return {"progress": assignment.progress}


def _completed(assignment: TaskAssignment, actor, payload: dict) -> dict:
    data = _progress_reported(assignment, actor, payload)
    assignment.completed_on = payload["reported_on"]
    return data


def _reopened(assignment: TaskAssignment, actor, payload: dict) -> None:
    assignment.completed_on = None


def _submitted(report: PeriodicReport, actor, payload: dict) -> None:
    # The first submission date stays: a report returned and sent again keeps the date it
    # was first sent (as DHIS2 keeps the completion date).
    if report.submitted_on is None:
        report.submitted_on = payload["submitted_on"]
    report.submitted_by = actor


TASK_WORKFLOW = core.register(
    core.Workflow(
        name=TaskEvent.WORKFLOW,
        model=TaskAssignment,
        event_model=TaskEvent,
        subject_field="assignment",
        states=TaskStatus,
        transitions=TASK_TABLE,
        effects={
            "bat_dau": _progress_reported,
            "cap_nhat": _progress_reported,
            "hoan_thanh": _completed,
            "mo_lai": _reopened,
        },
        action_labels={"giao": "Giao nhiệm vụ"},
        lock_related=("task", "plan"),
    )
)

REPORT_WORKFLOW = core.register(
    core.Workflow(
        name=ReportEvent.WORKFLOW,
        model=PeriodicReport,
        event_model=ReportEvent,
        subject_field="report",
        states=ReportStatus,
        transitions=REPORT_TABLE,
        effects={"nop": _submitted},
        action_labels={"tong_hop": "Tổng hợp báo cáo"},
        lock_related=("period", "period__plan"),
    )
)
