"""Evaluation rounds and the working-day calendar."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render, resolve_url
from django.utils import timezone
from django.views.decorators.http import require_POST

from ocop.accounts.scopes import user_scope
from ocop.core.paging import paginate, query_without_page
from ocop.core.registers import ChoiceFilter, IntFilter, Register, form_page
from ocop.core.requests import found_or_404, require_perm
from ocop.evaluation import forms, selectors, services
from ocop.evaluation.models import DossierState, EvaluationLevel, RoundStatus
from ocop.evaluation.views.common import require_list_access
from ocop.territory.selectors import current_units_map


def _with_state_counts(page) -> list[tuple]:
    """(round, [(state label, count)] of the states it holds dossiers in) for a page."""
    count_states = [(state, DossierState(state).label) for state in selectors.ROUND_COUNT_STATES]
    return [
        (
            round_obj,
            [(label, getattr(round_obj, f"count_{state}")) for state, label in count_states
             if getattr(round_obj, f"count_{state}")],
        )
        for round_obj in page
    ]


ROUNDS = Register(
    template="evaluation/rounds.html",
    filters=(
        IntFilter("nam", "Năm", lambda request: [(y, y) for y in range(timezone.localdate().year + 1, 2022, -1)],
                  column="col-6 col-md-3"),
        ChoiceFilter("cap", "Cấp", EvaluationLevel.choices, column="col-6 col-md-4"),
        ChoiceFilter("trang_thai", "Tình trạng", RoundStatus.choices, column="col-6 col-md-3"),
    ),
    create_perm="evaluation.add_round",
    submit_column="col-6 col-md-2",
)


@login_required
def round_list(request):
    require_list_access(request)
    return ROUNDS.render(
        request,
        lambda f: selectors.round_list(actor=request.user, year=f["nam"], level=f["cap"], status=f["trang_thai"]),
        rows=_with_state_counts,
    )


@login_required
def round_create(request):
    require_perm(request, "evaluation.add_round", message="Bạn không có quyền tạo đợt đánh giá.")
    form = forms.RoundForm(request.POST or None, user=request.user, initial={"year": timezone.localdate().year})

    def create(data):
        unit = data.get("unit")
        if unit is not None and not request.user.has_perm("evaluation.change_round", _RoundProbe(data["level"], unit)):
            raise PermissionDenied("Bạn chỉ tạo được đợt đánh giá của địa bàn mình.")
        return services.round_create(actor=request.user, **data)

    return form_page(
        request, form, create, template="evaluation/round_form.html",
        success=lambda round_obj: f"Đã tạo “{round_obj.name}”.",
        goto=lambda round_obj: resolve_url("evaluation:round_detail", pk=round_obj.pk), round=None,
    )


class _RoundProbe:
    """A stand-in round for the permission check before the round exists."""

    def __init__(self, level, unit):
        self.level, self.unit_id, self.unit = level, unit.pk, unit


@login_required
def round_detail(request, pk):
    require_list_access(request)
    round_obj = found_or_404(selectors.round_get(actor=request.user, pk=pk), "đợt đánh giá")
    state = request.GET.get("trang_thai", "")
    page_obj = paginate(request, selectors.round_dossiers(actor=request.user, round_obj=round_obj, state=state))
    current = current_units_map([d.commune_id for d in page_obj])
    rows = [(dossier, current.get(dossier.commune_id, [])) for dossier in page_obj]
    return render(
        request,
        "evaluation/round_detail.html",
        {
            "round": round_obj,
            "page_obj": page_obj,
            "rows": rows,
            "base_query": query_without_page(request),
            "counts": selectors.round_status_counts(actor=request.user, round_obj=round_obj),
            "selected_state": state,
            "can_edit": request.user.has_perm("evaluation.change_round", round_obj),
            "level_label": selectors.level_label(round_obj.level),
        },
    )


@login_required
def round_edit(request, pk):
    require_list_access(request)
    round_obj = found_or_404(selectors.round_get(actor=request.user, pk=pk), "đợt đánh giá")
    require_perm(request, "evaluation.change_round", round_obj, "Bạn chỉ được xem đợt đánh giá này.")
    form = forms.RoundEditForm(request.POST or None, instance=round_obj)
    return form_page(
        request,
        form,
        lambda data: services.round_update(actor=request.user, round_obj=round_obj, **data),
        template="evaluation/round_form.html",
        success="Đã lưu đợt đánh giá.",
        goto=lambda _: resolve_url("evaluation:round_detail", pk=round_obj.pk),
        round=round_obj,
    )


@login_required
def calendar(request):
    require_list_access(request)
    can_manage = request.user.has_perm("evaluation.manage_calendar")
    form = forms.CalendarDayForm(request.POST or None, user=request.user) if can_manage else None
    if request.method == "POST":
        if not can_manage:
            raise PermissionDenied("Chỉ cơ quan tham mưu OCOP cấp tỉnh điều chỉnh lịch làm việc.")
        if form.is_valid():
            try:
                services.calendar_day_set(actor=request.user, **form.cleaned_data)
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, "Đã lưu điều chỉnh lịch làm việc; hạn kiểm tra của các hồ sơ đang mở đã được tính lại.")
                return redirect("evaluation:calendar")
    return render(
        request,
        "evaluation/calendar.html",
        {
            "form": form,
            "entries": selectors.calendar_days(actor=request.user),
            "can_manage": can_manage,
        },
    )


@login_required
@require_POST
def calendar_delete(request, pk):
    require_perm(request, "evaluation.manage_calendar", message="Chỉ cơ quan tham mưu OCOP cấp tỉnh điều chỉnh lịch làm việc.")
    entry = selectors.calendar_days(actor=request.user).filter(pk=pk).first()
    if entry is None or (entry.province_id is None and not user_scope(request.user).is_admin):
        raise Http404("Không tìm thấy điều chỉnh này hoặc bạn không có quyền xóa.")
    services.calendar_day_delete(actor=request.user, entry=entry)
    messages.success(request, "Đã xóa điều chỉnh lịch làm việc.")
    return redirect("evaluation:calendar")
