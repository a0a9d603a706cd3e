"""Pages of product surveys, focus products, support activities, funding and budgets.

Thin views (docs/architecture.md).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from ocop.accounts.filters import UnitFilter
from ocop.core.feedback import report_outcome
from ocop.core.registers import (
    ChoiceFilter,
    Register,
    Search,
    YearFilter,
    bind_filters,
    form_page,
    form_post,
)
from ocop.core.requests import found_or_404, int_param, require_perm
from ocop.ideas.forms import programme_years, row_formset
from ocop.support import forms, selectors, services
from ocop.support.models import FocusStatus, FundingSource, SupportType
from ocop.territory.selectors import current_units_map

# -- surveys -----------------------------------------------------------------------------------


def _survey_url(survey) -> str:
    return reverse("support:survey_detail", args=[survey.pk])


SURVEYS = Register(
    template="support/survey_list.html",
    filters=(Search("Tìm sản phẩm"), UnitFilter()),
    create_perm="support.add_productsurvey",
)


def _surveys_with_current_units(page) -> list[tuple]:
    """(survey, today's units of its product's commune) for the page, one lookup."""
    current = current_units_map([survey.product.commune_id for survey in page])
    return [(survey, current.get(survey.product.commune_id, [])) for survey in page]


@login_required
def survey_list(request):
    return SURVEYS.render(
        request,
        lambda f: selectors.survey_list(actor=request.user, q=f["q"], unit=f["don_vi"]),
        rows=_surveys_with_current_units,
    )


@login_required
def survey_create(request):
    require_perm(request, "support.add_productsurvey", message="Bạn không có quyền ghi phiếu khảo sát.")
    initial = {"product": int_param(request, "san_pham")} if int_param(request, "san_pham") else {}
    form = forms.SurveyForm(request.POST or None, initial=initial, user=request.user)
    return form_page(
        request, form, lambda data: services.survey_create(actor=request.user, **data),
        template="ideas/form.html", goto=_survey_url, success="Đã lưu phiếu khảo sát.",
        title="Khảo sát, đánh giá thực trạng sản phẩm", cancel_url="support:survey_list",
    )


@login_required
def survey_detail(request, pk):
    survey = found_or_404(selectors.survey_get(actor=request.user, pk=pk), "phiếu khảo sát")
    return render(
        request,
        "support/survey_detail.html",
        {"survey": survey, "can_edit": request.user.has_perm("support.change_productsurvey", survey)},
    )


@login_required
def survey_edit(request, pk):
    survey = found_or_404(selectors.survey_get(actor=request.user, pk=pk), "phiếu khảo sát")
    require_perm(request, "support.change_productsurvey", survey, "Bạn chỉ được xem phiếu khảo sát này.")
    form = forms.SurveyForm(request.POST or None, instance=survey, user=request.user)
    return form_page(
        request, form, lambda data: services.survey_update(actor=request.user, survey=survey, **data),
        template="ideas/form.html", goto=_survey_url, success="Đã lưu thay đổi.",
        title=f"Sửa {survey}", cancel_url="support:survey_list",
    )


# -- focus products ----------------------------------------------------------------------------


FOCUS_SELECTIONS = Register(
    template="support/focus_list.html",
    filters=(UnitFilter(), YearFilter(programme_years)),
    create_perm="support.add_focusselection",
)


@login_required
def focus_list(request):
    return FOCUS_SELECTIONS.render(
        request, lambda f: selectors.focus_list(actor=request.user, year=f["nam"], unit=f["don_vi"])
    )


@login_required
def focus_create(request):
    require_perm(request, "support.add_focusselection", message="Chỉ cơ quan tham mưu OCOP cấp tỉnh lựa chọn sản phẩm trọng tâm.")
    form = forms.FocusSelectionForm(request.POST or None, user=request.user)
    return form_page(
        request, form, lambda data: services.focus_selection_create(actor=request.user, **data),
        template="ideas/form.html", goto=lambda selection: reverse("support:focus_detail", args=[selection.pk]),
        success="Đã tạo danh sách sản phẩm trọng tâm (dự thảo).",
        title="Lựa chọn sản phẩm trọng tâm", cancel_url="support:focus_list",
    )


@login_required
def focus_detail(request, pk):
    selection = found_or_404(selectors.focus_get(actor=request.user, pk=pk), "danh sách sản phẩm trọng tâm")
    rows = selectors.focus_rows(selection)
    can_edit = selection.status == FocusStatus.DRAFT and request.user.has_perm("support.change_focusselection", selection)
    item_form = None
    if can_edit:
        ideas, products = selectors.focus_candidates(selection)
        item_form = forms.FocusItemForm(ideas=ideas, products=products)
    return render(
        request,
        "support/focus_detail.html",
        {
            "selection": selection,
            "rows": rows,
            "warning": services.focus_range_warning(selection, len(rows)),
            "can_edit": can_edit,
            "item_form": item_form,
            "approve_form": forms.FocusApproveForm() if can_edit else None,
            "is_draft": selection.status == FocusStatus.DRAFT,
        },
    )


def _editable_focus(request, pk):
    selection = found_or_404(selectors.focus_get(actor=request.user, pk=pk), "danh sách sản phẩm trọng tâm")
    if selection.status != FocusStatus.DRAFT:
        raise PermissionDenied("Danh sách sản phẩm trọng tâm đã phê duyệt, không sửa được nữa.")
    require_perm(request, "support.change_focusselection", selection, "Bạn không được sửa danh sách sản phẩm trọng tâm này.")
    return selection


@login_required
@require_POST
def focus_item_add(request, pk):
    selection = _editable_focus(request, pk)
    ideas, products = selectors.focus_candidates(selection)
    form_post(
        request, forms.FocusItemForm(request.POST, ideas=ideas, products=products),
        lambda data: services.focus_item_add(actor=request.user, selection=selection, **data),
        success="Đã thêm vào danh sách trọng tâm.",
    )
    return redirect("support:focus_detail", pk=selection.pk)


@login_required
@require_POST
def focus_item_remove(request, pk, item_pk):
    selection = _editable_focus(request, pk)
    item = get_object_or_404(selection.items, pk=item_pk)
    report_outcome(
        request,
        lambda: services.focus_item_remove(actor=request.user, item=item),
        success="Đã bỏ khỏi danh sách trọng tâm.",
    )
    return redirect("support:focus_detail", pk=selection.pk)


@login_required
@require_POST
def focus_approve(request, pk):
    selection = _editable_focus(request, pk)
    form = forms.FocusApproveForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Vui lòng nhập ngày phê duyệt.")
        return redirect("support:focus_detail", pk=selection.pk)
    report_outcome(
        request,
        lambda: services.focus_selection_approve(actor=request.user, selection=selection, approved_on=form.cleaned_data["approved_on"]),
        success="Đã phê duyệt danh sách sản phẩm trọng tâm.",
    )
    return redirect("support:focus_detail", pk=selection.pk)


# -- support -----------------------------------------------------------------------------------

FUNDING_NAMES = ("source", "amount")


SUPPORT_ACTIVITIES = Register(
    template="support/support_list.html",
    filters=(
        Search("Tìm chủ thể", column="col-12 col-md-3"),
        UnitFilter(),
        YearFilter(programme_years),
        ChoiceFilter("loai", "Loại hỗ trợ", SupportType.choices, column="col-6 col-md-2"),
    ),
    create_perm="support.add_supportactivity",
    submit_column="col-6 col-md-2",
)


@login_required
def support_list(request):
    # `tinh_trang` (the status) has no control in the bar but is still read, so links carrying it keep working.
    return SUPPORT_ACTIVITIES.render(
        request,
        lambda f: selectors.support_list(
            actor=request.user, q=f["q"], unit=f["don_vi"], year=f["nam"], support_type=f["loai"],
            status=request.GET.get("tinh_trang", ""),
        ),
        can_budget=request.user.has_perm("support.add_budgetallocation"),
    )


def _support_form_page(request, activity=None):
    data = request.POST if request.method == "POST" else None
    form = forms.SupportForm(data, instance=activity, user=request.user)
    initial = [{"source": f.source, "amount": f.amount} for f in activity.fundings.all()] if activity else []
    fundings = row_formset(forms.FundingFormSet, data, "nguon", initial)
    if request.method == "POST" and form.is_valid() and fundings.is_valid():
        try:
            if activity is None:
                activity = services.support_create(actor=request.user, fundings=fundings.rows(*FUNDING_NAMES), **form.cleaned_data)
            else:
                services.support_update(
                    actor=request.user, activity=activity, fundings=fundings.rows(*FUNDING_NAMES), **form.cleaned_data
                )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, "Đã lưu hoạt động hỗ trợ.")
            return redirect("support:support_detail", pk=activity.pk)
    return render(request, "support/support_form.html", {"form": form, "fundings": fundings, "activity": activity})


@login_required
def support_create(request):
    require_perm(request, "support.add_supportactivity", message="Bạn không có quyền ghi hoạt động hỗ trợ.")
    return _support_form_page(request)


@login_required
def support_detail(request, pk):
    activity = found_or_404(selectors.support_get(actor=request.user, pk=pk), "hoạt động hỗ trợ")
    fundings = list(activity.fundings.all())
    return render(
        request,
        "support/support_detail.html",
        {
            "activity": activity,
            "fundings": fundings,
            "total": sum(f.amount for f in fundings),
            "can_edit": request.user.has_perm("support.change_supportactivity", activity),
        },
    )


@login_required
def support_edit(request, pk):
    activity = found_or_404(selectors.support_get(actor=request.user, pk=pk), "hoạt động hỗ trợ")
    require_perm(request, "support.change_supportactivity", activity, "Bạn chỉ được xem hoạt động hỗ trợ này.")
    return _support_form_page(request, activity)


# -- budgets -----------------------------------------------------------------------------------


ALLOCATION_FILTERS = (UnitFilter(), YearFilter(programme_years))


@login_required
def allocation_list(request):
    # The overview is not paginated (its totals cover every row), so it draws the filter
    # bar without being a register.
    values, filters = bind_filters(request, ALLOCATION_FILTERS)
    rows = selectors.allocation_overview(actor=request.user, year=values["nam"], unit=values["don_vi"])
    totals = {
        "allocated": sum(r.allocation.amount for r in rows),
        "committed": sum(r.committed for r in rows),
        "disbursed": sum(r.disbursed for r in rows),
    }
    return render(
        request,
        "support/allocation_list.html",
        {
            "filters": filters,
            "rows": rows,
            "totals": totals,
            "can_create": request.user.has_perm("support.add_budgetallocation"),
            "funding_sources": FundingSource.choices,
        },
    )


def _allocation_form_page(request, allocation=None):
    initial = {}
    if allocation is not None:
        initial = {
            "unit": allocation.unit_id, "year": allocation.year, "source": allocation.source,
            "amount": allocation.amount, "reference": allocation.reference,
        }
    form = forms.AllocationForm(request.POST or None, initial=initial, user=request.user)
    if allocation is not None:
        # The unit, year and source identify an allocation: editing changes only the amount.
        for name in ("unit", "year", "source"):
            form.fields[name].disabled = True
    return form_page(
        request, form, lambda data: services.allocation_set(actor=request.user, **data),
        template="ideas/form.html", success="Đã lưu dự toán.", goto=lambda _: "support:allocation_list",
        title="Sửa dự toán kinh phí hỗ trợ" if allocation else "Giao dự toán kinh phí hỗ trợ",
        cancel_url="support:allocation_list",
    )


@login_required
def allocation_create(request):
    require_perm(request, "support.add_budgetallocation", message="Chỉ cơ quan tham mưu OCOP cấp tỉnh giao dự toán.")
    return _allocation_form_page(request)


@login_required
def allocation_edit(request, pk):
    allocation = found_or_404(selectors.allocation_get(actor=request.user, pk=pk), "dự toán")
    require_perm(request, "support.change_budgetallocation", allocation, "Bạn chỉ được xem dự toán này.")
    return _allocation_form_page(request, allocation)
