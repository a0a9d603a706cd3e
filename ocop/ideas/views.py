"""Pages of ideas and the yearly approved lists (with their amendments).

Thin views (docs/architecture.md).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.text import slugify
from django.views.decorators.http import require_POST

from ocop.accounts.filters import UnitFilter
from ocop.core.feedback import error_messages
from ocop.core.registers import (
    ChoiceFilter,
    Register,
    Search,
    YearFilter,
    form_page,
    transition_post,
)
from ocop.core.requests import found_or_404, require_perm, to_int
from ocop.core.responses import DOCX, XLSX, file_download
from ocop.ideas import documents, forms, selectors, services
from ocop.ideas.models import IDEA_WORKFLOW, Idea
from ocop.ideas.workflow import IDEA_EDITABLE, IDEA_TRANSITIONS, IdeaStatus
from ocop.territory.selectors import current_units_map, with_current_units

# -- helpers -----------------------------------------------------------------------------------




def _detail_url(idea) -> str:
    return reverse("ideas:detail", args=[idea.pk])


# -- ideas -------------------------------------------------------------------------------------


IDEAS = Register(
    template="ideas/idea_list.html",
    filters=(
        Search(placeholder="Tên ý tưởng, chủ thể…", column="col-12 col-md-3"),
        UnitFilter(),
        YearFilter(forms.programme_years),
        ChoiceFilter("trang_thai", "Trạng thái", IdeaStatus.choices, column="col-6 col-md-2"),
    ),
    create_perm="ideas.add_idea",
)


@login_required
def idea_list(request):
    return IDEAS.render(
        request,
        lambda f: selectors.idea_list(actor=request.user, q=f["q"], unit=f["don_vi"], year=f["nam"], status=f["trang_thai"]),
        rows=with_current_units,
    )


@login_required
def idea_create(request):
    require_perm(request, "ideas.add_idea", message="Bạn không có quyền đăng ký ý tưởng.")
    form = forms.IdeaForm(request.POST or None, user=request.user)
    return form_page(
        request, form, lambda data: services.idea_create(actor=request.user, **data),
        template="ideas/form.html", goto=_detail_url,
        success=lambda idea: f"Đã lưu phiếu đăng ký ý tưởng “{idea.name}” (nháp). Hãy gửi UBND xã khi đã hoàn chỉnh.",
        title="Đăng ký ý tưởng sản phẩm", cancel_url="ideas:list",
    )


@login_required
def idea_detail(request, pk):
    idea = found_or_404(selectors.idea_get(actor=request.user, pk=pk), "ý tưởng")
    current = current_units_map([idea.commune_id]).get(idea.commune_id, [])
    transitions = IDEA_WORKFLOW.available(request.user, idea)
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
            "can_add_plan": request.user.has_perm("business_plans.add_businessplan"),
        },
    )


@login_required
def idea_edit(request, pk):
    idea = found_or_404(selectors.idea_get(actor=request.user, pk=pk), "ý tưởng")
    if idea.status not in IDEA_EDITABLE:
        raise PermissionDenied(f"Ý tưởng đang ở trạng thái “{idea.get_status_display()}”, không sửa được nữa.")
    require_perm(request, "ideas.change_idea", idea, "Bạn chỉ được xem ý tưởng này.")
    form = forms.IdeaForm(request.POST or None, instance=idea, user=request.user)
    return form_page(
        request, form, lambda data: services.idea_update(actor=request.user, idea=idea, **data),
        template="ideas/form.html", goto=_detail_url, success="Đã lưu thay đổi.",
        title=f"Sửa ý tưởng: {idea.name}", cancel_url="ideas:list",
    )


@login_required
@require_POST
def idea_transition(request, pk, action):
    idea = found_or_404(selectors.idea_get(actor=request.user, pk=pk), "ý tưởng")
    transition = IDEA_TRANSITIONS.get(action)
    transition_post(
        request, idea, transition if transition is not None and transition.manual else None,
        forms.CommentForm(request.POST),
        lambda comment: services.idea_transition(actor=request.user, idea=idea, action=action, comment=comment),
    )
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


DECISIONS = Register(
    template="ideas/decision_list.html",
    filters=(UnitFilter(), YearFilter(forms.programme_years)),
    create_perm="ideas.add_idealistdecision",
)


@login_required
def decision_list(request):
    return DECISIONS.render(
        request, lambda f: selectors.decision_list(actor=request.user, year=f["nam"], unit=f["don_vi"])
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
                **form.decision_fields(),
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
                **form.decision_fields(),
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
