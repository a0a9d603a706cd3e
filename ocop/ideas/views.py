"""Pages of ideas, yearly lists, business plans, surveys, focus products, support and budgets.

Thin views: check permission (404 outside the reader's scope, 403 when readable but not
writable), validate a form, call one service or selector, render.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.text import slugify
from django.views.decorators.http import require_POST

from ocop.accounts.scopes import filter_units_for
from ocop.core.feedback import error_messages
from ocop.core.paging import paginate, query_without_page
from ocop.core.requests import found_or_404, int_param, require_perm, to_int, unit_from_request
from ocop.core.responses import DOCX, XLSX, file_download
from ocop.ideas import documents, forms, selectors, services
from ocop.ideas.models import (
    FocusStatus,
    FundingSource,
    Idea,
    SupportStatus,
    SupportType,
)
from ocop.ideas.workflow import (
    IDEA_EDITABLE,
    IDEA_TRANSITIONS,
    PLAN_EDITABLE,
    PLAN_TRANSITIONS,
    IdeaStatus,
    PlanStatus,
    available_transitions,
)
from ocop.territory.selectors import current_units_map

# -- helpers -----------------------------------------------------------------------------------


def _years(selected: int | None = None) -> list[int]:
    years = [year for year, _ in forms.year_choices()]
    if selected and selected not in years:
        years.append(selected)
    return years


def _filters(request, **extra) -> dict:
    return {
        "base_query": query_without_page(request),
        "units": filter_units_for(request.user),
        "selected_unit": unit_from_request(request),
        "years": _years(),
        "selected_year": int_param(request, "nam"),
        **extra,
    }


# -- ideas -------------------------------------------------------------------------------------


@login_required
def idea_list(request):
    unit = unit_from_request(request)
    queryset = selectors.idea_list(
        actor=request.user,
        q=request.GET.get("q", ""),
        unit=unit,
        year=int_param(request, "nam"),
        status=request.GET.get("trang_thai", ""),
    )
    page_obj = paginate(request, queryset)
    current = current_units_map([idea.commune_id for idea in page_obj])
    rows = [(idea, current.get(idea.commune_id, [])) for idea in page_obj]
    return render(
        request,
        "ideas/idea_list.html",
        _filters(
            request,
            page_obj=page_obj,
            rows=rows,
            statuses=IdeaStatus.choices,
            can_create=request.user.has_perm("ideas.add_idea"),
        ),
    )


@login_required
def idea_create(request):
    require_perm(request, "ideas.add_idea", message="Bạn không có quyền đăng ký ý tưởng.")
    form = forms.IdeaForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            idea = services.idea_create(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, f"Đã lưu phiếu đăng ký ý tưởng “{idea.name}” (nháp). Hãy gửi UBND xã khi đã hoàn chỉnh.")
            return redirect("ideas:detail", pk=idea.pk)
    return render(request, "ideas/form.html", {"form": form, "title": "Đăng ký ý tưởng sản phẩm", "cancel_url": "ideas:list"})


@login_required
def idea_detail(request, pk):
    idea = found_or_404(selectors.idea_get(actor=request.user, pk=pk), "ý tưởng")
    current = current_units_map([idea.commune_id]).get(idea.commune_id, [])
    transitions = [
        t for t in available_transitions(IDEA_TRANSITIONS, idea.status) if request.user.has_perm(t.permission, idea)
    ]
    # State first: superusers pass every permission, but not the workflow.
    can_mature = (
        idea.status == IdeaStatus.LISTED and not idea.product_id and request.user.has_perm("ideas.mature_idea", idea)
    )
    return render(
        request,
        "ideas/idea_detail.html",
        {
            "idea": idea,
            "current_units": current,
            "events": selectors.idea_events(idea),
            "transitions": transitions,
            "comment_form": forms.CommentForm(),
            "can_edit": idea.status in IDEA_EDITABLE and request.user.has_perm("ideas.change_idea", idea),
            "can_mature": can_mature,
            "mature_form": forms.MatureForm(initial={"name": idea.name}) if can_mature else None,
            "plans": selectors.plan_list(actor=request.user, idea=idea),
            "can_add_plan": request.user.has_perm("ideas.add_businessplan"),
        },
    )


@login_required
def idea_edit(request, pk):
    idea = found_or_404(selectors.idea_get(actor=request.user, pk=pk), "ý tưởng")
    if idea.status not in IDEA_EDITABLE:
        raise PermissionDenied(f"Ý tưởng đang ở trạng thái “{idea.get_status_display()}”, không sửa được nữa.")
    require_perm(request, "ideas.change_idea", idea, "Bạn chỉ được xem ý tưởng này.")
    form = forms.IdeaForm(request.POST or None, instance=idea, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.idea_update(actor=request.user, idea=idea, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, "Đã lưu thay đổi.")
            return redirect("ideas:detail", pk=idea.pk)
    return render(request, "ideas/form.html", {"form": form, "title": f"Sửa ý tưởng: {idea.name}", "cancel_url": "ideas:list"})


@login_required
@require_POST
def idea_transition(request, pk, action):
    idea = found_or_404(selectors.idea_get(actor=request.user, pk=pk), "ý tưởng")
    transition = IDEA_TRANSITIONS.get(action)
    if transition is None or transition.by_decision:
        raise Http404("Thao tác không tồn tại.")
    require_perm(request, transition.permission, idea, f"Bạn không có quyền “{transition.label}”.")
    form = forms.CommentForm(request.POST)
    form.is_valid()
    try:
        services.idea_transition(actor=request.user, idea=idea, action=action, comment=form.cleaned_data.get("comment", ""))
    except ValidationError as exc:
        error_messages(request, exc)
    else:
        messages.success(request, f"Đã thực hiện: {transition.label}.")
    return redirect("ideas:detail", pk=idea.pk)


@login_required
@require_POST
def idea_mature(request, pk):
    idea = found_or_404(selectors.idea_get(actor=request.user, pk=pk), "ý tưởng")
    require_perm(request, "ideas.mature_idea", idea, "Bạn không có quyền chuyển ý tưởng này thành sản phẩm.")
    form = forms.MatureForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Vui lòng nhập tên sản phẩm.")
        return redirect("ideas:detail", pk=idea.pk)
    try:
        product = services.idea_mature(actor=request.user, idea=idea, name=form.cleaned_data["name"])
    except ValidationError as exc:
        error_messages(request, exc)
        return redirect("ideas:detail", pk=idea.pk)
    messages.success(request, f"Ý tưởng đã thành sản phẩm “{product.name}”.")
    return redirect("products:detail", pk=product.pk)


# -- yearly lists ------------------------------------------------------------------------------


@login_required
def decision_list(request):
    queryset = selectors.decision_list(
        actor=request.user, year=int_param(request, "nam"), unit=unit_from_request(request)
    )
    page_obj = paginate(request, queryset)
    return render(
        request,
        "ideas/decision_list.html",
        _filters(request, page_obj=page_obj, can_create=request.user.has_perm("ideas.add_idealistdecision")),
    )


@login_required
def decision_create(request):
    require_perm(request, "ideas.add_idealistdecision", message="Chỉ cơ quan tham mưu OCOP cấp tỉnh ghi quyết định phê duyệt danh sách.")
    source = request.POST if request.method == "POST" else request.GET
    unit_id, year = to_int(source.get("issuing_unit")), to_int(source.get("year"))
    unit = forms.issuing_units_for(request.user).filter(pk=unit_id).first() if unit_id else None
    eligible = (
        selectors.ideas_eligible_for_list(issuing_unit=unit, year=year) if unit and year else Idea.objects.none()
    )
    initial = {"issuing_unit": unit, "year": year}
    if unit is not None:
        initial["issuer_name"] = f"Ủy ban nhân dân {documents.lower_first(unit.name)}"
    form = forms.ListApprovalForm(
        request.POST if request.method == "POST" else None, initial=initial, user=request.user, eligible=eligible
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            decision = services.idea_list_approve(
                actor=request.user,
                issuing_unit=data["issuing_unit"],
                year=data["year"],
                number=data["number"],
                signed_on=data["signed_on"],
                issuer_name=data["issuer_name"],
                signer_name=data["signer_name"],
                signer_position=data["signer_position"],
                notes=data["notes"],
                ideas=list(data["ideas"]),
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, f"Đã ghi {decision} phê duyệt {len(data['ideas'])} ý tưởng/sản phẩm.")
            return redirect("ideas:decision_detail", pk=decision.pk)
    return render(
        request,
        "ideas/decision_form.html",
        {
            "form": form,
            "selector_form": forms.ListApprovalForm(initial=initial, user=request.user, eligible=Idea.objects.none()),
            "unit": unit,
            "year": year,
            "eligible_count": eligible.count() if unit and year else None,
        },
    )


@login_required
def decision_detail(request, pk):
    decision = found_or_404(selectors.decision_get(actor=request.user, pk=pk), "quyết định")
    state = selectors.idea_list_as_of(decision)
    latest = selectors.latest_decision(decision.issuing_unit_id, decision.year)
    everything = list(selectors.decisions_of(decision.issuing_unit_id, decision.year))
    current = current_units_map([entry.idea.commune_id for entry in state.entries])
    return render(
        request,
        "ideas/decision_detail.html",
        {
            "decision": decision,
            "state": state,
            "rows": [(entry, current.get(entry.idea.commune_id, [])) for entry in state.entries],
            "own_changes": [c for c in state.changes if c.decision_id == decision.pk],
            "all_decisions": everything,
            "is_latest": latest is not None and latest.pk == decision.pk,
            "latest": latest,
            "can_amend": request.user.has_perm("ideas.amend_idealistdecision", decision),
        },
    )


@login_required
def decision_amend(request, pk):
    base = found_or_404(selectors.decision_get(actor=request.user, pk=pk), "quyết định")
    require_perm(request, "ideas.amend_idealistdecision", base, "Chỉ cơ quan tham mưu OCOP cấp tỉnh ghi quyết định điều chỉnh danh sách.")
    latest = selectors.latest_decision(base.issuing_unit_id, base.year)
    state = selectors.idea_list_as_of(latest)
    eligible = selectors.ideas_eligible_for_list(issuing_unit=base.issuing_unit, year=base.year)
    in_list = Idea.objects.filter(pk__in=state.idea_ids).select_related("producer", "commune").order_by("search_text")
    form = forms.ListAmendmentForm(
        request.POST or None,
        initial={"issuer_name": base.issuer_name, "signer_name": latest.signer_name, "signer_position": latest.signer_position},
        eligible=eligible,
        in_list=in_list,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            decision = services.idea_list_amend(
                actor=request.user,
                base=base,
                number=data["number"],
                signed_on=data["signed_on"],
                issuer_name=data["issuer_name"],
                signer_name=data["signer_name"],
                signer_position=data["signer_position"],
                notes=data["notes"],
                add=list(data["add"]),
                remove=[(idea, data["removal_reason"]) for idea in data["remove"]],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, f"Đã ghi {decision} điều chỉnh danh sách.")
            return redirect("ideas:decision_detail", pk=decision.pk)
    return render(request, "ideas/decision_amend.html", {"form": form, "base": base, "latest": latest})


def _document_name(decision, extension: str) -> str:
    return f"danh-sach-y-tuong-ocop-{decision.year}-{slugify(decision.number) or decision.pk}.{extension}"


@login_required
def decision_docx(request, pk):
    decision = found_or_404(selectors.decision_get(actor=request.user, pk=pk), "quyết định")
    data = documents.idea_list_docx(selectors.idea_list_as_of(decision))
    return file_download(
        data,
        filename=_document_name(decision, "docx"),
        content_type=DOCX,
    )


@login_required
def decision_xlsx(request, pk):
    decision = found_or_404(selectors.decision_get(actor=request.user, pk=pk), "quyết định")
    data = documents.idea_list_xlsx(selectors.idea_list_as_of(decision))
    return file_download(data, filename=_document_name(decision, "xlsx"), content_type=XLSX)


# -- business plans ----------------------------------------------------------------------------

INVESTMENT_NAMES = ("item", "amount")
YEAR_NAMES = ("year", "revenue", "cost")


def _plan_formsets(request, plan=None):
    data = request.POST if request.method == "POST" else None
    investments = [(row.item, row.amount) for row in plan.investments.all()] if plan else []
    years = [(row.year, row.revenue, row.cost) for row in plan.years.all()] if plan else []
    return (
        forms.row_formset(
            forms.InvestmentFormSet, data, "dau_tu", [dict(zip(INVESTMENT_NAMES, r, strict=True)) for r in investments]
        ),
        forms.row_formset(forms.PlanYearFormSet, data, "nam", [dict(zip(YEAR_NAMES, r, strict=True)) for r in years]),
    )


@login_required
def plan_list(request):
    queryset = selectors.plan_list(
        actor=request.user,
        q=request.GET.get("q", ""),
        unit=unit_from_request(request),
        status=request.GET.get("trang_thai", ""),
    )
    page_obj = paginate(request, queryset)
    current = current_units_map([plan.commune_id for plan in page_obj])
    return render(
        request,
        "ideas/plan_list.html",
        _filters(
            request,
            page_obj=page_obj,
            rows=[(plan, current.get(plan.commune_id, [])) for plan in page_obj],
            statuses=PlanStatus.choices,
            can_create=request.user.has_perm("ideas.add_businessplan"),
        ),
    )


@login_required
def plan_create(request):
    require_perm(request, "ideas.add_businessplan", message="Bạn không có quyền lập phương án kinh doanh.")
    initial = {}
    idea_id = int_param(request, "y_tuong")
    if idea_id:
        idea = selectors.idea_get(actor=request.user, pk=idea_id)
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
            return redirect("ideas:plan_detail", pk=plan.pk)
    return render(
        request,
        "ideas/plan_form.html",
        {"form": form, "investments": investments, "years": years, "plan": None},
    )


@login_required
def plan_detail(request, pk):
    plan = found_or_404(selectors.plan_get(actor=request.user, pk=pk), "phương án")
    transitions = [
        t for t in available_transitions(PLAN_TRANSITIONS, plan.status) if request.user.has_perm(t.permission, plan)
    ]
    can_edit = plan.status in PLAN_EDITABLE and request.user.has_perm("ideas.change_businessplan", plan)
    years = list(plan.years.all())
    return render(
        request,
        "ideas/plan_detail.html",
        {
            "plan": plan,
            "current_units": current_units_map([plan.commune_id]).get(plan.commune_id, []),
            "events": selectors.plan_events(plan),
            "transitions": transitions,
            "comment_form": forms.CommentForm(),
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
    require_perm(request, "ideas.change_businessplan", plan, message)
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
            return redirect("ideas:plan_detail", pk=plan.pk)
    return render(request, "ideas/plan_form.html", {"form": form, "investments": investments, "years": years, "plan": plan})


@login_required
@require_POST
def plan_transition(request, pk, action):
    plan = found_or_404(selectors.plan_get(actor=request.user, pk=pk), "phương án")
    transition = PLAN_TRANSITIONS.get(action)
    if transition is None:
        raise Http404("Thao tác không tồn tại.")
    require_perm(request, transition.permission, plan, f"Bạn không có quyền “{transition.label}”.")
    form = forms.CommentForm(request.POST)
    form.is_valid()
    try:
        services.plan_transition(actor=request.user, plan=plan, action=action, comment=form.cleaned_data.get("comment", ""))
    except ValidationError as exc:
        error_messages(request, exc)
    else:
        messages.success(request, f"Đã thực hiện: {transition.label}.")
    return redirect("ideas:plan_detail", pk=plan.pk)


@login_required
@require_POST
def plan_attachment_add(request, pk):
    plan = _editable_plan(request, pk, "Bạn không được thêm tệp vào phương án này.")
    form = forms.AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.plan_attachment_add(
                actor=request.user, plan=plan, uploaded=form.cleaned_data["file"], caption=form.cleaned_data["caption"]
            )
        except ValidationError as exc:
            error_messages(request, exc)
        else:
            messages.success(request, "Đã thêm tệp đính kèm.")
    else:
        error_messages(request, form)
    return redirect("ideas:plan_detail", pk=plan.pk)


@login_required
@require_POST
def plan_attachment_delete(request, pk, attachment_pk):
    plan = _editable_plan(request, pk, "Bạn không được xóa tệp của phương án này.")
    attachment = get_object_or_404(plan.attachments, pk=attachment_pk)
    try:
        services.plan_attachment_delete(actor=request.user, attachment=attachment)
    except ValidationError as exc:
        error_messages(request, exc)
    else:
        messages.success(request, "Đã xóa tệp.")
    return redirect("ideas:plan_detail", pk=plan.pk)


@login_required
def plan_attachment_download(request, pk, attachment_pk):
    """Attachments are served through the permission check, never by a guessable URL alone."""
    plan = found_or_404(selectors.plan_get(actor=request.user, pk=pk), "phương án")
    attachment = get_object_or_404(plan.attachments, pk=attachment_pk)
    content_types = {"pdf": "application/pdf", "jpg": "image/jpeg", "png": "image/png", "webp": "image/webp"}
    with attachment.file.open("rb") as handle:
        data = handle.read()
    response = HttpResponse(data, content_type=content_types.get(attachment.kind, "application/octet-stream"))
    response["Content-Disposition"] = f'inline; filename="{slugify(attachment.original_name.rsplit(".", 1)[0]) or "tep"}.{attachment.kind}"'
    return response


# -- surveys -----------------------------------------------------------------------------------


@login_required
def survey_list(request):
    queryset = selectors.survey_list(actor=request.user, q=request.GET.get("q", ""), unit=unit_from_request(request))
    page_obj = paginate(request, queryset)
    current = current_units_map([survey.product.commune_id for survey in page_obj])
    return render(
        request,
        "ideas/survey_list.html",
        _filters(
            request,
            page_obj=page_obj,
            rows=[(survey, current.get(survey.product.commune_id, [])) for survey in page_obj],
            can_create=request.user.has_perm("ideas.add_productsurvey"),
        ),
    )


@login_required
def survey_create(request):
    require_perm(request, "ideas.add_productsurvey", message="Bạn không có quyền ghi phiếu khảo sát.")
    initial = {"product": int_param(request, "san_pham")} if int_param(request, "san_pham") else {}
    form = forms.SurveyForm(request.POST or None, initial=initial, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            survey = services.survey_create(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, "Đã lưu phiếu khảo sát.")
            return redirect("ideas:survey_detail", pk=survey.pk)
    return render(request, "ideas/form.html", {"form": form, "title": "Khảo sát, đánh giá thực trạng sản phẩm", "cancel_url": "ideas:survey_list"})


@login_required
def survey_detail(request, pk):
    survey = found_or_404(selectors.survey_get(actor=request.user, pk=pk), "phiếu khảo sát")
    return render(
        request,
        "ideas/survey_detail.html",
        {"survey": survey, "can_edit": request.user.has_perm("ideas.change_productsurvey", survey)},
    )


@login_required
def survey_edit(request, pk):
    survey = found_or_404(selectors.survey_get(actor=request.user, pk=pk), "phiếu khảo sát")
    require_perm(request, "ideas.change_productsurvey", survey, "Bạn chỉ được xem phiếu khảo sát này.")
    form = forms.SurveyForm(request.POST or None, instance=survey, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.survey_update(actor=request.user, survey=survey, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, "Đã lưu thay đổi.")
            return redirect("ideas:survey_detail", pk=survey.pk)
    return render(request, "ideas/form.html", {"form": form, "title": f"Sửa {survey}", "cancel_url": "ideas:survey_list"})


# -- focus products ----------------------------------------------------------------------------


@login_required
def focus_list(request):
    queryset = selectors.focus_list(actor=request.user, year=int_param(request, "nam"), unit=unit_from_request(request))
    return render(
        request,
        "ideas/focus_list.html",
        _filters(request, page_obj=paginate(request, queryset), can_create=request.user.has_perm("ideas.add_focusselection")),
    )


@login_required
def focus_create(request):
    require_perm(request, "ideas.add_focusselection", message="Chỉ cơ quan tham mưu OCOP cấp tỉnh lựa chọn sản phẩm trọng tâm.")
    form = forms.FocusSelectionForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            selection = services.focus_selection_create(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, "Đã tạo danh sách sản phẩm trọng tâm (dự thảo).")
            return redirect("ideas:focus_detail", pk=selection.pk)
    return render(request, "ideas/form.html", {"form": form, "title": "Lựa chọn sản phẩm trọng tâm", "cancel_url": "ideas:focus_list"})


@login_required
def focus_detail(request, pk):
    selection = found_or_404(selectors.focus_get(actor=request.user, pk=pk), "danh sách sản phẩm trọng tâm")
    rows = selectors.focus_rows(selection)
    can_edit = selection.status == FocusStatus.DRAFT and request.user.has_perm("ideas.change_focusselection", selection)
    item_form = None
    if can_edit:
        ideas, products = selectors.focus_candidates(selection)
        item_form = forms.FocusItemForm(ideas=ideas, products=products)
    return render(
        request,
        "ideas/focus_detail.html",
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
    require_perm(request, "ideas.change_focusselection", selection, "Bạn không được sửa danh sách sản phẩm trọng tâm này.")
    return selection


@login_required
@require_POST
def focus_item_add(request, pk):
    selection = _editable_focus(request, pk)
    ideas, products = selectors.focus_candidates(selection)
    form = forms.FocusItemForm(request.POST, ideas=ideas, products=products)
    if form.is_valid():
        try:
            services.focus_item_add(actor=request.user, selection=selection, **form.cleaned_data)
        except ValidationError as exc:
            error_messages(request, exc)
        else:
            messages.success(request, "Đã thêm vào danh sách trọng tâm.")
    else:
        error_messages(request, form)
    return redirect("ideas:focus_detail", pk=selection.pk)


@login_required
@require_POST
def focus_item_remove(request, pk, item_pk):
    selection = _editable_focus(request, pk)
    item = get_object_or_404(selection.items, pk=item_pk)
    try:
        services.focus_item_remove(actor=request.user, item=item)
    except ValidationError as exc:
        error_messages(request, exc)
    else:
        messages.success(request, "Đã bỏ khỏi danh sách trọng tâm.")
    return redirect("ideas:focus_detail", pk=selection.pk)


@login_required
@require_POST
def focus_approve(request, pk):
    selection = _editable_focus(request, pk)
    form = forms.FocusApproveForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Vui lòng nhập ngày phê duyệt.")
        return redirect("ideas:focus_detail", pk=selection.pk)
    try:
        services.focus_selection_approve(actor=request.user, selection=selection, approved_on=form.cleaned_data["approved_on"])
    except ValidationError as exc:
        error_messages(request, exc)
    else:
        messages.success(request, "Đã phê duyệt danh sách sản phẩm trọng tâm.")
    return redirect("ideas:focus_detail", pk=selection.pk)


# -- support -----------------------------------------------------------------------------------

FUNDING_NAMES = ("source", "amount")


@login_required
def support_list(request):
    queryset = selectors.support_list(
        actor=request.user,
        q=request.GET.get("q", ""),
        unit=unit_from_request(request),
        year=int_param(request, "nam"),
        support_type=request.GET.get("loai", ""),
        status=request.GET.get("tinh_trang", ""),
    )
    return render(
        request,
        "ideas/support_list.html",
        _filters(
            request,
            page_obj=paginate(request, queryset),
            support_types=SupportType.choices,
            statuses=SupportStatus.choices,
            can_create=request.user.has_perm("ideas.add_supportactivity"),
            can_budget=request.user.has_perm("ideas.add_budgetallocation"),
        ),
    )


def _support_form_page(request, activity=None):
    data = request.POST if request.method == "POST" else None
    form = forms.SupportForm(data, instance=activity, user=request.user)
    initial = [{"source": f.source, "amount": f.amount} for f in activity.fundings.all()] if activity else []
    fundings = forms.row_formset(forms.FundingFormSet, data, "nguon", initial)
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
            return redirect("ideas:support_detail", pk=activity.pk)
    return render(request, "ideas/support_form.html", {"form": form, "fundings": fundings, "activity": activity})


@login_required
def support_create(request):
    require_perm(request, "ideas.add_supportactivity", message="Bạn không có quyền ghi hoạt động hỗ trợ.")
    return _support_form_page(request)


@login_required
def support_detail(request, pk):
    activity = found_or_404(selectors.support_get(actor=request.user, pk=pk), "hoạt động hỗ trợ")
    fundings = list(activity.fundings.all())
    return render(
        request,
        "ideas/support_detail.html",
        {
            "activity": activity,
            "fundings": fundings,
            "total": sum(f.amount for f in fundings),
            "can_edit": request.user.has_perm("ideas.change_supportactivity", activity),
        },
    )


@login_required
def support_edit(request, pk):
    activity = found_or_404(selectors.support_get(actor=request.user, pk=pk), "hoạt động hỗ trợ")
    require_perm(request, "ideas.change_supportactivity", activity, "Bạn chỉ được xem hoạt động hỗ trợ này.")
    return _support_form_page(request, activity)


# -- budgets -----------------------------------------------------------------------------------


@login_required
def allocation_list(request):
    year = int_param(request, "nam")
    rows = selectors.allocation_overview(actor=request.user, year=year, unit=unit_from_request(request))
    totals = {
        "allocated": sum(r.allocation.amount for r in rows),
        "committed": sum(r.committed for r in rows),
        "disbursed": sum(r.disbursed for r in rows),
    }
    return render(
        request,
        "ideas/allocation_list.html",
        _filters(
            request,
            rows=rows,
            totals=totals,
            can_create=request.user.has_perm("ideas.add_budgetallocation"),
            funding_sources=FundingSource.choices,
        ),
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
    if request.method == "POST" and form.is_valid():
        try:
            services.allocation_set(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, "Đã lưu dự toán.")
            return redirect("ideas:allocation_list")
    title = "Sửa dự toán kinh phí hỗ trợ" if allocation else "Giao dự toán kinh phí hỗ trợ"
    return render(request, "ideas/form.html", {"form": form, "title": title, "cancel_url": "ideas:allocation_list"})


@login_required
def allocation_create(request):
    require_perm(request, "ideas.add_budgetallocation", message="Chỉ cơ quan tham mưu OCOP cấp tỉnh giao dự toán.")
    return _allocation_form_page(request)


@login_required
def allocation_edit(request, pk):
    allocation = found_or_404(selectors.allocation_get(actor=request.user, pk=pk), "dự toán")
    require_perm(request, "ideas.change_budgetallocation", allocation, "Bạn chỉ được xem dự toán này.")
    return _allocation_form_page(request, allocation)

