"""Reads of plans, assignments and reports, filtered by who is asking.

* Managers (provincial office; a district office for its former district) read every plan
  issued by a unit they cover, with all its assignments and reports.
* Agency staff and commune officers read the plans in which they hold an assignment, and
  only their own assignments and reports (another agency's task is a 404).
Lists never query per row: the overdue state of a page of assignments costs one query.
"""

from __future__ import annotations

from datetime import date

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from ocop.accounts.scopes import covered_unit_ids, user_scope
from ocop.core.records import scoped_get
from ocop.core.requests import to_int
from ocop.planning import progress as progress_states
from ocop.planning.models import (
    PeriodicReport,
    Plan,
    ProgressUpdate,
    ReportPeriod,
    Responsibility,
    Target,
    Task,
    TaskAssignment,
)
from ocop.planning.reporting import Completeness, PeriodInfo, ReporterInfo, completeness
from ocop.planning.rules import manager_unit_ids
from ocop.planning.workflow import ReportStatus


def _holder_q(scope, agency_field: str, commune_field: str) -> Q:
    condition = Q(pk__in=[])
    if scope.agency_ids:
        condition |= Q(**{f"{agency_field}__in": list(scope.agency_ids)})
    if scope.commune_ids:
        condition |= Q(**{f"{commune_field}__in": covered_unit_ids(scope.commune_ids)})
    return condition


def _managed_q(scope, unit_field: str) -> Q:
    units = manager_unit_ids(scope)
    if not units:
        return Q(pk__in=[])
    return Q(**{f"{unit_field}__in": covered_unit_ids(units)})


# -- plans -------------------------------------------------------------------------------------


def plan_visible_queryset(*, actor) -> QuerySet[Plan]:
    scope = user_scope(actor)
    if scope.is_admin:
        return Plan.objects.all()
    held = TaskAssignment.objects.filter(_holder_q(scope, "agency_id", "commune_id")).values("plan_id")
    return Plan.objects.filter(_managed_q(scope, "issuing_unit") | Q(pk__in=held))


def plan_managed_queryset(*, actor) -> QuerySet[Plan]:
    scope = user_scope(actor)
    if scope.is_admin:
        return Plan.objects.all()
    return Plan.objects.filter(_managed_q(scope, "issuing_unit"))


def plan_list(*, actor, year: int | None = None) -> QuerySet[Plan]:
    queryset = plan_visible_queryset(actor=actor).select_related("issuing_unit", "lead_agency")
    if year:
        queryset = queryset.filter(year=year)
    return queryset.annotate(
        target_count=Count("targets", distinct=True), assignment_count=Count("assignments", distinct=True)
    ).order_by("-year", "issuer_name", "id")


def plan_years(*, actor) -> list[int]:
    return sorted(set(plan_visible_queryset(actor=actor).values_list("year", flat=True)), reverse=True)


def plan_get(*, actor, pk: int) -> Plan | None:
    return scoped_get(plan_visible_queryset(actor=actor), pk, "issuing_unit", "issuing_unit__parent", "lead_agency")


def plan_sections(plan: Plan):
    """Bases, solutions, targets and responsibilities (with their tasks and holders), for the
    plan page and the document: a fixed number of queries."""
    bases = list(plan.bases.all())
    solutions = list(plan.solutions.all())
    targets = list(plan.targets.all())
    responsibilities = list(
        Responsibility.objects.filter(plan=plan)
        .prefetch_related(
            "agencies",
            Prefetch(
                "tasks",
                queryset=Task.objects.order_by("position", "id").prefetch_related(
                    Prefetch(
                        "assignments",
                        queryset=TaskAssignment.objects.select_related("agency", "commune").order_by("role", "id"),
                    )
                ),
            ),
        )
        .order_by("position", "id")
    )
    return bases, solutions, targets, responsibilities


def target_get(*, plan: Plan, pk: int) -> Target | None:
    return plan.targets.filter(pk=pk).first()


# -- assignments -------------------------------------------------------------------------------


def assignment_visible_queryset(*, actor) -> QuerySet[TaskAssignment]:
    scope = user_scope(actor)
    if scope.is_admin:
        return TaskAssignment.objects.all()
    return TaskAssignment.objects.filter(
        _managed_q(scope, "plan__issuing_unit") | _holder_q(scope, "agency_id", "commune_id")
    )


