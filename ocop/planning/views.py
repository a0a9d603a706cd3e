"""Pages of plans, tasks, periodic reports and the dashboard. Thin: check permission, validate
a form, call one service or selector, render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from ocop.accounts.models import Agency
from ocop.core.charts import render as render_chart
from ocop.core.feedback import error_messages
from ocop.core.registers import CheckFilter, ChoiceFilter, IntFilter, Register, YearFilter
from ocop.core.requests import to_int
from ocop.core.responses import DOCX, XLSX, file_download
from ocop.planning import dashboards, documents, forms, parsing, selectors, services
from ocop.planning import holders as holder_names
from ocop.planning import targets as target_progress
from ocop.planning.models import PeriodicReport, ProgressEvidence, ReportPeriod
from ocop.planning.reporting import CELL_COLOURS, CELL_LABELS
from ocop.planning.rules import holds, manages_plan
from ocop.planning.workflow import REPORT_EDITABLE, ReportStatus, TaskStatus
from ocop.territory.models import AdministrativeUnit


def _plan_or_404(request, pk):
    plan = selectors.plan_get(actor=request.user, pk=pk)
    if plan is None:
        raise Http404("Không tìm thấy kế hoạch hoặc bạn không có quyền xem.")
    return plan


def _managed_plan_or_403(request, pk):
    plan = _plan_or_404(request, pk)
    if not request.user.has_perm("planning.manage_plan", plan):
        raise PermissionDenied("Chỉ cơ quan quản lý kế hoạch được thay đổi nội dung này.")
    return plan


# -- plans -------------------------------------------------------------------------------------


def _plan_years(request):
    return selectors.plan_years(actor=request.user)


PLANS = Register(
    template="planning/plan_list.html",
    filters=(YearFilter(_plan_years, column="col-6 col-md-3"),),
    create_perm="planning.add_plan",
    submit_column="col-6 col-md-2",
    base_template="planning/_base.html",
)


@login_required
def plan_list(request):
    return PLANS.render(request, lambda f: selectors.plan_list(actor=request.user, year=f["nam"]))


@login_required
def plan_detail(request, pk):
    plan = _plan_or_404(request, pk)
    bases, solutions, targets, responsibilities = selectors.plan_sections(plan)
    is_manager = manages_plan(request.user, plan)
    visible = selectors.with_states(selectors.assignment_list(actor=request.user, plan=plan))
    states = {a.pk: state for a, state in visible}
    plan_progress = target_progress.plan_progress(plan, mode=request.GET.get("dia_gioi") or target_progress.NEW)
    return render(
        request,
        "planning/plan_detail.html",
        {
            "plan": plan,
            "bases": bases,
            "solutions": solutions,
            "target_rows": plan_progress.targets,
            "responsibilities": responsibilities,
            "states": states,
            "is_manager": is_manager,
            "communes": list(plan.communes.order_by("search_text")),
        },
    )


@login_required
def plan_create(request):
    if not request.user.has_perm("planning.add_plan"):
        raise PermissionDenied("Bạn không có quyền lập kế hoạch.")
    form = forms.PlanForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in form.Meta.fields}
        try:
            plan = services.plan_create(actor=request.user, bases=form.bases(), **fields)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Đã lập kế hoạch. Tiếp theo: thêm chỉ tiêu, nhiệm vụ và kỳ báo cáo.")
            return redirect("planning:detail", pk=plan.pk)
    return render(request, "planning/plan_form.html", {"form": form, "plan": None})


@login_required
def plan_import(request):
    """Load a plan from its text: parse it, let the office confirm who each heading of mục IV
    means, then create the plan, its targets and tasks (services.plan_import)."""
    if not request.user.has_perm("planning.add_plan"):
        raise PermissionDenied("Bạn không có quyền lập kế hoạch.")
    form = forms.PlanImportForm(request.POST or None, request.FILES or None, user=request.user)
    context = {"form": form}
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            parsed = parsing.parse_plan(data["text"])
        except parsing.ParseError as error:
            form.add_error("text", f"Không đọc được kế hoạch: {error}")
            return render(request, "planning/plan_import.html", context)
        agencies = holder_names.candidate_agencies(data["issuing_unit"])
        suggestions = {
            item.number: (holder_names.suggest(item.heading, agencies), holder_names.is_all_communes(item.heading))
            for item in parsed.responsibilities
        }
        holders_form = forms.HolderForm(
            request.POST if request.POST.get("buoc") == "2" else None,
            responsibilities=parsed.responsibilities, agencies=agencies, suggestions=suggestions,
        )
        form.data = form.data.copy()
        form.data["text"] = data["text"]  # a file read at step 1 travels on as text
        context.update({"parsed": parsed, "holders_form": holders_form})
        if request.POST.get("buoc") == "2" and holders_form.is_valid():
            holders = {
                item.number: services.HolderSpec(
                    agencies=[(a, holder_names.aliases(a)) for a in holders_form.cleaned_data[f"r{item.number}_agencies"]],
                    all_communes=holders_form.cleaned_data[f"r{item.number}_communes"],
                )
                for item in parsed.responsibilities
            }
            try:
                plan = services.plan_import(
                    actor=request.user, parsed=parsed, issuing_unit=data["issuing_unit"], year=data["year"],
                    number=data["number"], issued_on=data["issued_on"], holders=holders, periodic=data["periodic"],
                    source_note="Nạp từ văn bản kế hoạch trên trang “Nạp kế hoạch từ văn bản”",
                )
            except ValidationError as error:
                holders_form.add_error(None, error)
            else:
                messages.success(request, "Đã nạp kế hoạch. Hãy kiểm tra hạn các nhiệm vụ và tạo kỳ báo cáo.")
                return redirect("planning:detail", pk=plan.pk)
    return render(request, "planning/plan_import.html", context)


@login_required
def plan_edit(request, pk):
    plan = _managed_plan_or_403(request, pk)
    form = forms.PlanForm(request.POST or None, instance=plan, user=request.user)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in form.Meta.fields}
        try:
            services.plan_update(actor=request.user, plan=plan, bases=form.bases(), **fields)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Đã lưu kế hoạch.")
            return redirect("planning:detail", pk=plan.pk)
    return render(request, "planning/plan_form.html", {"form": form, "plan": plan})


@login_required
def plan_docx(request, pk):
    plan = _plan_or_404(request, pk)
    return file_download(documents.plan_docx(plan), content_type=DOCX, filename=documents.plan_filename(plan, "docx"))


@login_required
def target_form(request, pk, target_pk=None):
    plan = _managed_plan_or_403(request, pk)
    target = None
    if target_pk is not None:
        target = selectors.target_get(plan=plan, pk=target_pk)
        if target is None:
            raise Http404("Không tìm thấy chỉ tiêu.")
    form = forms.TargetForm(request.POST or None, instance=target)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in form.Meta.fields}
        try:
            if target is None:
                services.target_create(actor=request.user, plan=plan, **fields)
            else:
                services.target_update(actor=request.user, target=target, **fields)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Đã lưu chỉ tiêu.")
            return redirect("planning:detail", pk=plan.pk)
    return render(request, "planning/target_form.html", {"form": form, "plan": plan, "target": target})


@login_required
@require_POST
def target_delete(request, pk, target_pk):
    plan = _managed_plan_or_403(request, pk)
    target = selectors.target_get(plan=plan, pk=target_pk)
    if target is None:
        raise Http404("Không tìm thấy chỉ tiêu.")
    services.target_delete(actor=request.user, target=target)
    messages.success(request, "Đã xóa chỉ tiêu.")
    return redirect("planning:detail", pk=plan.pk)


@login_required
def task_create(request, pk):
    plan = _managed_plan_or_403(request, pk)
    form = forms.TaskForm(request.POST or None, plan=plan)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.task_create(
                actor=request.user,
                responsibility=data["responsibility"],
                plan=plan,
                new_heading=data["new_heading"],
                content=data["content"],
                role=data["role"],
                deadline=data["deadline"],
                recurrence=data["recurrence"] or "",
                recurrence_due_days=data["recurrence_due_days"],
                agencies=data["agencies"],
                communes=data["communes"],
                coordinating_agencies=data["coordinating_agencies"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Đã giao nhiệm vụ.")
            return redirect("planning:detail", pk=plan.pk)
    return render(request, "planning/task_form.html", {"form": form, "plan": plan})


@login_required
def periods(request, pk):
    plan = _managed_plan_or_403(request, pk)
    form = forms.PeriodGenerateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            created = services.report_periods_generate(
                actor=request.user, plan=plan, kinds=form.cleaned_data["kinds"],
                due_after_days=form.cleaned_data["due_after_days"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"Đã tạo {len(created)} kỳ báo cáo.")
            return redirect("planning:periods", pk=plan.pk)
    return render(request, "planning/periods.html", {"plan": plan, "form": form, "periods": selectors.periods_of(plan)})


@login_required
def period_edit(request, pk):
    period = get_object_or_404(ReportPeriod.objects.select_related("plan"), pk=pk)
    plan = _managed_plan_or_403(request, period.plan_id)
    form = forms.PeriodForm(request.POST or None, instance=period)
    if request.method == "POST" and form.is_valid():
        try:
            services.report_period_update(
                actor=request.user, period=period, due_on=form.cleaned_data["due_on"], label=form.cleaned_data["label"]
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Đã lưu kỳ báo cáo.")
            return redirect("planning:periods", pk=plan.pk)
    return render(request, "planning/period_form.html", {"plan": plan, "period": period, "form": form})


# -- tasks -------------------------------------------------------------------------------------


def _plan_options(request):
    plans = selectors.plan_list(actor=request.user, year=to_int(request.GET.get("nam")))
    return [(p.pk, f"{p.year} – {p.issuer_name}") for p in plans]


ASSIGNMENTS = Register(
    template="planning/assignment_list.html",
    filters=(
        YearFilter(_plan_years),
        IntFilter("ke_hoach", "Kế hoạch", _plan_options, column="col-12 col-md-4"),
        ChoiceFilter("tinh_trang", "Tình trạng", list(selectors.STATUS_FILTER_LABELS.items()), column="col-6 col-md-3"),
        CheckFilter("cua_toi", "Của tôi", column="col-6 col-md-1"),
    ),
    base_template="planning/_base.html",
)


def _with_states(page_obj):
    # A list when the status filter was decided in Python; otherwise one page of
    # assignments from SQL, then the states of that page only. The page itself holds the
    # (assignment, state) pairs, as it always has.
    if not isinstance(page_obj.object_list, list):
        page_obj.object_list = selectors.with_states(page_obj.object_list)
    return page_obj


@login_required
def assignment_list(request):
    plan_id = to_int(request.GET.get("ke_hoach"))
    plan = _plan_or_404(request, plan_id) if plan_id else None

    def select(f):
        queryset = selectors.assignment_list(actor=request.user, plan=plan, year=f["nam"], mine=f["cua_toi"])
        return selectors.assignments_by_status(queryset, f["tinh_trang"])

    return ASSIGNMENTS.render(request, select, rows=_with_states, selected_plan=plan)


def _assignment_or_404(request, pk):
    assignment = selectors.assignment_get(actor=request.user, pk=pk)
    if assignment is None:
        raise Http404("Không tìm thấy nhiệm vụ hoặc bạn không có quyền xem.")
    return assignment


@login_required
def assignment_detail(request, pk):
    assignment = _assignment_or_404(request, pk)
    can_update = request.user.has_perm("planning.update_assignment", assignment) and assignment.status != TaskStatus.DONE
    form = forms.ProgressForm(request.POST or None, request.FILES or None) if can_update else None
    if request.method == "POST":
        if not can_update:
            raise PermissionDenied("Bạn không được cập nhật tiến độ nhiệm vụ này.")
        if form.is_valid():
            try:
                services.progress_update_create(
                    actor=request.user,
                    assignment=assignment,
                    progress=form.cleaned_data["progress"],
                    narrative=form.cleaned_data["narrative"],
                    reported_on=form.cleaned_data["reported_on"],
                    files=form.cleaned_data["files"],
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, "Đã cập nhật tiến độ.")
                return redirect("planning:assignment_detail", pk=assignment.pk)
    state = selectors.with_states([assignment])[0][1]
    return render(
        request,
        "planning/assignment_detail.html",
        {
            "assignment": assignment,
            "state": state,
            "updates": selectors.assignment_updates(assignment),
            "others": selectors.co_assignments(assignment),
            "events": list(assignment.events.select_related("actor")),
            "form": form,
            "can_reopen": request.user.has_perm("planning.manage_assignment", assignment)
            and assignment.status == TaskStatus.DONE,
            "reopen_form": forms.CommentForm(),
        },
    )


@login_required
@require_POST
def assignment_reopen(request, pk):
    assignment = _assignment_or_404(request, pk)
    if not request.user.has_perm("planning.manage_assignment", assignment):
        raise PermissionDenied("Chỉ cơ quan quản lý kế hoạch được mở lại nhiệm vụ.")
    form = forms.CommentForm(request.POST)
    if form.is_valid():
        try:
            services.assignment_reopen(actor=request.user, assignment=assignment, comment=form.cleaned_data["comment"])
        except ValidationError as error:
            error_messages(request, error)
        else:
            messages.success(request, "Đã mở lại nhiệm vụ.")
    else:
        messages.error(request, "Vui lòng ghi lý do mở lại nhiệm vụ.")
    return redirect("planning:assignment_detail", pk=assignment.pk)


@login_required
def evidence_download(request, pk):
    evidence = get_object_or_404(ProgressEvidence.objects.select_related("update"), pk=pk)
    _assignment_or_404(request, evidence.update.assignment_id)
    response = FileResponse(
        evidence.file.open("rb"),
        content_type=evidence.content_type,
        as_attachment=request.GET.get("tai") == "1",
        filename=evidence.original_name,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


# -- periodic reports --------------------------------------------------------------------------


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
    report = selectors.report_get(actor=request.user, pk=pk)
    if report is None:
        raise Http404("Không tìm thấy báo cáo hoặc bạn không có quyền xem.")
    return report


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
    if not request.user.has_perm("planning.submit_report", report):
        raise PermissionDenied("Báo cáo đã nộp hoặc bạn không được sửa báo cáo này.")
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
    if not request.user.has_perm("planning.submit_report", report):
        raise PermissionDenied("Bạn không được sửa báo cáo này.")
    try:
        if report.is_aggregate:
            services.aggregate_prepare(actor=request.user, period=report.period, refresh=True)
        else:
            services.report_refresh_figures(actor=request.user, report=report)
    except ValidationError as error:
        error_messages(request, error)
    else:
        messages.success(request, "Đã lấy lại số liệu từ dữ liệu hiện có.")
    return redirect("planning:report_edit", pk=report.pk)


@login_required
@require_POST
def report_return(request, pk):
    report = _report_or_404(request, pk)
    if not request.user.has_perm("planning.review_report", report):
        raise PermissionDenied("Chỉ cơ quan quản lý kế hoạch được trả lại báo cáo.")
    form = forms.CommentForm(request.POST)
    if form.is_valid():
        try:
            services.report_return(actor=request.user, report=report, comment=form.cleaned_data["comment"])
        except ValidationError as error:
            error_messages(request, error)
        else:
            messages.success(request, "Đã trả lại báo cáo để bổ sung.")
    else:
        messages.error(request, "Vui lòng ghi lý do trả lại.")
    return redirect("planning:report_detail", pk=report.pk)


@login_required
def report_docx(request, pk):
    report = _report_or_404(request, pk)
    return file_download(documents.report_docx(report), content_type=DOCX, filename=documents.report_filename(report, "docx"))


@login_required
def report_xlsx(request, pk):
    report = _report_or_404(request, pk)
    return file_download(documents.report_xlsx(report), content_type=XLSX, filename=documents.report_filename(report, "xlsx"))


# -- dashboard ---------------------------------------------------------------------------------


def _dashboard_board(request):
    """The plan, year, view and board the dashboard's query string selects."""
    if not request.user.has_perm("planning.view_dashboard"):
        raise PermissionDenied("Bạn không có quyền xem bảng điều khiển kế hoạch.")
    years = selectors.plan_years(actor=request.user)
    year = to_int(request.GET.get("nam")) or (years[0] if years else None)
    plans = list(selectors.plan_list(actor=request.user, year=year)) if year else []
    plan_id = to_int(request.GET.get("ke_hoach"))
    plan = next((p for p in plans if p.pk == plan_id), plans[0] if plans else None)
    mode = request.GET.get("dia_gioi") if request.GET.get("dia_gioi") in dict(target_progress.MODE_CHOICES) else target_progress.NEW
    board = dashboards.plan_dashboard(actor=request.user, plan=plan, mode=mode) if plan else None
    return board, plan, plans, years, year, mode


