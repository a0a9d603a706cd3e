"""Pages of the dossier workflow. Thin: permission, form, one service or selector, render.

Outside the reader's scope a dossier or round is not found (404); visible but not allowed
to change: 403 (docs/evaluation.md, Phân quyền).
"""

from auditlog.models import LogEntry
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from ocop.accounts.scopes import user_scope
from ocop.core.feedback import error_messages
from ocop.core.paging import paginate, query_without_page
from ocop.core.requests import to_int
from ocop.criteria.regimes import all_regimes, get_regime, transitional_deadline
from ocop.evaluation import documents, forms, legal, selectors, services, workflow
from ocop.evaluation.completeness import dossier_missing
from ocop.evaluation.models import (
    COMMUNE_REPORT_EDITABLE_STATES,
    DossierKind,
    DossierState,
    EvaluationLevel,
    EvidenceDocument,
    RoundStatus,
)
from ocop.territory.selectors import current_units_map


def _require_list_access(request):
    if not request.user.has_perm("evaluation.view_dossiers"):
        raise PermissionDenied("Bạn không có quyền xem hồ sơ đánh giá, phân hạng.")


def _get_visible_or_404(request, pk):
    dossier = selectors.dossier_get(actor=request.user, pk=pk)
    if dossier is None:
        raise Http404("Không tìm thấy hồ sơ hoặc bạn không có quyền xem.")
    return dossier


def _get_editable_or_403(request, pk):
    dossier = _get_visible_or_404(request, pk)
    # The state is checked here as well: superusers pass every `has_perm`.
    if not dossier.is_editable_state or not request.user.has_perm("evaluation.change_dossier", dossier):
        raise PermissionDenied(
            "Bạn chỉ được xem hồ sơ này, hoặc hồ sơ không ở trạng thái được sửa "
            f"(đang: {dossier.get_state_display()})."
        )
    return dossier


def _error_messages(request, exc: ValidationError, prefix: str = "") -> None:
    if prefix:
        messages.error(request, prefix)
    error_messages(request, exc)


# -- lists ------------------------------------------------------------------------------------

@login_required
def dossier_list(request):
    _require_list_access(request)
    year = request.GET.get("nam", "")
    queryset = selectors.dossier_list(
        actor=request.user,
        q=request.GET.get("q", ""),
        state=request.GET.get("trang_thai", ""),
        kind=request.GET.get("loai", ""),
        regime_key=request.GET.get("che_do", ""),
        year=to_int(year),
        overdue=request.GET.get("qua_han") == "1",
    )
    page_obj = paginate(request, queryset)
    current = current_units_map([d.commune_id for d in page_obj])
    rows = [(dossier, current.get(dossier.commune_id, [])) for dossier in page_obj]
    return render(
        request,
        "evaluation/list.html",
        {
            "page_obj": page_obj,
            "rows": rows,
            "base_query": query_without_page(request),
            "states": DossierState.choices,
            "kinds": DossierKind.choices,
            "regimes": [(r.key, r.name) for r in all_regimes()],
            "can_create": request.user.has_perm("evaluation.add_dossier"),
            "today": timezone.localdate(),
        },
    )


@login_required
def todo(request):
    _require_list_access(request)
    side = selectors.TODO_SIDES.get(request.GET.get("vai_tro", ""), "")
    page_obj = paginate(request, selectors.dossier_todo(actor=request.user, side=side))
    current = current_units_map([d.commune_id for d in page_obj])
    rows = []
    for dossier in page_obj:
        moves = workflow.outgoing(dossier.regime_key, dossier.state)
        rows.append((dossier, current.get(dossier.commune_id, []), [m.label for m in moves if m.action != "withdraw"]))
    return render(
        request,
        "evaluation/todo.html",
        {"page_obj": page_obj, "rows": rows, "base_query": query_without_page(request), "today": timezone.localdate()},
    )


# -- one dossier --------------------------------------------------------------------------------

