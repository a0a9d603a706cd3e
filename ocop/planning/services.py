"""Writes of plans, targets, tasks, progress and periodic reports: validated, atomic, audited.

Every function takes `actor=` (None is the system: the demo loader and imports of past
plans, which notify nobody and pass every guard), raises ValidationError with Vietnamese
messages, and writes nothing unless all of it is valid. Status changes go through the tables
of `ocop.planning.workflow` and write an event row each.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from auditlog.context import set_actor
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from ocop.accounts.models import Agency, Role, RoleAssignment
from ocop.core.uploads import check_document_upload
from ocop.notifications.services import notify
from ocop.planning import parsing, recurrence
from ocop.planning.models import (
    Breakdown,
    PeriodicReport,
    PeriodKind,
    Plan,
    PlanBasis,
    PlanSolution,
    ProgressEvidence,
    ProgressUpdate,
    ReportEvent,
    ReportPeriod,
    Responsibility,
    Target,
    Task,
    TaskAssignment,
    TaskEvent,
    TaskRole,
)
from ocop.planning.workflow import (
    REPORT_EDITABLE,
    REPORT_TRANSITIONS,
    TASK_TRANSITIONS,
    ReportStatus,
    TaskStatus,
    Transition,
    progress_action,
)
from ocop.territory.models import AdministrativeUnit, UnitLevel
from ocop.territory.selectors import valid_on_q


def _save(actor, record, update_fields: Sequence[str] | None = None) -> None:
    with set_actor(actor):
        record.save(update_fields=update_fields)


def _check_guard(actor, transition: Transition, record) -> None:
    # actor None is the system (demo loader, imports): guards are for people.
    if actor is not None and not actor.has_perm(transition.permission, record):
        raise PermissionDenied(f"Bạn không có quyền thực hiện thao tác “{transition.label}”.")


def _lines(text: str) -> str:
    return "\n".join(line.strip() for line in (text or "").splitlines() if line.strip())


# -- plans -------------------------------------------------------------------------------------

PLAN_FIELDS = [
    "issuing_unit", "issuer_name", "place", "year", "number", "issued_on", "doc_type", "title",
    "preamble", "purposes", "requirements", "general_objective", "specific_objective", "closing",
    "recipients", "signer_authority", "signer_position", "signer_name", "status", "lead_agency",
    "report_recipient", "source_note",
]
LINE_FIELDS = {"purposes", "requirements", "recipients"}


def default_communes(issuing_unit: AdministrativeUnit, year: int) -> list[AdministrativeUnit]:
    """The communes of the issuing unit valid during the plan year (the whole unit if it is
    itself a commune)."""
    if issuing_unit.level == UnitLevel.COMMUNE:
        return [issuing_unit]
    day = date(year, 1, 1) if issuing_unit.valid_to is None or issuing_unit.valid_to.year > year else issuing_unit.valid_to
    return list(
        AdministrativeUnit.objects.filter(valid_on_q(day), parent=issuing_unit, level=UnitLevel.COMMUNE).order_by(
            "search_text"
        )
    )


def _validate_plan(plan: Plan) -> None:
    plan.full_clean()
    unit = plan.issuing_unit
    errors = {}
    if unit.valid_to is not None and unit.valid_to < date(plan.year, 1, 1):
        errors["year"] = (
            f"{unit.name} chỉ tồn tại đến ngày {unit.valid_to:%d/%m/%Y}; không lập kế hoạch năm {plan.year} cho đơn vị này."
        )
    if unit.valid_from is not None and unit.valid_from > date(plan.year, 12, 31):
        errors["year"] = f"{unit.name} được thành lập từ ngày {unit.valid_from:%d/%m/%Y}, sau năm {plan.year}."
    if plan.issued_on is not None and abs(plan.issued_on.year - plan.year) > 1:
        errors["issued_on"] = "Ngày ban hành phải trong năm kế hoạch hoặc năm liền trước."
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def plan_create(
    *, actor, bases: Iterable[str] = (), communes: Iterable[AdministrativeUnit] | None = None,
    is_sample: bool = False, **fields,
) -> Plan:
    for name in fields:
        if name not in PLAN_FIELDS:
            raise ValueError(f"Field {name} is not editable")
    for name in LINE_FIELDS & fields.keys():
        fields[name] = _lines(fields[name])
    plan = Plan(**fields, is_sample=is_sample, created_by=actor)
    if not plan.issuer_name and plan.issuing_unit_id:
        plan.issuer_name = f"Ủy ban nhân dân {plan.issuing_unit.name[:1].lower()}{plan.issuing_unit.name[1:]}"
    if not plan.place and plan.issuing_unit_id:
        plan.place = re.sub(r"^(Tỉnh|Huyện|Xã|Thành phố|Thị xã|Phường|Thị trấn)\s+", "", plan.issuing_unit.name)
    _validate_plan(plan)
    plan.refresh_search_text()
    _save(actor, plan)
    plan.communes.set(list(communes) if communes is not None else default_communes(plan.issuing_unit, plan.year))
    _bases_write(plan, bases)
    return plan


@transaction.atomic
def plan_update(*, actor, plan: Plan, bases: Iterable[str] | None = None, communes=None, **fields) -> Plan:
    plan = Plan.objects.select_for_update().get(pk=plan.pk)
    for name, value in fields.items():
        if name not in PLAN_FIELDS:
            raise ValueError(f"Field {name} is not editable")
        setattr(plan, name, _lines(value) if name in LINE_FIELDS else value)
    _validate_plan(plan)
    plan.refresh_search_text()
    _save(actor, plan)
    if bases is not None:
        _bases_write(plan, bases)
    if communes is not None:
        plan.communes.set(list(communes))
    return plan


def _bases_write(plan: Plan, bases: Iterable[str]) -> None:
    texts = [text.strip() for text in bases if text and text.strip()]
    plan.bases.all().delete()
    PlanBasis.objects.bulk_create(
        [PlanBasis(plan=plan, position=index, text=text) for index, text in enumerate(texts, start=1)]
    )


# -- importing a parsed plan --------------------------------------------------------------------


@dataclass
class HolderSpec:
    """Who an item of mục IV names: agencies (each with the names the text may use for it,
    e.g. "Hội Nông dân") and/or every commune the plan follows."""

    agencies: list[tuple[Agency, list[str]]] = field(default_factory=list)
    all_communes: bool = False


COORDINATION = re.compile(r"phối hợp với\s+(?P<rest>.+)$", re.I | re.S)


def _mentions(text: str, aliases: Iterable[str]) -> bool:
    lowered = text.lower()
    return any(alias.lower() in lowered for alias in aliases if alias)


@transaction.atomic
def plan_import(
    *,
    actor,
    parsed: parsing.ParsedPlan,
    issuing_unit: AdministrativeUnit,
    year: int,
    holders: dict[int, HolderSpec],
    issuer_name: str = "",
    place: str = "",
    number: str = "",
    issued_on: date | None = None,
    lead_agency: Agency | None = None,
    report_recipient: str = "",
    deadlines: dict[tuple[int, int], date] | None = None,
    periodic: str = recurrence.QUARTERLY,
    communes: Iterable[AdministrativeUnit] | None = None,
    source_note: str = "",
    is_sample: bool = False,
) -> Plan:
    """Create a plan, its targets and its tasks from a parsed text.

    `holders[n]` names the holders of item n of mục IV. A task naming only some of its item's
    holders ("…nhất là Hội Nông dân, Hội Liên hiệp phụ nữ…") goes to those; an agency of
    another item named after "phối hợp với" gets a coordinating assignment. A task starting
    "Định kỳ" recurs with frequency `periodic`; others are due on `deadlines[(n, position)]`,
    by default the last day of the plan year.
    """
    missing = [r.number for r in parsed.responsibilities if r.number not in holders]
    if missing:
        raise ValidationError(f"Chưa chỉ rõ cơ quan, đơn vị thực hiện cho mục IV.{', IV.'.join(map(str, missing))}.")
    plan = plan_create(
        actor=actor,
        issuing_unit=issuing_unit,
        year=year,
        issuer_name=issuer_name,
        place=place,
        number=number,
        issued_on=issued_on,
        doc_type=parsed.doc_type,
        title=parsed.title,
        preamble=parsed.preamble,
        purposes="\n".join(parsed.purposes),
        requirements="\n".join(parsed.requirements),
        general_objective=parsed.general_objective,
        specific_objective=parsed.specific_objective,
        closing=parsed.closing,
        recipients="\n".join(parsed.recipients),
        signer_authority=parsed.signature.authority,
        signer_position=parsed.signature.position,
        signer_name=parsed.signature.signer,
        lead_agency=lead_agency,
        report_recipient=report_recipient,
        source_note=source_note,
        bases=parsed.bases,
        communes=communes,
        is_sample=is_sample,
    )
    PlanSolution.objects.bulk_create(
        [
            PlanSolution(plan=plan, position=item.number, title=item.title, content="\n".join(item.paragraphs), inline=item.inline)
            for item in parsed.solutions
        ]
    )
    for position, target in enumerate(parsed.targets, start=1):
        target_create(
            actor=actor,
            plan=plan,
            position=position,
            indicator=target.indicator,
            label=target.label,
            breakdown=Breakdown.PER_COMMUNE if target.per_commune else Breakdown.TOTAL,
            target_value=Decimal(str(target.value)),
            target_max=Decimal(str(target.maximum)) if target.maximum is not None else None,
            unit_label=target.unit,
            source=target.source,
        )
    all_aliases = [(agency, aliases) for spec in holders.values() for agency, aliases in spec.agencies]
    plan_communes = list(plan.communes.all())
    deadlines = deadlines or {}
    for parsed_item in parsed.responsibilities:
        spec = holders[parsed_item.number]
        responsibility = Responsibility.objects.create(
            plan=plan,
            position=parsed_item.number,
            heading=parsed_item.heading,
            inline=parsed_item.inline,
            is_request=parsed_item.is_request,
            all_communes=spec.all_communes,
        )
        responsibility.agencies.set([agency for agency, _ in spec.agencies])
        own_ids = {agency.pk for agency, _ in spec.agencies}
        for parsed_task in parsed_item.tasks:
            named = [agency for agency, aliases in spec.agencies if _mentions(parsed_task.text, aliases)]
            agencies = named if named and len(spec.agencies) > 1 else [agency for agency, _ in spec.agencies]
            coordination = COORDINATION.search(parsed_task.text)
            coordinators = []
            if coordination:
                coordinators = [
                    agency for agency, aliases in all_aliases
                    if agency.pk not in own_ids and _mentions(coordination.group("rest"), aliases)
                ]
            is_periodic = parsed_task.recurrence == parsing.RECURRENCE_PERIODIC
            task_create(
                actor=actor,
                responsibility=responsibility,
                position=parsed_task.position,
                content=parsed_task.text,
                role=parsed_task.role,
                deadline=deadlines.get((parsed_item.number, parsed_task.position)),
                recurrence=periodic if is_periodic else recurrence.NONE,
                agencies=agencies,
                communes=plan_communes if spec.all_communes else (),
                coordinating_agencies=list(dict.fromkeys(coordinators)),
            )
    return plan


# -- targets -----------------------------------------------------------------------------------

TARGET_FIELDS = ["position", "indicator", "label", "breakdown", "baseline", "target_value", "target_max", "unit_label", "source"]


@transaction.atomic
def target_create(*, actor, plan: Plan, **fields) -> Target:
    from ocop.planning.actuals import INDICATORS

    for name in fields:
        if name not in TARGET_FIELDS:
            raise ValueError(f"Field {name} is not editable")
    target = Target(plan=plan, **fields)
    if not target.unit_label and target.indicator in INDICATORS:
        target.unit_label = INDICATORS[target.indicator].unit_label
    if not target.position:
        target.position = plan.targets.count() + 1
    target.full_clean()
    _save(actor, target)
    return target


@transaction.atomic
def target_update(*, actor, target: Target, **fields) -> Target:
    for name, value in fields.items():
        if name not in TARGET_FIELDS:
            raise ValueError(f"Field {name} is not editable")
        setattr(target, name, value)
    target.full_clean()
    _save(actor, target)
    return target


@transaction.atomic
def target_delete(*, actor, target: Target) -> None:
    with set_actor(actor):
        target.delete()


# -- tasks and assignments ---------------------------------------------------------------------


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
    _save(actor, task)
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
    TaskEvent.objects.bulk_create(
        [TaskEvent(assignment=a, action="giao", from_status="", to_status=a.status, actor=actor) for a in created]
    )
    return task


@transaction.atomic
def task_update(*, actor, task: Task, **fields) -> Task:
    allowed = {"content", "role", "deadline", "recurrence", "recurrence_due_days"}
    for name, value in fields.items():
        if name not in allowed:
            raise ValueError(f"Field {name} is not editable")
        setattr(task, name, value)
    task.deadline = _task_deadline(task, task.plan.year)
    task.full_clean()
    _save(actor, task)
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
    _save(actor, assignment)
    TaskEvent.objects.create(assignment=assignment, action="giao", from_status="", to_status=assignment.status, actor=actor)
    return assignment


def _assignment_move(*, actor, assignment: TaskAssignment, transition: Transition, comment: str = "") -> TaskEvent:
    if not transition.allows_from(assignment.status):
        raise ValidationError(
            f"Không thể “{transition.label}” khi nhiệm vụ đang ở trạng thái “{assignment.get_status_display()}”."
        )
    if transition.comment_required and not comment.strip():
        raise ValidationError(f"Vui lòng ghi lý do khi “{transition.label}”.")
    _check_guard(actor, transition, assignment)
    previous = assignment.status
    assignment.status = transition.target
    return TaskEvent.objects.create(
        assignment=assignment, action=transition.action, from_status=previous, to_status=transition.target,
        comment=comment.strip(), actor=actor,
    )


def plan_manager_users(plan: Plan) -> list:
    """Users who manage the plan: office roles whose unit covers its issuing unit (one query)."""
    from ocop.territory.models import UnitCoverage

    covering = UnitCoverage.objects.filter(covered_id=plan.issuing_unit_id).values("unit_id")
    return [
        assignment.user
        for assignment in RoleAssignment.objects.filter(
            role__in=[Role.PROVINCE_OFFICE, Role.DISTRICT_OFFICE], unit_id__in=covering
        ).select_related("user")
    ]


def holder_users(*, agency_id: int | None = None, commune_id: int | None = None) -> list:
    """Staff of the agency, or officers of the commune (or of the commune it became)."""
    from ocop.territory.models import UnitCoverage

    if agency_id is not None:
        queryset = RoleAssignment.objects.filter(role=Role.AGENCY_STAFF, agency_id=agency_id)
    else:
        covering = UnitCoverage.objects.filter(covered_id=commune_id).values("unit_id")
        queryset = RoleAssignment.objects.filter(role=Role.COMMUNE_OFFICER, unit_id__in=covering)
    return [assignment.user for assignment in queryset.select_related("user")]


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
    transition = TASK_TRANSITIONS[progress_action(assignment.status, progress)]
    _assignment_move(actor=actor, assignment=assignment, transition=transition)
    assignment.progress = progress
    assignment.last_reported_on = max(reported_on, assignment.last_reported_on or reported_on)
    if assignment.status == TaskStatus.DONE:
        assignment.completed_on = reported_on
    _save(actor, assignment, ["status", "progress", "last_reported_on", "completed_on", "updated_at"])
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
    assignment = TaskAssignment.objects.select_for_update().select_related("task", "plan").get(pk=assignment.pk)
    _assignment_move(actor=actor, assignment=assignment, transition=TASK_TRANSITIONS["mo_lai"], comment=comment)
    assignment.completed_on = None
    _save(actor, assignment, ["status", "completed_on", "updated_at"])
    if actor is not None:
        notify(
            recipients=holder_users(agency_id=assignment.agency_id, commune_id=assignment.commune_id),
            title="Nhiệm vụ được mở lại để tiếp tục thực hiện",
            body=f"{assignment.task.content[:200]}\nLý do: {comment.strip()}",
            url=reverse("planning:assignment_detail", args=[assignment.pk]),
        )
    return assignment


# -- report periods ----------------------------------------------------------------------------


@transaction.atomic
def report_periods_generate(
    *, actor, plan: Plan, kinds: Iterable[str], due_after_days: int = 5, not_before: date | None = None
) -> list[ReportPeriod]:
    """Create the periods of the plan year that do not exist yet (rerunning adds nothing).

    Periods ending before `not_before` (by default the day the plan was issued) are left out:
    a plan issued in June asks for no first-quarter report."""
    kinds = [kind for kind in kinds if kind in PeriodKind.values]
    if not kinds:
        raise ValidationError("Hãy chọn ít nhất một loại kỳ báo cáo (quý, 6 tháng, năm).")
    if not 0 <= due_after_days <= 60:
        raise ValidationError("Hạn nộp phải trong vòng 0–60 ngày sau ngày cuối kỳ.")
    created = []
    existing = set(plan.periods.values_list("kind", "starts_on", "ends_on"))
    not_before = not_before or plan.issued_on
    for occurrence in recurrence.report_schedule(kinds, plan.year, due_after_days=due_after_days):
        if (occurrence.kind, occurrence.starts_on, occurrence.ends_on) in existing:
            continue
        if not_before is not None and occurrence.ends_on < not_before:
            continue
        period = ReportPeriod(
            plan=plan, kind=occurrence.kind, label=occurrence.label, starts_on=occurrence.starts_on,
            ends_on=occurrence.ends_on, due_on=occurrence.due_on,
        )
        period.full_clean()
        _save(actor, period)
        created.append(period)
    return created


@transaction.atomic
def report_period_update(*, actor, period: ReportPeriod, due_on: date, label: str | None = None) -> ReportPeriod:
    period.due_on = due_on
    if label:
        period.label = label.strip()
    period.full_clean()
    _save(actor, period)
    return period


# -- periodic reports --------------------------------------------------------------------------

# Indicators every commune reports whatever the plan's targets (plus the targets' own).
STANDARD_REPORT_INDICATORS = (
    "ideas_registered",
    "ideas_approved",
    "products_evaluated",
    "products_certified",
    "funds_mobilised",
)


def report_indicators(plan: Plan) -> list[str]:
    from ocop.planning.actuals import INDICATORS

    keys = list(plan.targets.values_list("indicator", flat=True)) + list(STANDARD_REPORT_INDICATORS)
    return [key for key in dict.fromkeys(keys) if key in INDICATORS and INDICATORS[key].per_unit]


def prefilled_figures(plan: Plan, unit: AdministrativeUnit | None) -> dict[str, dict]:
    """The commune's figures from the live actuals (agencies report tasks, not figures)."""
    from ocop.planning import targets as target_progress

    if unit is None:
        return {}
    mode = target_progress.NEW if unit.is_current else target_progress.OLD
    progress = target_progress.plan_progress(plan, mode=mode, extra_indicators=report_indicators(plan))
    figures = target_progress.figures_for_unit(progress, unit.pk)
    wanted = report_indicators(plan)
    return {key: figures[key] for key in wanted if key in figures}


