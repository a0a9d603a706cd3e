"""Pages of business plans (phương án sản xuất kinh doanh).

Thin views (docs/architecture.md).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from ocop.accounts.filters import UnitFilter
from ocop.business_plans import forms, selectors, services
from ocop.business_plans.models import PLAN_WORKFLOW
from ocop.business_plans.workflow import PLAN_EDITABLE, PLAN_TRANSITIONS, PlanStatus
from ocop.core.feedback import report_outcome
from ocop.core.registers import (
    ChoiceFilter,
    Register,
    Search,
    attachment_response,
    form_post,
    transition_post,
)
from ocop.core.requests import found_or_404, int_param, require_perm
from ocop.ideas.forms import CommentForm, row_formset
from ocop.ideas.selectors import idea_get
from ocop.territory.selectors import current_units_map, with_current_units

# -- business plans ----------------------------------------------------------------------------

INVESTMENT_NAMES = ("item", "amount")
YEAR_NAMES = ("year", "revenue", "cost")


def _plan_formsets(request, plan=None):
    data = request.POST if request.method == "POST" else None
    investments = [(row.item, row.amount) for row in plan.investments.all()] if plan else []
    years = [(row.year, row.revenue, row.cost) for row in plan.years.all()] if plan else []
    return (
        row_formset(
            forms.InvestmentFormSet, data, "dau_tu", [dict(zip(INVESTMENT_NAMES, r, strict=True)) for r in investments]
        ),
        row_formset(forms.PlanYearFormSet, data, "nam", [dict(zip(YEAR_NAMES, r, strict=True)) for r in years]),
    )


PLANS = Register(
    template="business_plans/plan_list.html",
    filters=(
        Search(placeholder="Tên phương án, chủ thể…", column="col-12 col-md-3"),
        UnitFilter(),
        ChoiceFilter("trang_thai", "Trạng thái", PlanStatus.choices, column="col-6 col-md-3"),
    ),
    create_perm="business_plans.add_businessplan",
)


@login_required
def plan_list(request):
    return PLANS.render(
        request,
        lambda f: selectors.plan_list(actor=request.user, q=f["q"], unit=f["don_vi"], status=f["trang_thai"]),
        rows=with_current_units,
    )


@login_required
def plan_create(request):
    require_perm(request, "business_plans.add_businessplan", message="Bạn không có quyền lập phương án kinh doanh.")
    initial = {}
    idea_id = int_param(request, "y_tuong")
    if idea_id:
        idea = idea_get(actor=request.user, pk=idea_id)
        if idea is not None:
            initial = {"idea": idea.pk, "producer": idea.producer_id, "title": f"Phương án sản xuất, kinh doanh {idea.name}", "market": idea.intended_market, "raw_materials": idea.raw_materials, "product": idea.product_id}
    form = forms.PlanForm(request.POST or None, initial=initial, user=request.user)
    investments, years = _plan_formsets(request)
    if request.method == "POST" and form.is_valid() and investments.is_valid() and years.is_valid():
        try:
            plan = services.plan_create(
                actor=request.user,
                investments=investments.rows(*INVESTMENT_NAMES),
                years=years.rows(*YEAR_NAMES),
                **form.cleaned_data,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, f"Đã lưu phương án “{plan.title}” (nháp).")
            return redirect("business_plans:detail", pk=plan.pk)
    return render(
        request,
        "business_plans/plan_form.html",
        {"form": form, "investments": investments, "years": years, "plan": None},
    )


@login_required
def plan_detail(request, pk):
    plan = found_or_404(selectors.plan_get(actor=request.user, pk=pk), "phương án")
    transitions = PLAN_WORKFLOW.available(request.user, plan)
    can_edit = plan.status in PLAN_EDITABLE and request.user.has_perm("business_plans.change_businessplan", plan)
    years = list(plan.years.all())
    return render(
        request,
        "business_plans/plan_detail.html",
        {
            "plan": plan,
            "current_units": current_units_map([plan.commune_id]).get(plan.commune_id, []),
            "events": selectors.plan_events(plan),
            "transitions": transitions,
            "comment_form": CommentForm(),
            "can_edit": can_edit,
            "attachment_form": forms.AttachmentForm() if can_edit else None,
            "years": years,
            "investment_total": sum(row.amount for row in plan.investments.all()),
            "totals": {
                "revenue": sum(y.revenue for y in years),
                "cost": sum(y.cost for y in years),
                "profit": sum(y.profit for y in years),
            },
        },
    )


def _editable_plan(request, pk, message):
    plan = found_or_404(selectors.plan_get(actor=request.user, pk=pk), "phương án")
    if plan.status not in PLAN_EDITABLE:
        raise PermissionDenied(f"Phương án đang ở trạng thái “{plan.get_status_display()}”, không sửa được nữa.")
    require_perm(request, "business_plans.change_businessplan", plan, message)
    return plan


@login_required
def plan_edit(request, pk):
    plan = _editable_plan(request, pk, "Bạn chỉ được xem phương án này.")
    form = forms.PlanForm(request.POST or None, instance=plan, user=request.user)
    investments, years = _plan_formsets(request, plan)
    if request.method == "POST" and form.is_valid() and investments.is_valid() and years.is_valid():
        try:
            services.plan_update(
                actor=request.user,
                plan=plan,
                investments=investments.rows(*INVESTMENT_NAMES),
                years=years.rows(*YEAR_NAMES),
                **form.cleaned_data,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, "Đã lưu thay đổi.")
            return redirect("business_plans:detail", pk=plan.pk)
    return render(request, "business_plans/plan_form.html", {"form": form, "investments": investments, "years": years, "plan": plan})


@login_required
@require_POST
def plan_transition(request, pk, action):
    plan = found_or_404(selectors.plan_get(actor=request.user, pk=pk), "phương án")
    transition_post(
        request, plan, PLAN_TRANSITIONS.get(action), CommentForm(request.POST),
        lambda comment: services.plan_transition(actor=request.user, plan=plan, action=action, comment=comment),
    )
    return redirect("business_plans:detail", pk=plan.pk)


@login_required
@require_POST
def plan_attachment_add(request, pk):
    plan = _editable_plan(request, pk, "Bạn không được thêm tệp vào phương án này.")
    form_post(
        request, forms.AttachmentForm(request.POST, request.FILES),
        lambda data: services.plan_attachment_add(actor=request.user, plan=plan, uploaded=data["file"], caption=data["caption"]),
        success="Đã thêm tệp đính kèm.",
    )
    return redirect("business_plans:detail", pk=plan.pk)


@login_required
@require_POST
def plan_attachment_delete(request, pk, attachment_pk):
    plan = _editable_plan(request, pk, "Bạn không được xóa tệp của phương án này.")
    attachment = get_object_or_404(plan.attachments, pk=attachment_pk)
    report_outcome(
        request,
        lambda: services.plan_attachment_delete(actor=request.user, attachment=attachment),
        success="Đã xóa tệp.",
    )
    return redirect("business_plans:detail", pk=plan.pk)


@login_required
def plan_attachment_download(request, pk, attachment_pk):
    """Attachments are served through the permission check, never by a guessable URL alone."""
    plan = found_or_404(selectors.plan_get(actor=request.user, pk=pk), "phương án")
    return attachment_response(get_object_or_404(plan.attachments, pk=attachment_pk), default_name="tep")
