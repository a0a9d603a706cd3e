"""The dossier lists and one dossier: filing, the detail page with its workflow buttons,
Mẫu 01/02 in steps, the moves (`dossier_transition`), generated documents, the audit history."""

from auditlog.models import LogEntry
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from ocop.core.confirm import Confirmation, confirmation_page, confirmed
from ocop.core.feedback import error_messages
from ocop.core.generated import kept_response
from ocop.core.paging import paginate, query_without_page
from ocop.core.registers import CheckFilter, ChoiceFilter, Register, Search, YearFilter
from ocop.core.requests import require_perm, to_int
from ocop.core.responses import DOCX, not_available
from ocop.core.text import lower_first
from ocop.criteria.regimes import all_regimes, get_regime, transitional_deadline
from ocop.evaluation import documents, forms, legal, selectors, services, workflow
from ocop.evaluation.completeness import dossier_missing
from ocop.evaluation.models import COMMUNE_REPORT_EDITABLE_STATES, DossierKind, DossierState
from ocop.evaluation.views.common import (
    get_editable_or_403,
    get_visible_or_404,
    require_list_access,
    show_errors,
)
from ocop.privacy.services import personal_data_viewed
from ocop.territory.selectors import current_units_map, with_current_units


def _filing_years(request) -> range:
    """Dossiers are filed from 2023 (QĐ 148/QĐ-TTg) to this year."""
    return range(timezone.localdate().year, 2022, -1)


DOSSIERS = Register(
    template="evaluation/list.html",
    filters=(
        Search(placeholder="Tên sản phẩm, chủ thể, số phiếu, mã sản phẩm…"),
        ChoiceFilter("trang_thai", "Trạng thái", DossierState.choices, column="col-6 col-md-4"),
        ChoiceFilter("loai", "Lần đăng ký", DossierKind.choices, column="col-6 col-md-4"),
        ChoiceFilter(
            "che_do", "Chế độ pháp lý", lambda request: [(r.key, r.name) for r in all_regimes()],
            column="col-6 col-md-4",
        ),
        YearFilter(_filing_years, label="Năm lập"),
        CheckFilter("qua_han", "Chỉ hồ sơ quá hạn", column="col-6 col-md-2"),
    ),
    create_perm="evaluation.add_dossier",
    submit_column="col-6 col-md-4",
)


@login_required
def dossier_list(request):
    require_list_access(request)

    def select(f):
        return selectors.dossier_list(
            actor=request.user, q=f["q"], state=f["trang_thai"], kind=f["loai"], regime_key=f["che_do"],
            year=f["nam"], overdue=f["qua_han"],
        )

    return DOSSIERS.render(request, select, rows=with_current_units, today=timezone.localdate())


@login_required
def todo(request):
    require_list_access(request)
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


@login_required
def dossier_create(request):
    require_perm(request, "evaluation.add_dossier", message="Bạn không có quyền lập hồ sơ đánh giá, phân hạng.")
    initial = {}
    product_id = request.GET.get("product") or request.GET.get("san_pham", "")
    if to_int(product_id) is not None:
        initial["product"] = to_int(product_id)
    if request.GET.get("kind") in DossierKind.values:
        initial["kind"] = request.GET["kind"]
    form = forms.DossierCreateForm(request.POST or None, initial=initial, user=request.user)
    if request.method == "POST" and form.is_valid():
        product = form.cleaned_data["product"]
        require_perm(request, "evaluation.add_dossier_for", product, "Bạn không được lập hồ sơ cho sản phẩm này.")
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
    source = request.POST if request.method == "POST" else {"product": initial.get("product"), "kind": initial.get("kind")}
    return render(request, "evaluation/create.html", {"form": form, "fc": _filing_checklist(request, source)})


def _filing_checklist(request, data):
    """The checklist for the chosen product and kind, or None until both are chosen (and
    only for a product the user may file for)."""
    product_id, kind = str(data.get("product") or ""), data.get("kind") or DossierKind.FIRST
    if to_int(product_id) is None or kind not in DossierKind.values:
        return None
    product = forms.products_user_may_file_for(request.user).filter(pk=int(product_id)).select_related("category").first()
    if product is None:
        return None
    return selectors.filing_checklist(product=product, kind=kind)