def _check_reporter(plan: Plan, agency: Agency | None, unit: AdministrativeUnit | None) -> None:
    if (agency is None) == (unit is None):
        raise ValidationError("Báo cáo phải của một cơ quan hoặc một xã.")
    holder = {"agency": agency} if agency else {"commune": unit}
    if not TaskAssignment.objects.filter(plan=plan, **holder).exists():
        raise ValidationError(f"{(agency or unit).name} không được giao nhiệm vụ trong kế hoạch này.")


@transaction.atomic
def report_prepare(
    *, actor, period: ReportPeriod, agency: Agency | None = None, unit: AdministrativeUnit | None = None,
    is_sample: bool = False, figures: dict | None = None,
) -> PeriodicReport:
    """The unit's report of the period: the existing one, or a new draft pre-filled from the
    live data."""
    plan = period.plan
    _check_reporter(plan, agency, unit)
    lookup = {"agency": agency} if agency else {"unit": unit}
    existing = PeriodicReport.objects.filter(period=period, **lookup).first()
    if existing is not None:
        return existing
    report = PeriodicReport(
        period=period, agency=agency, unit=unit,
        figures=figures if figures is not None else prefilled_figures(plan, unit),
        is_sample=is_sample, created_by=actor,
    )
    report.full_clean()
    _save(actor, report)
    ReportEvent.objects.create(report=report, action="tao", from_status="", to_status=report.status, actor=actor)
    return report


