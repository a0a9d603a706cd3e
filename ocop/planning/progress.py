"""What an assignment's status looks like today: overdue flags, due dates of recurring tasks.

"Quá hạn" is computed, never stored: a one-off task is overdue when its deadline has passed
and it is not finished; a recurring one (e.g. "định kỳ báo cáo" every quarter) also when one
of its due dates passed with no progress update in that period. One query loads the update
dates of any number of assignments.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from ocop.planning import recurrence
from ocop.planning.models import ProgressUpdate, TaskAssignment
from ocop.planning.workflow import TaskStatus

OVERDUE = "qua_han"
DISPLAY_LABELS = {
    TaskStatus.NOT_STARTED: "Chưa bắt đầu",
    TaskStatus.IN_PROGRESS: "Đang thực hiện",
    TaskStatus.DONE: "Hoàn thành",
    OVERDUE: "Quá hạn",
}
DISPLAY_COLOURS = {
    TaskStatus.NOT_STARTED: "secondary",
    TaskStatus.IN_PROGRESS: "primary",
    TaskStatus.DONE: "success",
    OVERDUE: "danger",
}


@dataclass
class AssignmentState:
    status: str  # TaskStatus value or OVERDUE
    overdue: bool
    late_completion: bool
    next_due: date | None
    occurrences: list[recurrence.OccurrenceState] = field(default_factory=list)

    @property
    def label(self) -> str:
        label = DISPLAY_LABELS[self.status]
        return f"{label} (muộn)" if self.late_completion else label

    @property
    def colour(self) -> str:
        return DISPLAY_COLOURS[self.status]

    @property
    def missed(self) -> int:
        return sum(1 for state in self.occurrences if state.missed)


def assignment_state(assignment: TaskAssignment, update_dates: Iterable[date], today: date) -> AssignmentState:
    task = assignment.task
    plan = assignment.plan
    year = plan.year
    dates = list(update_dates)
    occurrences: list[recurrence.OccurrenceState] = []
    if task.recurrence:
        occurrences = recurrence.occurrence_states(
            task.recurrence, year, dates, today, due_after_days=task.recurrence_due_days, not_before=plan.issued_on
        )
    done = assignment.status == TaskStatus.DONE
    missed = any(state.missed for state in occurrences)
    overdue = not done and (task.deadline < today or missed)
    late_completion = done and assignment.completed_on is not None and assignment.completed_on > task.deadline
    upcoming = [state.occurrence.due_on for state in occurrences if not state.met and state.occurrence.due_on >= today]
    next_due = min(upcoming) if upcoming else (task.deadline if not done and task.deadline >= today else None)
    return AssignmentState(
        status=OVERDUE if overdue else assignment.status,
        overdue=overdue,
        late_completion=late_completion,
        next_due=next_due,
        occurrences=occurrences,
    )


def update_dates_for(assignment_ids: Iterable[int]) -> dict[int, list[date]]:
    dates: dict[int, list[date]] = defaultdict(list)
    ids = list(assignment_ids)
    if not ids:
        return {}
    for assignment_id, reported_on in ProgressUpdate.objects.filter(assignment_id__in=ids).values_list(
        "assignment_id", "reported_on"
    ):
        dates[assignment_id].append(reported_on)
    return dates


def states_for(assignments: list[TaskAssignment], today: date) -> dict[int, AssignmentState]:
    """State of each assignment (which must carry task and plan) — one query in all."""
    dates = update_dates_for(a.pk for a in assignments)
    return {a.pk: assignment_state(a, dates.get(a.pk, []), today) for a in assignments}