@login_required
def dossier_create_checklist(request):
    """htmx: the checklist refreshed when the product or the kind changes on "Lập hồ sơ"."""
    require_perm(request, "evaluation.add_dossier", message="Bạn không có quyền lập hồ sơ đánh giá, phân hạng.")
    if not request.headers.get("HX-Request"):  # opened directly: the whole page, same choice
        return redirect(f"{reverse('evaluation:create')}?{request.GET.urlencode()}")
    return render(request, "evaluation/_filing_checklist.html", {"fc": _filing_checklist(request, request.GET)})


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
    dossier = get_visible_or_404(request, pk)
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
    # One checklist on the page: each form with its own problems, then every evidence item.
    form_rows = [
        ("Phiếu đăng ký (Mẫu 01)", [p for p in missing if p.startswith("Mẫu 01")]),
        ("Báo cáo tự đánh giá (Mẫu 02)", [p for p in missing if p.startswith("Mẫu 02")]),
    ]
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
            "form_rows": form_rows,
            "checked": dossier.is_editable_state or bool(moves),
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


def _stored_data(form_class, dossier) -> dict:
    """What the dossier holds, as data for a bound form: the whole form is validated against
    it when the last step is finished."""
    unbound = form_class(instance=dossier)
    data = {}
    for name in unbound.fields:
        value = unbound[name].value()
        if value not in (None, ""):
            data[name] = value
    return data


def _stepped_form(request, dossier, *, form_class, steps, title, saved_message, extra=None):
    """One long form in named steps ("Bước 2/5"), every step saved on the way.

    Buttons (plain POST, works without JavaScript): "Lưu nháp" saves the step and stays;
    "Quay lại"/"Tiếp tục" save it and move; "Lưu và hoàn tất" on the last step saves it and
    validates the whole form (the required fields of every step) before going back to the
    dossier, showing the first step that still lacks something. Saving never needs the
    other steps to be complete, so nothing typed is lost.
    """
    count = len(steps)
    number = min(max(to_int(request.POST.get("buoc") or request.GET.get("buoc")) or 1, 1), count)
    step = steps[number - 1]
    form = forms.restrict_to_step(form_class(request.POST or None, instance=dossier), step, draft=True)
    if not form.fields and request.method != "POST":  # a step without fields for this dossier
        target = number + 1 if number < count else number - 1
        return redirect(f"{request.path}?buoc={target}")
    action = request.POST.get("thao_tac", "tiep")
    if request.method == "POST" and form.is_valid():
        try:
            services.dossier_update(actor=request.user, dossier=dossier, **form.service_fields())
        except ValidationError as exc:
            # Shown above the step's fields (the service may name a field of another step).
            form.add_error(None, exc.messages)
        else:
            if action == "hoan_tat":
                full = form_class(_stored_data(form_class, dossier), instance=dossier)
                if full.is_valid():
                    messages.success(request, saved_message)
                    return redirect("evaluation:detail", pk=dossier.pk)
                first = next(
                    (i for i, s in enumerate(steps, start=1) if any(name in full.errors for name in s.fields)),
                    number,
                )
                messages.warning(
                    request,
                    f"Đã lưu nháp. Còn thiếu ở bước {first}/{count} ({steps[first - 1].title}): "
                    + "; ".join(f"{full.fields[name].label}" for name in steps[first - 1].fields if name in full.errors)
                    + ".",
                )
                return redirect(f"{request.path}?buoc={first}")
            if action == "nhap":
                messages.success(request, f"Đã lưu nháp bước {number}/{count}: {step.title}.")
                return redirect(f"{request.path}?buoc={number}")
            target = number - 1 if action == "lui" else number + 1
            return redirect(f"{request.path}?buoc={min(max(target, 1), count)}")
    return render(
        request, "evaluation/form.html",
        {
            "form": form, "dossier": dossier, "title": title,
            "steps": [(i, s) for i, s in enumerate(steps, start=1)],
            "step": step, "step_number": number, "step_count": count,
            **(extra or {}),
        },
    )