def _clean_figures(report: PeriodicReport, figures: dict) -> dict:
    """Keep the known indicators; numbers must be non-negative, parts of a ratio consistent."""
    cleaned: dict[str, dict] = {}
    errors = []
    for key, entry in (figures or {}).items():
        if key not in report.figures and not report.is_aggregate:
            continue
        entry = dict(entry)
        for part in ("value", "numerator", "denominator"):
            if part in entry and entry[part] is not None:
                try:
                    number = Decimal(str(entry[part]))
                except (ArithmeticError, ValueError):
                    errors.append(f"Số liệu “{key}” không phải là số.")
                    continue
                if number < 0:
                    errors.append("Số liệu không được âm.")
                entry[part] = int(number) if number == number.to_integral_value() else float(number)
        if "denominator" in entry:
            numerator, denominator = entry.get("numerator") or 0, entry.get("denominator") or 0
            if numerator > denominator:
                errors.append("Số đạt không được lớn hơn tổng số.")
            entry["value"] = round(100 * numerator / denominator, 2) if denominator else None
        cleaned[key] = entry
    if errors:
        raise ValidationError(sorted(set(errors)))
    return cleaned


@transaction.atomic
def report_save(
    *, actor, report: PeriodicReport, narrative: str, figures: dict | None = None, number: str = ""
) -> PeriodicReport:
    report = PeriodicReport.objects.select_for_update().get(pk=report.pk)
    if report.status not in REPORT_EDITABLE:
        raise ValidationError("Báo cáo đã nộp, không sửa được nữa (trừ khi bị trả lại để bổ sung).")
    if figures is not None:
        report.figures = _clean_figures(report, figures)
    report.narrative = (narrative or "").strip()
    report.number = (number or "").strip()
    report.full_clean()
    _save(actor, report)
    return report