@login_required
def dossier_create(request):
    if not request.user.has_perm("evaluation.add_dossier"):
        raise PermissionDenied("Bạn không có quyền lập hồ sơ đánh giá, phân hạng.")
    initial = {}
    product_id = request.GET.get("san_pham", "")
    if product_id.isdigit():
        initial["product"] = int(product_id)
    form = forms.DossierCreateForm(request.POST or None, initial=initial, user=request.user)
    if request.method == "POST" and form.is_valid():
        product = form.cleaned_data["product"]
        if not request.user.has_perm("evaluation.add_dossier_for", product):
            raise PermissionDenied("Bạn không được lập hồ sơ cho sản phẩm này.")
        try:
            dossier = services.dossier_file(actor=request.user, product=product, kind=form.cleaned_data["kind"])
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request,
                f"Đã lập hồ sơ cho “{product.name}” (theo {get_regime(dossier.regime_key).name}). "
                "Hãy hoàn thiện Mẫu 01, Mẫu 02 và tài liệu minh chứng rồi nộp cho UBND xã.",
            )
            return redirect("evaluation:detail", pk=dossier.pk)
    return render(request, "evaluation/create.html", {"form": form})


def _transition_forms(request, dossier, moves):
    """One small form per allowed move (forward and accept carry extra fields)."""
    result = []
    for move in moves:
        form_class = forms.transition_form_class(move.action)
        kwargs = {"prefix": move.action}
        if move.action == "accept":
            rounds = selectors.rounds_open_for(dossier=dossier)
            kwargs["rounds"] = rounds
            kwargs["suggested"] = selectors.suggested_round(dossier=dossier, rounds=rounds)
        initial = {}
        if move.action in ("forward", "reforward"):
            report = getattr(dossier, "commune_report", None)
            samples = legal.samples_default(dossier.regime_key, dossier.product.category.criteria_set)
            initial = {
                "letter_number": report.letter_number if report else "",
                "letter_date": (report.letter_date if report and report.letter_date else timezone.localdate()),
                "samples_count": report.samples_count if report and report.samples_count is not None else samples,
            }
        result.append((move, form_class(initial=initial, **kwargs)))
    return result


@login_required
def dossier_detail(request, pk):
    dossier = _get_visible_or_404(request, pk)
    moves = workflow.available_transitions(request.user, dossier)
    documents_ = selectors.dossier_documents(dossier=dossier)
    statuses = selectors.dossier_evidence_status(dossier=dossier, documents=documents_)
    can_edit = dossier.is_editable_state and request.user.has_perm("evaluation.change_dossier", dossier)
    missing = dossier_missing(dossier, statuses=statuses) if dossier.is_editable_state or moves else []
    regime = get_regime(dossier.regime_key)
    transitional = None
    if dossier.regime_key != "qd26-2026":
        kind_key = legal.kind_info(dossier.kind)["transitional_kind"]
        transitional = transitional_deadline(dossier.submitted_on or dossier.filed_on, kind_key)
    report = getattr(dossier, "commune_report", None)
    return render(
        request,
        "evaluation/detail.html",
        {
            "dossier": dossier,
            "regime": regime,
            "current_units": current_units_map([dossier.commune_id]).get(dossier.commune_id, []),
            "events": selectors.dossier_events(dossier=dossier),
            "statuses": statuses,
            "missing": missing,
            "moves": _transition_forms(request, dossier, moves),
            "can_edit": can_edit,
            "can_edit_report": dossier.state in COMMUNE_REPORT_EDITABLE_STATES
            and request.user.has_perm("evaluation.change_commune_report", dossier),
            "report": report,
            "report_issued": bool(report and report.issued_at),
            "show_report_documents": bool(report) and (
                report.issued_at is not None or workflow.COMMUNE in workflow.actor_kinds(request.user, dossier)
            ),
            "office": workflow.office_for(dossier.regime_key),
            "transitional_deadline": transitional,
            "reevaluation_warning": services.reevaluation_window_warning(dossier),
            "commune_days": legal.commune_check_days(dossier.regime_key),
            "today": timezone.localdate(),
        },
    )


@login_required
def dossier_mau01(request, pk):
    dossier = _get_editable_or_403(request, pk)
    form = forms.Mau01Form(request.POST or None, instance=dossier)
    if request.method == "POST" and form.is_valid():
        try:
            services.dossier_update(actor=request.user, dossier=dossier, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, "Đã lưu Phiếu đăng ký (Mẫu 01).")
            return redirect("evaluation:detail", pk=dossier.pk)
    return render(
        request, "evaluation/form.html",
        {"form": form, "dossier": dossier, "title": "Phiếu đăng ký đánh giá, phân hạng (Mẫu 01)"},
    )