def assignment_list(
    *, actor, plan: Plan | None = None, year: int | None = None, mine: bool = False, holder: str = ""
) -> QuerySet[TaskAssignment]:
    """Assignments the actor may read; `mine` keeps only those the actor holds itself."""
    queryset = assignment_visible_queryset(actor=actor)
    if mine:
        queryset = queryset.filter(_holder_q(user_scope(actor), "agency_id", "commune_id"))
    if plan is not None:
        queryset = queryset.filter(plan=plan)
    if year:
        queryset = queryset.filter(plan__year=year)
    if holder.startswith("a") and to_int(holder[1:]) is not None:
        queryset = queryset.filter(agency_id=to_int(holder[1:]))
    elif holder.startswith("x") and to_int(holder[1:]) is not None:
        queryset = queryset.filter(commune_id=to_int(holder[1:]))
    return queryset.select_related("task", "task__responsibility", "plan", "agency", "commune").order_by(
        "-plan__year", "plan_id", "task__responsibility__position", "task__position", "id"
    )


# "Chưa hoàn thành" filter of the task list: every assignment not marked done (overdue or not).
UNFINISHED = "chua_xong"
STATUS_FILTER_LABELS = {**progress_states.DISPLAY_LABELS, UNFINISHED: "Chưa hoàn thành"}


def assignments_by_status(queryset: QuerySet[TaskAssignment], status: str, today: date | None = None):
    """The task list filtered by displayed status, as a list of (assignment, state) or, when
    the filter is decided in SQL alone, the queryset (paged first, states for one page only).

    "Quá hạn" depends on recurring due dates and progress updates (planning.progress), so it
    cannot be a plain SQL filter; SQL first narrows to the only candidates (not done, and
    past the final deadline or recurring), and the Python rule runs on those alone — never
    on the whole register.
    """
    today = today or timezone.localdate()
    from ocop.planning.workflow import TaskStatus

    if status == TaskStatus.DONE:
        return queryset.filter(status=TaskStatus.DONE)
    if status == UNFINISHED:
        return queryset.exclude(status=TaskStatus.DONE)
    if status == progress_states.OVERDUE:
        candidates = queryset.exclude(status=TaskStatus.DONE).filter(
            Q(task__deadline__lt=today) | ~Q(task__recurrence="")
        )
        return [(a, s) for a, s in with_states(candidates, today) if s.overdue]
    if status in (TaskStatus.NOT_STARTED, TaskStatus.IN_PROGRESS):
        candidates = queryset.filter(status=status)
        return [(a, s) for a, s in with_states(candidates, today) if s.status == status]
    return queryset


def assignments_waiting_for(*, actor, limit: int, today: date | None = None):
    """The actor's own unfinished tasks (the list's "Của tôi" + "Chưa hoàn thành"): the
    first `limit` by next due date, overdue first, and their count. The ordering needs each
    task's state, computed for the holder's own tasks (not the register)."""
    today = today or timezone.localdate()
    queryset = assignments_by_status(assignment_list(actor=actor, mine=True), UNFINISHED, today)
    states = with_states(queryset, today)
    states.sort(key=lambda pair: (not pair[1].overdue, pair[1].next_due or pair[0].task.deadline, pair[0].pk))
    return states[:limit], len(states)


def assignments_overdue(*, actor, limit: int, today: date | None = None):
    """Overdue tasks of the plans the actor manages or holds (the list's "Quá hạn" filter)."""
    items = assignments_by_status(assignment_list(actor=actor), progress_states.OVERDUE, today)
    items.sort(key=lambda pair: (pair[0].task.deadline, pair[0].pk))
    return items[:limit], len(items)


def reports_due_for(*, actor, limit: int, today: date | None = None):
    """Report periods already begun, of plans where the actor holds a task, for which its
    agency or commune has not submitted its report: the first `limit` by due date and the
    count. Two queries."""
    from ocop.planning.models import ReportPeriod

    today = today or timezone.localdate()
    scope = user_scope(actor)
    if not (scope.agency_ids or scope.commune_ids):
        return [], 0
    held = TaskAssignment.objects.filter(_holder_q(scope, "agency_id", "commune_id")).values("plan_id")
    submitted = PeriodicReport.objects.filter(
        _holder_q(scope, "agency_id", "unit_id"), is_aggregate=False, status=ReportStatus.SUBMITTED
    ).values("period_id")
    queryset = (
        ReportPeriod.objects.filter(plan_id__in=held, starts_on__lte=today)
        .exclude(pk__in=submitted)
        .select_related("plan")
        .order_by("due_on", "id")
    )
    return list(queryset[:limit]), queryset.count()


def with_states(assignments, today: date | None = None) -> list[tuple[TaskAssignment, progress_states.AssignmentState]]:
    """Pair each assignment with its state (overdue…): one query for the lot."""
    today = today or timezone.localdate()
    items = list(assignments)
    states = progress_states.states_for(items, today)
    return [(item, states[item.pk]) for item in items]