@transaction.atomic
def report_refresh_figures(*, actor, report: PeriodicReport) -> PeriodicReport:
    """Take the figures again from the live data (a commune's draft)."""
    if report.status not in REPORT_EDITABLE or report.is_aggregate:
        raise ValidationError("Chỉ lấy lại số liệu cho báo cáo của xã đang soạn hoặc bị trả lại.")
    report.figures = prefilled_figures(report.period.plan, report.unit if report.unit_id else None)
    _save(actor, report, ["figures", "updated_at"])
    return report


def _report_move(*, actor, report: PeriodicReport, action: str, comment: str = "") -> ReportEvent:
    transition = REPORT_TRANSITIONS[action]
    if not transition.allows_from(report.status):
        raise ValidationError(
            f"Không thể “{transition.label}” khi báo cáo đang ở trạng thái “{report.get_status_display()}”."
        )
    if transition.comment_required and not comment.strip():
        raise ValidationError(f"Vui lòng ghi lý do khi “{transition.label}”.")
    _check_guard(actor, transition, report)
    previous = report.status
    report.status = transition.target
    return ReportEvent.objects.create(
        report=report, action=action, from_status=previous, to_status=transition.target, comment=comment.strip(), actor=actor
    )


@transaction.atomic
def report_submit(*, actor, report: PeriodicReport, submitted_on: date | None = None) -> PeriodicReport:
    """Submit; the first submission date stays (a report returned and sent again keeps the
    date it was first sent, as DHIS2 keeps the completion date)."""
    report = PeriodicReport.objects.select_for_update().select_related("period", "period__plan").get(pk=report.pk)
    submitted_on = submitted_on or timezone.localdate()
    if submitted_on > timezone.localdate():
        raise ValidationError("Ngày nộp không được sau ngày hôm nay.")
    if submitted_on < report.period.starts_on:
        raise ValidationError(f"Ngày nộp không được trước ngày đầu kỳ ({report.period.starts_on:%d/%m/%Y}).")
    if not report.narrative.strip():
        raise ValidationError("Vui lòng viết phần kết quả thực hiện, khó khăn, kiến nghị trước khi nộp.")
    _report_move(actor=actor, report=report, action="nop")
    if report.submitted_on is None:
        report.submitted_on = submitted_on
    report.submitted_by = actor
    _save(actor, report, ["status", "submitted_on", "submitted_by", "updated_at"])
    if actor is not None and not report.is_aggregate:
        notify(
            recipients=plan_manager_users(report.period.plan),
            title=f"{report.reporter_name} đã nộp báo cáo {report.period.label}",
            url=reverse("planning:report_detail", args=[report.pk]),
        )
    return report