@login_required
def dossier_mau02(request, pk):
    dossier = _get_editable_or_403(request, pk)
    form = forms.Mau02Form(request.POST or None, instance=dossier)
    if request.method == "POST" and form.is_valid():
        try:
            services.dossier_update(actor=request.user, dossier=dossier, **form.service_fields())
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, "Đã lưu Báo cáo tự đánh giá (Mẫu 02).")
            return redirect("evaluation:detail", pk=dossier.pk)
    try:
        self_assessment_url = reverse("criteria:self_assessment", args=[dossier.product_id])
    except NoReverseMatch:  # the criteria pages are not installed
        self_assessment_url = ""
    return render(
        request, "evaluation/form.html",
        {
            "form": form, "dossier": dossier, "title": "Báo cáo tự đánh giá về sản phẩm (Mẫu 02)",
            "self_assessment_url": self_assessment_url,
        },
    )


@login_required
def dossier_evidence(request, pk):
    dossier = _get_visible_or_404(request, pk)
    can_edit = dossier.is_editable_state and request.user.has_perm("evaluation.change_dossier", dossier)
    attached = selectors.dossier_documents(dossier=dossier)
    statuses = selectors.dossier_evidence_status(dossier=dossier, documents=attached)
    library = []
    if can_edit:
        attached_ids = {d.pk for d in attached}
        library = [
            d for d in selectors.evidence_library(producer=dossier.producer, product=dossier.product)
            if d.pk not in attached_ids
        ]
    form = forms.EvidenceUploadForm(regime_key=dossier.regime_key, item_key=request.GET.get("muc"))
    return render(
        request,
        "evaluation/evidence.html",
        {
            "dossier": dossier,
            "statuses": statuses,
            "attached": attached,
            "library": library,
            "can_edit": can_edit,
            "form": form,
            "today": timezone.localdate(),
            "max_megabytes": _max_megabytes(),
        },
    )


def _max_megabytes() -> int:
    from django.conf import settings

    return settings.MAX_DOCUMENT_UPLOAD_BYTES // (1024 * 1024)


@login_required
@require_POST
def evidence_upload(request, pk):
    dossier = _get_editable_or_403(request, pk)
    form = forms.EvidenceUploadForm(request.POST, request.FILES, regime_key=dossier.regime_key)
    if form.is_valid():
        try:
            document = services.evidence_upload(actor=request.user, dossier=dossier, **form.cleaned_data)
        except ValidationError as exc:
            _error_messages(request, exc, "Không lưu được tài liệu:")
        else:
            messages.success(request, f"Đã tải lên “{document.title}” và gắn vào hồ sơ.")
    else:
        messages.error(request, "Không lưu được tài liệu:")
        error_messages(request, form)
    return redirect("evaluation:evidence", pk=dossier.pk)


def _library_document(dossier, document_pk):
    return get_object_or_404(
        EvidenceDocument, pk=document_pk, producer_id=dossier.producer_id
    )


@login_required
@require_POST
def evidence_attach(request, pk, document_pk):
    dossier = _get_editable_or_403(request, pk)
    document = _library_document(dossier, document_pk)
    try:
        services.evidence_attach(actor=request.user, dossier=dossier, document=document)
    except ValidationError as exc:
        _error_messages(request, exc)
    else:
        messages.success(request, f"Đã dùng lại “{document.title}” cho hồ sơ này.")
    return redirect("evaluation:evidence", pk=dossier.pk)


@login_required
@require_POST
def evidence_detach(request, pk, document_pk):
    dossier = _get_editable_or_403(request, pk)
    document = _library_document(dossier, document_pk)
    services.evidence_detach(actor=request.user, dossier=dossier, document=document)
    messages.success(request, f"Đã bỏ “{document.title}” khỏi hồ sơ (tài liệu vẫn còn trong thư viện).")
    return redirect("evaluation:evidence", pk=dossier.pk)