@login_required
def dossier_mau01(request, pk):
    dossier = get_editable_or_403(request, pk)
    personal_data_viewed(request, dossier, "Mẫu 01")
    return _stepped_form(
        request, dossier, form_class=forms.Mau01Form, steps=forms.MAU01_STEPS,
        title="Phiếu đăng ký đánh giá, phân hạng (Mẫu 01)", saved_message="Đã lưu Phiếu đăng ký (Mẫu 01).",
    )


@login_required
def dossier_mau02(request, pk):
    dossier = get_editable_or_403(request, pk)
    personal_data_viewed(request, dossier, "Mẫu 02")
    try:
        self_assessment_url = reverse("criteria:self_assessment", args=[dossier.product_id])
    except NoReverseMatch:  # the criteria pages are not installed
        self_assessment_url = ""
    return _stepped_form(
        request, dossier, form_class=forms.Mau02Form, steps=forms.MAU02_STEPS,
        title="Báo cáo tự đánh giá về sản phẩm (Mẫu 02)", saved_message="Đã lưu Báo cáo tự đánh giá (Mẫu 02).",
        extra={"self_assessment_url": self_assessment_url},
    )


def _issue_report_confirmation(dossier, move) -> Confirmation:
    report = getattr(dossier, "commune_report", None)
    detail_url = reverse("evaluation:detail", args=[dossier.pk])
    contents = [
        ("local_materials", "Nguyên liệu địa phương"), ("local_labour", "Lao động địa phương"),
        ("idea_origin", "Nguồn gốc ý tưởng sản phẩm"), ("local_identity", "Bản sắc, trí tuệ địa phương"),
    ]
    rows = [("Sản phẩm", f"{dossier.product.name} – {dossier.producer.name}")]
    warnings = []
    if report is not None:
        rows += [
            ("Số báo cáo", report.report_number or "—"),
            ("Ngày báo cáo", report.report_date.strftime("%d/%m/%Y") if report.report_date else "ngày ban hành"),
            ("Người ký", f"{report.signer_title} {report.signer_name}".strip() or "—"),
        ]
        for name, label in contents:
            rows.append((label, getattr(report, name) or "—"))
            if not getattr(report, name).strip():
                warnings.append(f"{label}: chưa có nhận xét.")
        if not report.meeting_held:
            warnings.append("Chưa ghi nhận Chủ tịch UBND xã họp lấy ý kiến các bộ phận liên quan.")
    else:
        warnings.append("Chưa lập báo cáo Mẫu 03.")
    return Confirmation(
        title=f"{lower_first(move.label)} cho “{dossier.product.name}”",
        action_url=reverse("evaluation:transition", args=[dossier.pk, move.action]),
        cancel_url=detail_url,
        confirm_label="Xác nhận ban hành Mẫu 03",
        effect=(
            "Sau khi ban hành, báo cáo Mẫu 03 là văn bản của UBND xã gửi chủ thể và cấp đánh giá (QĐ 26/2026 "
            "Điều 7.2.a): không sửa, không hủy được trên hệ thống. Hồ sơ chuyển sang bước đề nghị cấp trên."
        ),
        rows=rows,
        warnings=warnings,
        breadcrumb=[(dossier.product.name, detail_url)],
    )


