"""Writes of report periods, the holders' periodic reports and the plan's compiled report."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from ocop.accounts.models import Agency
from ocop.core.workflow import record_event, transition_apply
from ocop.notifications.services import notify
from ocop.planning import recurrence
from ocop.planning.models import (
    PeriodicReport,
    PeriodKind,
    Plan,
    ReportPeriod,
    TaskAssignment,
)
from ocop.planning.services.recipients import holder_users, plan_manager_users
from ocop.planning.services.saving import save_audited
from ocop.planning.workflow import REPORT_EDITABLE, REPORT_WORKFLOW, ReportStatus
from ocop.territory.models import AdministrativeUnit


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
        save_audited(actor, period)
        created.append(period)
    return created


@transaction.atomic
def report_period_update(*, actor, period: ReportPeriod, due_on: date, label: str | None = None) -> ReportPeriod:
    period.due_on = due_on
    if label:
        period.label = label.strip()
    period.full_clean()
    save_audited(actor, period)
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
    save_audited(actor, report)
    record_event(REPORT_WORKFLOW, report, action="tao", actor=actor)
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
    save_audited(actor, report)
    return report


@transaction.atomic
def report_refresh_figures(*, actor, report: PeriodicReport) -> PeriodicReport:
    """Take the figures again from the live data (a commune's draft)."""
    if report.status not in REPORT_EDITABLE or report.is_aggregate:
        raise ValidationError("Chỉ lấy lại số liệu cho báo cáo của xã đang soạn hoặc bị trả lại.")
    report.figures = prefilled_figures(report.period.plan, report.unit if report.unit_id else None)
    save_audited(actor, report, ["figures", "updated_at"])
    return report


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
    # The move's effect (ocop.planning.workflow) records the date and the submitter.
    report, _ = transition_apply(
        workflow=REPORT_WORKFLOW, record=report, action="nop", actor=actor, payload={"submitted_on": submitted_on},
    )
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
    report, _ = transition_apply(workflow=REPORT_WORKFLOW, record=report, action="tra_lai", actor=actor, comment=comment)
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
    save_audited(actor, report)
    report.sources.set(sources)
    record_event(
        REPORT_WORKFLOW, report, action="tong_hop", from_state=report.status,
        comment=f"Tổng hợp từ {len(sources)} báo cáo đã nộp.", actor=actor,
    )
    return report