@login_required
def evidence_file(request, pk, document_pk):
    """Serve an evidence file: attached to the dossier, or in its library for its editors."""
    dossier = _get_visible_or_404(request, pk)
    document = _library_document(dossier, document_pk)
    attached = dossier.attachments.filter(document=document).exists()
    if not attached and not (
        dossier.is_editable_state and request.user.has_perm("evaluation.change_dossier", dossier)
    ):
        raise Http404("Không tìm thấy tài liệu.")
    extension = document.file.name.rsplit(".", 1)[-1]
    response = FileResponse(
        document.file.open("rb"),
        content_type=document.content_type,
        as_attachment=request.GET.get("tai") == "1",
        filename=f"{document.item_key}-{document.pk}.{extension}",
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
def commune_report(request, pk):
    dossier = _get_visible_or_404(request, pk)
    if dossier.state not in COMMUNE_REPORT_EDITABLE_STATES or not request.user.has_perm(
        "evaluation.change_commune_report", dossier
    ):
        raise PermissionDenied("Chỉ UBND xã tiếp nhận hồ sơ lập báo cáo Mẫu 03, khi đang kiểm tra hồ sơ.")
    instance = getattr(dossier, "commune_report", None)
    form = forms.CommuneReportForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        try:
            services.commune_report_save(actor=request.user, dossier=dossier, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, "Đã lưu báo cáo Mẫu 03.")
            return redirect("evaluation:detail", pk=dossier.pk)
    return render(
        request, "evaluation/form.html",
        {
            "form": form, "dossier": dossier,
            "title": "Báo cáo đánh giá một số nội dung của hồ sơ (Mẫu 03)",
            "intro": "QĐ 26/2026 Điều 7.2.a: UBND cấp xã kiểm tra thành phần hồ sơ và đánh giá 4 nội dung.",
        },
    )


KNOWN_ACTIONS = {t.action for regime in workflow.WORKFLOWS for t in workflow.all_transitions(regime)}


@login_required
@require_POST
def dossier_transition(request, pk, action):
    dossier = _get_visible_or_404(request, pk)
    if action not in KNOWN_ACTIONS:
        raise Http404("Không có thao tác này.")
    kinds = workflow.actor_kinds(request.user, dossier)
    move = workflow.find(dossier.regime_key, dossier.state, action)
    if move is None:
        if not kinds:
            raise PermissionDenied("Bạn không có quyền thay đổi hồ sơ này.")
        # Not a move from this state (e.g. a stale page): say so, change nothing.
        messages.error(
            request,
            f"Không thể thực hiện thao tác này khi hồ sơ đang ở trạng thái «{dossier.get_state_display()}».",
        )
        return redirect("evaluation:detail", pk=dossier.pk)
    if not workflow.is_allowed(request.user, dossier, move, kinds):
        raise PermissionDenied(f"Bạn không có quyền «{move.label}» đối với hồ sơ này.")
    form_class = forms.transition_form_class(action)
    kwargs = {"prefix": action}
    if action == "accept":
        kwargs["rounds"] = selectors.rounds_open_for(dossier=dossier)
    form = form_class(request.POST, **kwargs)
    if not form.is_valid():
        messages.error(request, f"Chưa thể «{move.label.lower()}»:")
        error_messages(request, form)
        return redirect("evaluation:detail", pk=dossier.pk)
    payload = dict(form.cleaned_data)
    comment = payload.pop("comment", "")
    try:
        services.dossier_transition(actor=request.user, dossier=dossier, action=action, comment=comment, **payload)
    except ValidationError as exc:
        _error_messages(request, exc, f"Chưa thể «{move.label.lower()}». Còn thiếu hoặc chưa đúng:")
    else:
        messages.success(request, f"Đã thực hiện: {move.label}. Trạng thái mới: {DossierState(move.target).label}.")
    return redirect("evaluation:detail", pk=dossier.pk)


@login_required
def dossier_document(request, pk, name, fmt):
    dossier = _get_visible_or_404(request, pk)
    if name not in documents.DOCUMENT_NAMES or fmt not in ("docx", "pdf"):
        raise Http404("Không có văn bản này.")
    if name in ("mau-03", "cong-van"):
        report = getattr(dossier, "commune_report", None)
        is_commune = workflow.COMMUNE in workflow.actor_kinds(request.user, dossier)
        if report is None or (report.issued_at is None and not is_commune):
            raise Http404("UBND xã chưa ban hành báo cáo Mẫu 03 cho hồ sơ này.")
    if fmt == "docx":
        content = documents.render_docx(name, dossier)
        content_type = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    else:
        content = documents.render_pdf(name, dossier)
        content_type = "application/pdf"
    response = HttpResponse(content, content_type=content_type)
    disposition = "attachment" if fmt == "docx" else "inline"
    response["Content-Disposition"] = f'{disposition}; filename="{documents.filename(name, dossier, fmt)}"'
    return response


@login_required
def dossier_history(request, pk):
    dossier = _get_visible_or_404(request, pk)
    entries = LogEntry.objects.get_for_object(dossier).select_related("actor").order_by("-timestamp")
    return render(request, "evaluation/history.html", {"dossier": dossier, "page_obj": paginate(request, entries)})


# -- rounds -------------------------------------------------------------------------------------

@login_required
def round_list(request):
    _require_list_access(request)
    year = request.GET.get("nam", "")
    rounds = selectors.round_list(
        actor=request.user, year=to_int(year), level=request.GET.get("cap", ""),
        status=request.GET.get("trang_thai", ""),
    )
    page_obj = paginate(request, rounds)
    count_states = [(state, DossierState(state).label) for state in selectors.ROUND_COUNT_STATES]
    rows = [
        (
            round_obj,
            [(label, getattr(round_obj, f"count_{state}")) for state, label in count_states
             if getattr(round_obj, f"count_{state}")],
        )
        for round_obj in page_obj
    ]
    return render(
        request,
        "evaluation/rounds.html",
        {
            "page_obj": page_obj,
            "rows": rows,
            "base_query": query_without_page(request),
            "levels": EvaluationLevel.choices,
            "statuses": RoundStatus.choices,
            "can_create": request.user.has_perm("evaluation.add_round"),
        },
    )


@login_required
def round_create(request):
    if not request.user.has_perm("evaluation.add_round"):
        raise PermissionDenied("Bạn không có quyền tạo đợt đánh giá.")
    form = forms.RoundForm(request.POST or None, user=request.user, initial={"year": timezone.localdate().year})
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        unit = data.get("unit")
        if unit is not None and not request.user.has_perm("evaluation.change_round", _RoundProbe(data["level"], unit)):
            raise PermissionDenied("Bạn chỉ tạo được đợt đánh giá của địa bàn mình.")
        try:
            round_obj = services.round_create(actor=request.user, **data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, f"Đã tạo “{round_obj.name}”.")
            return redirect("evaluation:round_detail", pk=round_obj.pk)
    return render(request, "evaluation/round_form.html", {"form": form, "round": None})


class _RoundProbe:
    """A stand-in round for the permission check before the round exists."""

    def __init__(self, level, unit):
        self.level, self.unit_id, self.unit = level, unit.pk, unit


@login_required
def round_detail(request, pk):
    _require_list_access(request)
    round_obj = selectors.round_get(actor=request.user, pk=pk)
    if round_obj is None:
        raise Http404("Không tìm thấy đợt đánh giá hoặc bạn không có quyền xem.")
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
    _require_list_access(request)
    round_obj = selectors.round_get(actor=request.user, pk=pk)
    if round_obj is None:
        raise Http404("Không tìm thấy đợt đánh giá hoặc bạn không có quyền xem.")
    if not request.user.has_perm("evaluation.change_round", round_obj):
        raise PermissionDenied("Bạn chỉ được xem đợt đánh giá này.")
    form = forms.RoundEditForm(request.POST or None, instance=round_obj)
    if request.method == "POST" and form.is_valid():
        try:
            services.round_update(actor=request.user, round_obj=round_obj, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, "Đã lưu đợt đánh giá.")
            return redirect("evaluation:round_detail", pk=round_obj.pk)
    return render(request, "evaluation/round_form.html", {"form": form, "round": round_obj})


# -- working-day calendar -------------------------------------------------------------------------

@login_required
def calendar(request):
    _require_list_access(request)
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
    if not request.user.has_perm("evaluation.manage_calendar"):
        raise PermissionDenied("Chỉ cơ quan tham mưu OCOP cấp tỉnh điều chỉnh lịch làm việc.")
    entry = selectors.calendar_days(actor=request.user).filter(pk=pk).first()
    if entry is None or (entry.province_id is None and not user_scope(request.user).is_admin):
        raise Http404("Không tìm thấy điều chỉnh này hoặc bạn không có quyền xóa.")
    services.calendar_day_delete(actor=request.user, entry=entry)
    messages.success(request, "Đã xóa điều chỉnh lịch làm việc.")
    return redirect("evaluation:calendar")