@transaction.atomic
def report_return(*, actor, report: PeriodicReport, comment: str) -> PeriodicReport:
    report = PeriodicReport.objects.select_for_update().select_related("period", "period__plan").get(pk=report.pk)
    if report.is_aggregate:
        raise ValidationError("Báo cáo tổng hợp không trả lại được.")
    _report_move(actor=actor, report=report, action="tra_lai", comment=comment)
    _save(actor, report, ["status", "updated_at"])
    if actor is not None:
        notify(
            recipients=holder_users(agency_id=report.agency_id, commune_id=report.unit_id),
            title=f"Báo cáo {report.period.label} được trả lại để bổ sung",
            body=comment.strip(),
            url=reverse("planning:report_detail", args=[report.pk]),
        )
    return report


def _sum_figures(reports: list[PeriodicReport]) -> dict[str, dict]:
    totals: dict[str, dict] = {}
    for report in reports:
        for key, entry in (report.figures or {}).items():
            total = totals.setdefault(key, {})
            if "denominator" in entry:
                total["numerator"] = total.get("numerator", 0) + (entry.get("numerator") or 0)
                total["denominator"] = total.get("denominator", 0) + (entry.get("denominator") or 0)
            else:
                total["value"] = total.get("value", 0) + (entry.get("value") or 0)
    for total in totals.values():
        if "denominator" in total:
            total["value"] = round(100 * total["numerator"] / total["denominator"], 2) if total["denominator"] else None
    return totals


