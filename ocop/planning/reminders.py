"""Reminders about periodic reports not yet submitted (a daily job, ocop/planning/tasks.py).

Each reporting agency or commune of a plan (the holders of its tasks) that has not
submitted its report for a period is told a week before the due date, the day before, and
once when it is overdue. Idempotent: each reminder reaches each person once (the event key
names the period, the reporter and the step), however often the job runs.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date, timedelta

from django.urls import reverse

from ocop.accounts.models import Role, RoleAssignment
from ocop.notifications.services import notify
from ocop.planning.models import PeriodicReport, ReportPeriod, TaskAssignment
from ocop.planning.workflow import ReportStatus

# Days before the due date on which a reminder goes out; after the due date, one more.
DAYS_BEFORE = (7, 1)
# Periods overdue for longer than this are history, not something to remind about.
OVERDUE_WINDOW = timedelta(days=30)


def _step(period: ReportPeriod, on: date) -> str | None:
    left = (period.due_on - on).days
    if left < 0:
        return "overdue"
    for days in sorted(DAYS_BEFORE):
        if left <= days:
            return f"due-in-{days}"
    return None


def send_report_reminders(*, on: date) -> Counter:
    """Returns the number of notifications sent by step ("due-in-7", "due-in-1", "overdue")."""
    periods = {
        p.pk: p
        for p in ReportPeriod.objects.filter(
            starts_on__lte=on, due_on__gte=on - OVERDUE_WINDOW, due_on__lte=on + timedelta(days=max(DAYS_BEFORE))
        ).select_related("plan")
    }
    steps = {pk: step for pk, p in periods.items() if (step := _step(p, on))}
    if not steps:
        return Counter()
    holders: dict[int, set[tuple[str, int]]] = defaultdict(set)
    plan_periods = defaultdict(list)
    for pk, period in periods.items():
        if pk in steps:
            plan_periods[period.plan_id].append(pk)
    for plan_id, agency_id, commune_id in TaskAssignment.objects.filter(plan_id__in=plan_periods).values_list(
        "plan_id", "agency_id", "commune_id"
    ):
        holder = ("agency", agency_id) if agency_id else ("unit", commune_id)
        for period_pk in plan_periods[plan_id]:
            holders[period_pk].add(holder)
    submitted = {
        (period_pk, ("agency", agency_id) if agency_id else ("unit", unit_id))
        for period_pk, agency_id, unit_id in PeriodicReport.objects.filter(
            period_id__in=steps, is_aggregate=False, status=ReportStatus.SUBMITTED
        ).values_list("period_id", "agency_id", "unit_id")
    }
    people: dict[tuple[str, int], list] = defaultdict(list)
    for assignment in RoleAssignment.objects.filter(role__in=[Role.AGENCY_STAFF, Role.COMMUNE_OFFICER]).select_related("user"):
        if assignment.role == Role.AGENCY_STAFF and assignment.agency_id:
            people[("agency", assignment.agency_id)].append(assignment.user)
        elif assignment.unit_id:
            people[("unit", assignment.unit_id)].append(assignment.user)
    sent: Counter = Counter()
    for period_pk, step in sorted(steps.items()):
        period = periods[period_pk]
        for holder in sorted(holders[period_pk]):
            if (period_pk, holder) in submitted or not people.get(holder):
                continue
            if step == "overdue":
                title = f"Quá hạn nộp báo cáo {period.label}"
            else:
                title = f"Sắp đến hạn nộp báo cáo {period.label}"
            created = notify(
                recipients=people[holder],
                title=title[:255],
                body=(
                    f"Kế hoạch “{period.plan}”: báo cáo kỳ {period.label} hạn nộp ngày {period.due_on:%d/%m/%Y}; "
                    "đơn vị của bạn chưa nộp."
                ),
                url=reverse("planning:plan_reports", args=[period.plan_id]),
                event_key=f"report:{period_pk}:{holder[0]}:{holder[1]}:{step}",
            )
            sent[step] += len(created)
    return sent
