"""Writes of tasks of mục IV, their assignments to holders and the holders' progress."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from ocop.accounts.models import Agency
from ocop.core.registers import record_assign
from ocop.core.uploads import check_document_upload
from ocop.core.workflow import record_event, record_events, transition_apply
from ocop.notifications.services import notify
from ocop.planning import recurrence
from ocop.planning.models import (
    Plan,
    ProgressEvidence,
    ProgressUpdate,
    Responsibility,
    Task,
    TaskAssignment,
    TaskRole,
)
from ocop.planning.services.recipients import holder_users, plan_manager_users
from ocop.planning.services.saving import save_audited
from ocop.planning.workflow import TASK_WORKFLOW, TaskStatus, progress_action
from ocop.territory.models import AdministrativeUnit


@transaction.atomic
def responsibility_create(
    *, actor, plan: Plan, heading: str, agencies: Iterable[Agency] = (), all_communes: bool = False,
    is_request: bool = False, inline: bool = False,
) -> Responsibility:
    if not heading.strip():
        raise ValidationError({"heading": "Vui lòng nhập tên cơ quan, đơn vị."})
    position = (plan.responsibilities.order_by("-position").values_list("position", flat=True).first() or 0) + 1
    responsibility = Responsibility.objects.create(
        plan=plan, position=position, heading=heading.strip(), all_communes=all_communes,
        is_request=is_request, inline=inline,
    )
    responsibility.agencies.set(list(agencies))
    return responsibility


def _task_deadline(task: Task, year: int) -> date:
    if task.recurrence:
        dates = task.due_dates(year)
        return dates[-1] if dates else date(year, 12, 31)
    return task.deadline or date(year, 12, 31)


@transaction.atomic
def task_create(
    *,
    actor,
    responsibility: Responsibility | None = None,
    plan: Plan | None = None,
    new_heading: str = "",
    content: str,
    role: str = TaskRole.LEAD,
    deadline: date | None = None,
    recurrence: str = recurrence.NONE,
    recurrence_due_days: int = 5,
    position: int | None = None,
    agencies: Iterable[Agency] = (),
    communes: Iterable[AdministrativeUnit] = (),
    coordinating_agencies: Iterable[Agency] = (),
) -> Task:
    """Give a task of mục IV to its holders. Without `responsibility`, a new item of mục IV
    named `new_heading` is opened in `plan` for it (in the same transaction)."""
    agencies, communes = list(agencies), list(communes)
    if responsibility is None:
        if plan is None:
            raise ValueError("task_create needs a responsibility or a plan")
        responsibility = responsibility_create(actor=actor, plan=plan, heading=new_heading, agencies=agencies)
    plan = responsibility.plan
    if position is None:
        position = (responsibility.tasks.order_by("-position").values_list("position", flat=True).first() or 0) + 1
    task = Task(
        plan=plan, responsibility=responsibility, position=position, content=(content or "").strip(), role=role,
        deadline=deadline, recurrence=recurrence, recurrence_due_days=recurrence_due_days,
    )
    task.deadline = _task_deadline(task, plan.year)
    if task.deadline.year < plan.year:
        raise ValidationError({"deadline": f"Hạn hoàn thành phải trong năm kế hoạch {plan.year} trở đi."})
    task.full_clean()
    save_audited(actor, task)
    if not agencies and not communes:
        raise ValidationError("Hãy giao nhiệm vụ cho ít nhất một cơ quan hoặc một xã.")
    assignments = [TaskAssignment(task=task, plan=plan, agency=a, role=role) for a in agencies]
    assignments += [TaskAssignment(task=task, plan=plan, commune=c, role=role) for c in communes]
    held = {a.pk for a in agencies}
    assignments += [
        TaskAssignment(task=task, plan=plan, agency=a, role=TaskRole.COORDINATE)
        for a in coordinating_agencies
        if a.pk not in held
    ]
    created = TaskAssignment.objects.bulk_create(assignments)
    record_events(TASK_WORKFLOW, created, action="giao", actor=actor)
    return task


@transaction.atomic
def task_update(*, actor, task: Task, **fields) -> Task:
    allowed = {"content", "role", "deadline", "recurrence", "recurrence_due_days"}
    record_assign(task, fields, allowed)
    task.deadline = _task_deadline(task, task.plan.year)
    task.full_clean()
    save_audited(actor, task)
    return task


@transaction.atomic
def assignment_add(*, actor, task: Task, agency: Agency | None = None, commune=None, role: str = TaskRole.LEAD) -> TaskAssignment:
    if (agency is None) == (commune is None):
        raise ValidationError("Hãy chọn một cơ quan hoặc một xã.")
    exists = TaskAssignment.objects.filter(task=task, **({"agency": agency} if agency else {"commune": commune})).exists()
    if exists:
        raise ValidationError(f"{(agency or commune).name} đã được giao nhiệm vụ này.")
    assignment = TaskAssignment(task=task, plan=task.plan, agency=agency, commune=commune, role=role)
    assignment.full_clean()
    save_audited(actor, assignment)
    record_event(TASK_WORKFLOW, assignment, action="giao", actor=actor)
    return assignment


@transaction.atomic
def progress_update_create(
    *,
    actor,
    assignment: TaskAssignment,
    progress: int,
    narrative: str,
    reported_on: date | None = None,
    files: Iterable = (),
) -> ProgressUpdate:
    """Record progress (%, what was done, evidence) and move the assignment's status."""
    assignment = TaskAssignment.objects.select_for_update().select_related("task", "plan").get(pk=assignment.pk)
    reported_on = reported_on or timezone.localdate()
    errors = {}
    if not isinstance(progress, int) or not 0 <= progress <= 100:
        errors["progress"] = "Tiến độ là một số nguyên từ 0 đến 100 (%)."
    if not (narrative or "").strip():
        errors["narrative"] = "Vui lòng mô tả kết quả đã thực hiện."
    if reported_on > timezone.localdate():
        errors["reported_on"] = "Ngày báo cáo không được sau ngày hôm nay."
    if reported_on.year < assignment.plan.year:
        errors["reported_on"] = f"Ngày báo cáo phải từ năm kế hoạch {assignment.plan.year} trở đi."
    if assignment.status == TaskStatus.DONE:
        errors["progress"] = "Nhiệm vụ đã hoàn thành; cơ quan quản lý kế hoạch cần mở lại trước khi cập nhật."
    if errors:
        raise ValidationError(errors)
    checked = [(upload, check_document_upload(upload)) for upload in files]
    # The effects of the move (ocop.planning.workflow) record the percentage and the dates.
    assignment, _ = transition_apply(
        workflow=TASK_WORKFLOW, record=assignment, action=progress_action(assignment.status, progress),
        actor=actor, payload={"progress": progress, "reported_on": reported_on},
    )
    update = ProgressUpdate.objects.create(
        assignment=assignment, reported_on=reported_on, progress=progress, narrative=narrative.strip(), actor=actor
    )
    for upload, document in checked:
        evidence = ProgressEvidence(
            update=update, original_name=getattr(upload, "name", "tep")[:255], content_type=document.content_type,
            size=document.size, sha256=document.sha256,
        )
        # Stored under the detected kind, never the uploader's name or suffix.
        evidence.file.save(f"minh-chung.{document.extension}", upload, save=False)
        evidence.save()
    if actor is not None and assignment.status == TaskStatus.DONE:
        notify(
            recipients=plan_manager_users(assignment.plan),
            title=f"{assignment.holder_name} đã hoàn thành một nhiệm vụ",
            body=assignment.task.content[:300],
            url=reverse("planning:assignment_detail", args=[assignment.pk]),
        )
    return update


@transaction.atomic
def assignment_reopen(*, actor, assignment: TaskAssignment, comment: str) -> TaskAssignment:
    assignment, _ = transition_apply(workflow=TASK_WORKFLOW, record=assignment, action="mo_lai", actor=actor, comment=comment)
    if actor is not None:
        notify(
            recipients=holder_users(agency_id=assignment.agency_id, commune_id=assignment.commune_id),
            title="Nhiệm vụ được mở lại để tiếp tục thực hiện",
            body=f"{assignment.task.content[:200]}\nLý do: {comment.strip()}",
            url=reverse("planning:assignment_detail", args=[assignment.pk]),
        )
    return assignment