def _join_narratives(reports: list[PeriodicReport]) -> str:
    parts = []
    for report in reports:
        text = report.narrative.strip()
        if text:
            parts.append(f"{report.reporter_name}: {text}")
    return "\n\n".join(parts)


@transaction.atomic
def aggregate_prepare(*, actor, period: ReportPeriod, refresh: bool = False, is_sample: bool = False) -> PeriodicReport:
    """The plan's compiled report of a period (to the level above): the sum of the communes'
    submitted figures and their narratives one after the other, editable before it is sent.
    `refresh` recomputes a draft from the reports submitted since."""
    plan = period.plan
    sources = list(
        PeriodicReport.objects.filter(period=period, is_aggregate=False, status=ReportStatus.SUBMITTED)
        .select_related("agency", "unit")
        .order_by("agency_id", "unit__search_text", "id")
    )
    communes = [r for r in sources if r.unit_id]
    agencies = [r for r in sources if r.agency_id]
    report = PeriodicReport.objects.filter(period=period, is_aggregate=True).first()
    if report is not None and not refresh:
        return report
    if report is not None and report.status not in REPORT_EDITABLE:
        raise ValidationError("Báo cáo tổng hợp đã gửi, không tổng hợp lại được.")
    narrative = "\n\n".join(
        part for part in (_join_narratives(agencies), _join_narratives(communes)) if part
    )
    if report is None:
        report = PeriodicReport(period=period, unit=plan.issuing_unit, is_aggregate=True, is_sample=is_sample, created_by=actor)
    report.figures = _sum_figures(communes)
    report.narrative = narrative
    report.full_clean()
    _save(actor, report)
    report.sources.set(sources)
    ReportEvent.objects.create(
        report=report, action="tong_hop", from_status=report.status, to_status=report.status,
        comment=f"Tổng hợp từ {len(sources)} báo cáo đã nộp.", actor=actor,
    )
    return report