def assignment_get(*, actor, pk: int) -> TaskAssignment | None:
    return scoped_get(
        assignment_visible_queryset(actor=actor), pk, "task", "task__responsibility", "plan",
        "plan__issuing_unit", "agency", "commune",
    )


def assignment_updates(assignment: TaskAssignment) -> list[ProgressUpdate]:
    return list(assignment.updates.select_related("actor").prefetch_related("evidence").order_by("-reported_on", "-id"))


def co_assignments(assignment: TaskAssignment) -> list[TaskAssignment]:
    """The other holders of the same task (lead and coordinating)."""
    return list(
        TaskAssignment.objects.filter(task_id=assignment.task_id)
        .exclude(pk=assignment.pk)
        .select_related("agency", "commune")
        .order_by("role", "id")
    )


# -- reports -----------------------------------------------------------------------------------


def report_visible_queryset(*, actor) -> QuerySet[PeriodicReport]:
    scope = user_scope(actor)
    if scope.is_admin:
        return PeriodicReport.objects.all()
    return PeriodicReport.objects.filter(
        _managed_q(scope, "period__plan__issuing_unit")
        | (Q(is_aggregate=False) & _holder_q(scope, "agency_id", "unit_id"))
    )


def report_get(*, actor, pk: int) -> PeriodicReport | None:
    return scoped_get(
        report_visible_queryset(actor=actor), pk, "period", "period__plan", "period__plan__issuing_unit",
        "agency", "unit", "submitted_by",
    )


def periods_of(plan: Plan) -> list[ReportPeriod]:
    return list(plan.periods.order_by("ends_on", "id"))


def reporters_of(plan: Plan) -> list[tuple[str, object]]:
    """("agency", Agency) and ("unit", commune) holding assignments in the plan: agencies in
    the order of mục IV, then communes by name. Two queries."""
    from ocop.accounts.models import Agency
    from ocop.territory.models import AdministrativeUnit

    order: dict[tuple[str, int], int] = {}
    for agency_id, commune_id, position in TaskAssignment.objects.filter(plan=plan).values_list(
        "agency_id", "commune_id", "task__responsibility__position"
    ):
        key = ("agency", agency_id) if agency_id else ("unit", commune_id)
        order[key] = min(order.get(key, 10_000), position)
    agencies = Agency.objects.in_bulk([pk for kind, pk in order if kind == "agency"])
    communes = AdministrativeUnit.objects.in_bulk([pk for kind, pk in order if kind == "unit"])
    result: list[tuple[str, object]] = [
        ("agency", agency)
        for agency in sorted(agencies.values(), key=lambda a: (order[("agency", a.pk)], a.name))
    ]
    result.extend(("unit", communes[pk]) for pk in sorted(communes, key=lambda pk: communes[pk].search_text))
    return result


def reporters_held_by(*, actor, plan: Plan) -> list[tuple[str, object]]:
    """The reporters of the plan the actor may submit for (its agency, its communes)."""
    from ocop.planning.rules import holds, manages_plan

    reporters = reporters_of(plan)
    if manages_plan(actor, plan):
        return reporters
    return [
        (kind, obj)
        for kind, obj in reporters
        if holds(actor, agency_id=obj.pk if kind == "agency" else None, commune_id=obj.pk if kind == "unit" else None)
    ]


def reports_of(plan: Plan) -> list[PeriodicReport]:
    return list(
        PeriodicReport.objects.filter(period__plan=plan)
        .select_related("period", "agency", "unit")
        .order_by("period__ends_on", "id")
    )


def plan_completeness(plan: Plan, *, as_of: date | None = None, reporters=None, reports=None) -> Completeness:
    """Completeness and timeliness of the plan's reports: three queries."""
    as_of = as_of or timezone.localdate()
    reporters = reporters if reporters is not None else reporters_of(plan)
    periods = periods_of(plan)
    reports = reports if reports is not None else reports_of(plan)
    submissions = {}
    for report in reports:
        if report.is_aggregate or report.status != ReportStatus.SUBMITTED:
            continue
        key = ("agency", report.agency_id) if report.agency_id else ("unit", report.unit_id)
        submissions[(key, report.period_id)] = report.submitted_on
    return completeness(
        [ReporterInfo((kind, obj.pk), obj.name) for kind, obj in reporters],
        [PeriodInfo(period.pk, period.label, period.due_on) for period in periods],
        submissions,
        as_of,
    )
