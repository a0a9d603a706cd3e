"""Pages of task assignments: the list, one assignment with its progress and history,
reopening, evidence downloads. Thin: check permission, validate a form, call one service or
selector, render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render

from ocop.core.feedback import commented_post
from ocop.core.registers import CheckFilter, ChoiceFilter, IntFilter, Register, YearFilter
from ocop.core.requests import found_or_404, to_int
from ocop.core.responses import uploaded_file_response
from ocop.planning import forms, selectors, services
from ocop.planning.models import ProgressEvidence
from ocop.planning.views import _plan_or_404, _plan_years
from ocop.planning.workflow import TaskStatus


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
    return found_or_404(selectors.assignment_get(actor=request.user, pk=pk), "nhiệm vụ")


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


assignment_reopen = commented_post(
    record_or_404=_assignment_or_404,
    perm="planning.manage_assignment", refusal="Chỉ cơ quan quản lý kế hoạch được mở lại nhiệm vụ.",
    form_class=forms.CommentForm,
    action=lambda actor, assignment, comment: services.assignment_reopen(actor=actor, assignment=assignment, comment=comment),
    success="Đã mở lại nhiệm vụ.", missing="Vui lòng ghi lý do mở lại nhiệm vụ.", back="planning:assignment_detail",
)


@login_required
def evidence_download(request, pk):
    evidence = get_object_or_404(ProgressEvidence.objects.select_related("update"), pk=pk)
    _assignment_or_404(request, evidence.update.assignment_id)
    return uploaded_file_response(
        evidence.file.open("rb"),
        content_type=evidence.content_type,
        download=request.GET.get("tai") == "1",
        filename=evidence.original_name,
    )