def _submit_confirmation(dossier, move) -> Confirmation | None:
    """Filing the dossier with the commune (QĐ 26/2026 Điều 7.1) starts the commune's 15
    working days and ends the producer's editing. An incomplete dossier gets no summary: the
    service refuses it with the list of what is missing."""
    if dossier_missing(dossier):
        return None
    from ocop.criteria.regimes import regime_label

    detail_url = reverse("evaluation:detail", args=[dossier.pk])
    documents_count = len(selectors.dossier_documents(dossier=dossier))
    return Confirmation(
        title=f"{lower_first(move.label)} “{dossier.product.name}”",
        action_url=reverse("evaluation:transition", args=[dossier.pk, move.action]),
        cancel_url=detail_url,
        confirm_label=f"Xác nhận {lower_first(move.label)}",
        effect=(
            "Sau khi nộp, hồ sơ chuyển cho UBND xã kiểm tra trong 15 ngày làm việc kể từ ngày tiếp nhận "
            "(QĐ 26/2026 Điều 7.2) và bạn không sửa được nữa. Cần bổ sung thì UBND xã trả lại để hoàn thiện; "
            "bạn vẫn rút được hồ sơ (có ghi lý do), hồ sơ đã rút không tiếp tục được."
        ),
        rows=[
            ("Sản phẩm", f"{dossier.product.name} – {dossier.producer.name}"),
            ("Lần đăng ký đánh giá", dossier.get_kind_display()),
            ("Bộ tiêu chí, quy định áp dụng", regime_label(dossier.regime_key)),
            ("Nộp cho", f"UBND {lower_first(dossier.commune.name)}" if dossier.commune_id else "UBND cấp xã"),
            ("Tài liệu minh chứng kèm theo", f"{documents_count} tệp"),
        ],
        breadcrumb=[(dossier.product.name, detail_url)],
    )


CONFIRMED_ACTIONS = {
    "issue_report": _issue_report_confirmation,
    "submit": _submit_confirmation,
    "resubmit": _submit_confirmation,
}


KNOWN_ACTIONS = {t.action for regime in workflow.WORKFLOWS for t in workflow.all_transitions(regime)}


@login_required
@require_POST
def dossier_transition(request, pk, action):
    dossier = get_visible_or_404(request, pk)
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
        messages.error(request, f"Chưa thể «{move.label}»:")
        error_messages(request, form)
        return redirect("evaluation:detail", pk=dossier.pk)
    if action in CONFIRMED_ACTIONS and not confirmed(request):
        # Issuing Mẫu 03 cannot be taken back, filing starts the commune's deadline: show
        # what will happen first.
        confirmation = CONFIRMED_ACTIONS[action](dossier, move)
        if confirmation is not None:
            return confirmation_page(request, confirmation)
    payload = dict(form.cleaned_data)
    comment = payload.pop("comment", "")
    try:
        services.dossier_transition(actor=request.user, dossier=dossier, action=action, comment=comment, **payload)
    except ValidationError as exc:
        show_errors(request, exc, f"Chưa thể «{move.label}». Còn thiếu hoặc chưa đúng:")
    else:
        messages.success(request, f"Đã thực hiện: {move.label}. Trạng thái mới: {DossierState(move.target).label}.")
    return redirect("evaluation:detail", pk=dossier.pk)


@login_required
def dossier_document(request, pk, name, fmt):
    dossier = get_visible_or_404(request, pk)
    if name not in documents.DOCUMENT_NAMES or fmt not in ("docx", "pdf"):
        raise Http404("Không có văn bản này.")
    if name in ("mau-03", "cong-van"):
        report = getattr(dossier, "commune_report", None)
        is_commune = workflow.COMMUNE in workflow.actor_kinds(request.user, dossier)
        if report is None or (report.issued_at is None and not is_commune):
            raise not_available(
                "Mẫu 03 và văn bản đề nghị có sau khi UBND xã ban hành báo cáo Mẫu 03 cho hồ sơ này.",
                title="Chưa có văn bản này",
                back_url=reverse("evaluation:detail", args=[dossier.pk]),
                back_label=f"Quay lại hồ sơ “{dossier.product.name}”",
            )
    # Mẫu 01, 02, 03 carry the representative's name, gender, ethnicity, residence.
    personal_data_viewed(request, dossier, f"Văn bản {name}.{fmt}")
    content_type = DOCX if fmt == "docx" else "application/pdf"
    return kept_response(
        documents.kept(name, dossier, fmt),
        content_type=content_type,
        filename=documents.filename(name, dossier, fmt),
        inline=fmt == "pdf",
    )


@login_required
def dossier_history(request, pk):
    dossier = get_visible_or_404(request, pk)
    entries = LogEntry.objects.get_for_object(dossier).select_related("actor").order_by("-timestamp")
    return render(request, "evaluation/history.html", {"dossier": dossier, "page_obj": paginate(request, entries)})
