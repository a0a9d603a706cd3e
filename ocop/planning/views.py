"""Pages of plans: the list, a plan with its targets and tasks, creating, loading from a text,
editing, report periods. Thin: check permission, validate a form, call one service or
selector, render. Tasks, reports and the dashboard have their own modules (`task_views`,
`report_views`, `dashboard_views`)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render, resolve_url
from django.views.decorators.http import require_POST

from ocop.core.registers import Register, YearFilter, form_page
from ocop.core.requests import found_or_404, require_perm
from ocop.core.responses import DOCX, file_download
from ocop.planning import documents, forms, parsing, selectors, services
from ocop.planning import holders as holder_names
from ocop.planning import targets as target_progress
from ocop.planning.models import ReportPeriod
from ocop.planning.rules import manages_plan


def _plan_or_404(request, pk):
    return found_or_404(selectors.plan_get(actor=request.user, pk=pk), "kế hoạch")


def _managed_plan_or_403(request, pk):
    plan = _plan_or_404(request, pk)
    require_perm(request, "planning.manage_plan", plan, "Chỉ cơ quan quản lý kế hoạch được thay đổi nội dung này.")
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
    require_perm(request, "planning.add_plan", message="Bạn không có quyền lập kế hoạch.")
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
    require_perm(request, "planning.add_plan", message="Bạn không có quyền lập kế hoạch.")
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
    return form_page(
        request,
        form,
        lambda data: services.report_periods_generate(
            actor=request.user, plan=plan, kinds=data["kinds"],
            due_after_days=data["due_after_days"],
        ),
        template="planning/periods.html",
        success=lambda created: f"Đã tạo {len(created)} kỳ báo cáo.",
        goto=lambda created: resolve_url("planning:periods", pk=plan.pk),
        plan=plan,
        periods=selectors.periods_of(plan),
    )


@login_required
def period_edit(request, pk):
    period = get_object_or_404(ReportPeriod.objects.select_related("plan"), pk=pk)
    plan = _managed_plan_or_403(request, period.plan_id)
    form = forms.PeriodForm(request.POST or None, instance=period)
    return form_page(
        request,
        form,
        lambda data: services.report_period_update(
            actor=request.user, period=period, due_on=data["due_on"], label=data["label"]
        ),
        template="planning/period_form.html",
        success="Đã lưu kỳ báo cáo.",
        goto=lambda _: resolve_url("planning:periods", pk=plan.pk),
        plan=plan,
        period=period,
    )
