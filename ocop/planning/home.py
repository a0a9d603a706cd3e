"""Plan tasks and periodic reports on the role homes (see ocop.core.homes)."""

from __future__ import annotations

from django.urls import reverse

from ocop.core import homes
from ocop.planning import selectors

# Sections of task holders (an agency's staff, a commune's officers).
_HOLDERS = (homes.COMMUNE, homes.AGENCY)


def _task_item(assignment, state, *, action: str = "Cập nhật tiến độ", overdue: bool | None = None) -> homes.WorkItem:
    return homes.WorkItem(
        title=assignment.task.content[:120],
        url=reverse("planning:assignment_detail", args=[assignment.pk]),
        action=action,
        detail=f"{assignment.holder_name} · kế hoạch năm {assignment.plan.year}",
        state=state.label,
        due_on=state.next_due or assignment.task.deadline,
        overdue=state.overdue if overdue is None else overdue,
    )


def home_lists(user, scope, today) -> list[homes.HomeList]:
    held = homes.held_sections(scope)
    lists: list[homes.HomeList] = []
    holder_sections = [section for section in _HOLDERS if section in held]
    if holder_sections:
        tasks, task_count = selectors.assignments_waiting_for(actor=user, limit=homes.HOME_LIST_SIZE, today=today)
        periods, report_count = selectors.reports_due_for(actor=user, limit=homes.HOME_LIST_SIZE, today=today)
        task_url = f"{reverse('planning:tasks')}?cua_toi=1&tinh_trang={selectors.UNFINISHED}"
        for section in holder_sections:
            lists.append(
                homes.HomeList(
                    section=section,
                    column=homes.TODO,
                    title="Nhiệm vụ kế hoạch chưa hoàn thành",
                    items=[_task_item(a, s) for a, s in tasks],
                    count=task_count,
                    url=task_url,
                    empty="Không có nhiệm vụ nào đang chờ.",
                    order=40,
                    overdue_count=sum(1 for _, s in tasks if s.overdue),
                )
            )
            lists.append(
                homes.HomeList(
                    section=section,
                    column=homes.TODO,
                    title="Báo cáo định kỳ chưa nộp",
                    items=[
                        homes.WorkItem(
                            title=f"{period.label} – {period.plan}",
                            url=reverse("planning:plan_reports", args=[period.plan_id]),
                            action="Lập, nộp báo cáo",
                            due_on=period.due_on,
                            overdue=period.due_on < today,
                        )
                        for period in periods
                    ],
                    count=report_count,
                    url=reverse("planning:reports"),
                    empty="Không có báo cáo nào đến hạn.",
                    order=50,
                )
            )
    if homes.PROVINCE in held or homes.DISTRICT in held:
        overdue, overdue_count = selectors.assignments_overdue(actor=user, limit=homes.HOME_LIST_SIZE, today=today)
        section = homes.PROVINCE if homes.PROVINCE in held else homes.DISTRICT
        lists.append(
            homes.HomeList(
                section=section,
                column=homes.TODO,
                title="Nhiệm vụ kế hoạch quá hạn",
                items=[_task_item(a, s, action="Xem, đôn đốc thực hiện", overdue=True) for a, s in overdue],
                count=overdue_count,
                url=f"{reverse('planning:tasks')}?tinh_trang=qua_han",
                empty="Không có nhiệm vụ nào quá hạn.",
                order=40,
            )
        )
    return lists
