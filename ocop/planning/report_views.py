"""Pages of periodic reports: a plan's report table, starting, editing, returning and
downloading a report, the compiled report. Thin: check permission, validate a form, call one
service or selector, render."""

from __future__ import annotations

from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from ocop.accounts.models import Agency
from ocop.core.feedback import commented_post, error_messages, report_outcome
from ocop.core.requests import found_or_404, require_perm, to_int
from ocop.core.responses import DOCX, XLSX, file_download
from ocop.planning import documents, forms, selectors, services
from ocop.planning.models import PeriodicReport, ReportPeriod
from ocop.planning.reporting import CELL_COLOURS, CELL_LABELS
from ocop.planning.rules import holds, manages_plan
from ocop.planning.views import _managed_plan_or_403, _plan_or_404
from ocop.planning.workflow import ReportStatus
from ocop.territory.models import AdministrativeUnit


@login_required
def report_index(request):
    """Plans with report periods the user may see; the first one opens directly."""
    plans = list(selectors.plan_list(actor=request.user).filter(periods__isnull=False).distinct())
    plan_id = to_int(request.GET.get("ke_hoach"))
    if plan_id:
        return redirect("planning:plan_reports", pk=plan_id)
    if len(plans) == 1:
        return redirect("planning:plan_reports", pk=plans[0].pk)
    return render(request, "planning/report_index.html", {"plans": plans})


@login_required
def plan_reports(request, pk):
    plan = _plan_or_404(request, pk)
    is_manager = manages_plan(request.user, plan)
    reporters = selectors.reporters_of(plan) if is_manager else selectors.reporters_held_by(actor=request.user, plan=plan)
    reports = selectors.reports_of(plan)
    completeness = selectors.plan_completeness(plan, reporters=reporters, reports=reports)
    by_key = {}
    for report in reports:
        if report.is_aggregate:
            by_key[("aggregate", report.period_id)] = report
        else:
            key = ("agency", report.agency_id) if report.agency_id else ("unit", report.unit_id)
            by_key[(key, report.period_id)] = report
    rows = []
    for row in completeness.rows:
        cells = []
        for period, status, submitted_on in row.cells:
            report = by_key.get((row.reporter.key, period.key))
            cells.append({"period": period, "status": status, "label": CELL_LABELS[status],
                          "colour": CELL_COLOURS[status], "submitted_on": submitted_on, "report": report,
                          "reporter_key": row.reporter.key})
        rows.append({"reporter": row.reporter, "cells": cells, "rate": row.rate})
    periods = selectors.periods_of(plan)
    aggregates = [(period, by_key.get(("aggregate", period.pk))) for period in periods]
    return render(
        request,
        "planning/plan_reports.html",
        {
            "plan": plan,
            "completeness": completeness,
            "rows": rows,
            "aggregates": aggregates,
            "is_manager": is_manager,
            "legend": [(CELL_LABELS[k], CELL_COLOURS[k]) for k in CELL_LABELS],
            "today": timezone.localdate(),
        },
    )


@login_required
@require_POST
def report_start(request, period_pk):
    period = get_object_or_404(ReportPeriod.objects.select_related("plan"), pk=period_pk)
    plan = _plan_or_404(request, period.plan_id)
    agency = unit = None
    if to_int(request.POST.get("co_quan")):
        agency = get_object_or_404(Agency, pk=int(request.POST["co_quan"]))
    elif to_int(request.POST.get("xa")):
        unit = get_object_or_404(AdministrativeUnit, pk=int(request.POST["xa"]))
    else:
        raise Http404("Thiếu đơn vị báo cáo.")
    allowed = manages_plan(request.user, plan) or holds(
        request.user, agency_id=agency.pk if agency else None, commune_id=unit.pk if unit else None
    )
    if not allowed:
        raise PermissionDenied("Bạn không được lập báo cáo cho đơn vị này.")
    try:
        report = services.report_prepare(actor=request.user, period=period, agency=agency, unit=unit)
    except ValidationError as error:
        error_messages(request, error)
        return redirect("planning:plan_reports", pk=plan.pk)
    return redirect("planning:report_edit", pk=report.pk)


@login_required
@require_POST
def aggregate_start(request, period_pk):
    period = get_object_or_404(ReportPeriod.objects.select_related("plan"), pk=period_pk)
    plan = _managed_plan_or_403(request, period.plan_id)
    try:
        report = services.aggregate_prepare(actor=request.user, period=period, refresh=request.POST.get("lam_moi") == "1")
    except ValidationError as error:
        error_messages(request, error)
        return redirect("planning:plan_reports", pk=plan.pk)
    return redirect("planning:report_edit", pk=report.pk)


def _report_or_404(request, pk) -> PeriodicReport:
    return found_or_404(selectors.report_get(actor=request.user, pk=pk), "báo cáo")


@login_required
def report_detail(request, pk):
    report = _report_or_404(request, pk)
    data = documents.report_data(report)
    return render(
        request,
        "planning/report_detail.html",
        {
            "report": report,
            "data": data,
            "can_edit": request.user.has_perm("planning.submit_report", report),
            "can_return": request.user.has_perm("planning.review_report", report) and report.status == ReportStatus.SUBMITTED,
            "return_form": forms.CommentForm(),
            "events": list(report.events.select_related("actor")),
        },
    )


@login_required
def report_edit(request, pk):
    report = _report_or_404(request, pk)
    require_perm(request, "planning.submit_report", report, "Báo cáo đã nộp hoặc bạn không được sửa báo cáo này.")
    form = forms.ReportForm(request.POST or None, report=report)
    if request.method == "POST" and form.is_valid():
        try:
            report = services.report_save(
                actor=request.user, report=report, narrative=form.cleaned_data["narrative"],
                figures=form.figures(), number=form.cleaned_data["number"],
            )
            if request.POST.get("nop") == "1":
                services.report_submit(actor=request.user, report=report)
                messages.success(request, "Đã nộp báo cáo.")
                return redirect("planning:report_detail", pk=report.pk)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Đã lưu báo cáo (chưa nộp).")
            return redirect("planning:report_edit", pk=report.pk)
    return render(request, "planning/report_form.html", {"report": report, "form": form})


@login_required
@require_POST
def report_refresh(request, pk):
    report = _report_or_404(request, pk)
    require_perm(request, "planning.submit_report", report, "Bạn không được sửa báo cáo này.")
    if report.is_aggregate:
        refresh = partial(services.aggregate_prepare, actor=request.user, period=report.period, refresh=True)
    else:
        refresh = partial(services.report_refresh_figures, actor=request.user, report=report)
    report_outcome(request, refresh, success="Đã lấy lại số liệu từ dữ liệu hiện có.")
    return redirect("planning:report_edit", pk=report.pk)


report_return = commented_post(
    record_or_404=_report_or_404,
    perm="planning.review_report", refusal="Chỉ cơ quan quản lý kế hoạch được trả lại báo cáo.",
    form_class=forms.CommentForm,
    action=lambda actor, report, comment: services.report_return(actor=actor, report=report, comment=comment),
    success="Đã trả lại báo cáo để bổ sung.", missing="Vui lòng ghi lý do trả lại.", back="planning:report_detail",
)


@login_required
def report_docx(request, pk):
    report = _report_or_404(request, pk)
    return file_download(documents.report_docx(report), content_type=DOCX, filename=documents.report_filename(report, "docx"))


@login_required
def report_xlsx(request, pk):
    report = _report_or_404(request, pk)
    return file_download(documents.report_xlsx(report), content_type=XLSX, filename=documents.report_filename(report, "xlsx"))