# How long the data of a page's charts waits for the page to ask for their drawings.
CHART_DATA_SECONDS = 3600


def _chart_data_key(digest: str) -> str:
    return f"ocop:dashboard-chart:{digest}"


@login_required
def dashboard(request):
    board, plan, plans, years, year, mode = _dashboard_board(request)
    if board is not None:
        # Each chart is drawn later, when the page asks for it; its data wait in the cache under
        # a digest of themselves, so that request draws without computing the board again.
        charts = [chart for _, chart in board.target_charts if chart] + list(board.charts.values())
        cache.set_many({_chart_data_key(c.digest): c.chart for c in charts}, CHART_DATA_SECONDS)
    return render(
        request,
        "planning/dashboard.html",
        {
            "board": board,
            "plan": plan,
            "plans": plans,
            "years": years,
            "year": year,
            "mode": mode,
            "modes": target_progress.MODE_CHOICES,
            "report_editable": REPORT_EDITABLE,
        },
    )


@login_required
def dashboard_chart(request):
    """One chart of the dashboard as inline SVG, fetched by the page when it scrolls into view
    (htmx `intersect once`): the page answers without drawing, each chart is drawn on demand and
    then served from the chart cache (a digest of its data)."""
    if not request.user.has_perm("planning.view_dashboard"):
        raise PermissionDenied("Bạn không có quyền xem bảng điều khiển kế hoạch.")
    digest = request.GET.get("d", "")
    data = cache.get(_chart_data_key(digest)) if len(digest) == 64 else None
    if data is not None:
        # The digest names data this page computed for this user's scope moments ago.
        return HttpResponse(render_chart(data).svg)
    board, *_ = _dashboard_board(request)
    chart = board.chart(request.GET.get("bieu_do", "")) if board else None
    if chart is None:
        raise Http404("Không có biểu đồ này.")
    return HttpResponse(chart.svg)
