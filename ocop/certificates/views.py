import hashlib
from datetime import date

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from ocop.accounts.scopes import filter_unit_choices
from ocop.certificates import (
    dashboard_panels,
    documents,
    issuing,
    legal,
    selectors,
    services,
    validity,
    verification,
)
from ocop.certificates import jobs as certificate_jobs
from ocop.certificates.forms import (
    DocumentVerifyForm,
    ImportUploadForm,
    ReevaluationFiledForm,
    RevocationCancelForm,
    RevocationDecideForm,
    RevocationProposeForm,
)
from ocop.certificates.importing import services as import_services
from ocop.certificates.importing.table import COLUMNS
from ocop.certificates.models import CertificateImport, DecisionLevel, RecordSource, Revocation
from ocop.core.confirm import Confirmation, confirmation_page, confirmed
from ocop.core.feedback import error_messages, report_outcome
from ocop.core.generated import kept_response
from ocop.core.paging import paginate, query_without_page
from ocop.core.registers import form_page, form_post
from ocop.core.requests import found_or_404, require_perm, unit_from_request
from ocop.core.responses import file_download
from ocop.jobs.requests import export_job_page, job_redirect, new_token, request_key
from ocop.territory.selectors import current_units_map


def _stars_from_request(request) -> int | None:
    value = request.GET.get("sao", "")
    return int(value) if value in ("3", "4", "5") else None


def _as_of(request) -> date:
    value = request.GET.get("ngay", "")
    try:
        return date.fromisoformat(value) if value else timezone.localdate()
    except ValueError:
        return timezone.localdate()


def _get_visible_or_404(request, pk):
    certificate = found_or_404(selectors.certificate_get(actor=request.user, pk=pk), "giấy chứng nhận")
    return certificate


def _require_manager(request):
    require_perm(request, "certificates.manage_register", message="Chỉ cơ quan tham mưu OCOP cấp tỉnh quản lý sổ giấy chứng nhận.")


def _rows_with_current(page_obj, on):
    current = current_units_map([c.product.commune_id for c in page_obj], on=on)
    return [(certificate, current.get(certificate.product.commune_id, [])) for certificate in page_obj], current


@login_required
def certificate_list(request):
    on = _as_of(request)
    unit = unit_from_request(request)
    queryset = selectors.certificate_list(
        actor=request.user,
        q=request.GET.get("q", ""),
        unit=unit,
        stars=_stars_from_request(request),
        status=request.GET.get("trang_thai", ""),
        level=request.GET.get("cap", "") if request.GET.get("cap", "") in DecisionLevel.values else "",
        on=on,
    )
    if request.GET.get("xuat") == "xlsx" or request.method == "POST":
        # The register as filtered on the page, whole: at once when short, as a job when long.
        rows = queryset.count()
        if rows <= settings.OCOP_SYNC_EXPORT_MAX_ROWS and request.method == "GET":
            return documents.register_xlsx_response(queryset, on=on)
        params = certificate_jobs.export_params(
            q=request.GET.get("q", ""), unit=unit, stars=_stars_from_request(request),
            status=request.GET.get("trang_thai", ""), level=request.GET.get("cap", ""), on=on,
        )
        return export_job_page(
            request, kind=certificate_jobs.REGISTER_EXPORT, title="Xuất sổ giấy chứng nhận (Excel)", params=params,
            rows=rows, what="sổ giấy chứng nhận", back_url=request.path,
        )
    page_obj = paginate(request, queryset)
    rows, _ = _rows_with_current(page_obj, on)
    return render(
        request,
        "certificates/list.html",
        {
            "page_obj": page_obj,
            "rows": rows,
            "base_query": query_without_page(request),
            "units": filter_unit_choices(request.user),
            "selected_unit": unit,
            "statuses": [(s, validity.STATUS_LABELS[s]) for s in validity.STATUSES],
            "levels": DecisionLevel.choices,
            "on": on,
            "can_manage": request.user.has_perm("certificates.manage_register"),
        },
    )


@login_required
def dashboard(request):
    """Counts by status and stars for a unit (old or new), and what needs doing."""
    on = _as_of(request)
    unit = unit_from_request(request)
    stars = _stars_from_request(request)
    base = selectors.certificate_list(actor=request.user, unit=unit, stars=stars, on=on)
    counts = selectors.status_counts(base)
    table = []
    for status in validity.STATUSES:
        by_stars = counts[status]
        table.append(
            {
                "status": status,
                "label": validity.STATUS_LABELS[status],
                "colour": validity.STATUS_COLOURS[status],
                "stars": [by_stars[3], by_stars[4], by_stars[5]],
                "total": sum(by_stars.values()),
            }
        )
    totals = [sum(row["stars"][i] for row in table) for i in range(3)]
    due = selectors.due_filter(base, on)
    page_obj = paginate(request, due)
    rows, _ = _rows_with_current(page_obj, on)
    revocations = list(selectors.revocation_list(actor=request.user, open_only=True)[:20])
    return render(
        request,
        "certificates/dashboard.html",
        {
            "table": table,
            "totals": totals,
            "grand_total": sum(totals),
            "page_obj": page_obj,
            "rows": rows,
            "base_query": query_without_page(request),
            "units": filter_unit_choices(request.user),
            "selected_unit": unit,
            "selected_stars": stars,
            "on": on,
            "revocations": revocations,
            # Panels other apps add (the monitoring app: compliance documents expiring).
            **dashboard_panels.panels_for(request, on=on, unit=unit),
        },
    )


@login_required
def certificate_detail(request, pk):
    certificate = _get_visible_or_404(request, pk)
    today = timezone.localdate()
    rules = validity.current_rules()
    status = validity.certificate_status(certificate, today, rules)
    allowed, reason = validity.reevaluation_allowed(certificate, today, rules)
    first, last = validity.window(certificate.expires_on, rules)
    can_manage = request.user.has_perm("certificates.change_certificate", certificate)
    current = current_units_map([certificate.product.commune_id]).get(certificate.product.commune_id, [])
    return render(
        request,
        "certificates/detail.html",
        {
            "certificate": certificate,
            "status": status,
            "status_label": validity.STATUS_LABELS[status],
            "status_colour": validity.STATUS_COLOURS[status],
            "days_left": validity.days_left(certificate, today),
            "reevaluation_allowed": allowed,
            "reevaluation_reason": reason,
            "window_first": first,
            "window_last": last,
            "extension_end": validity.extension_end(certificate.expires_on, rules),
            "pending": validity.reevaluation_pending(certificate, today),
            "current_units": current,
            "events": certificate.events.select_related("actor"),
            "revocations": certificate.revocations.select_related("proposed_by").order_by("-id"),
            "can_manage": can_manage,
            "may_start_reevaluation": allowed and _may_start_reevaluation(request.user, certificate),
            "filed_form": ReevaluationFiledForm(initial={"filed_on": today}) if can_manage and allowed else None,
            "qr_svg": documents.certificate_qr_svg(certificate),
            "verification_url": documents.verification_url(certificate),
            "authority": legal.revocation_authority(certificate.stars),
        },
    )


def _issued_pdf_response(document, filename: str):
    response = file_download(
        issuing.issued_document_bytes(document), content_type="application/pdf", filename=filename, inline=True,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
def certificate_pdf(request, pk):
    """The certificate as issued (signed, docs/signing.md) when the system issued it; the
    register's print with today's status for certificates recorded from paper registers."""
    certificate = _get_visible_or_404(request, pk)
    issued = certificate.issued_documents.first()
    if issued is not None:
        return _issued_pdf_response(issued, f"giay-chung-nhan-{certificate.public_code}.pdf")
    today = timezone.localdate()
    current = current_units_map([certificate.product.commune_id]).get(certificate.product.commune_id, [])
    return kept_response(
        documents.kept_certificate_pdf(certificate, on=today, current_units=current),
        content_type="application/pdf", filename=f"giay-chung-nhan-{certificate.public_code}.pdf", inline=True,
    )


@login_required
@require_POST
def reevaluation_filed(request, pk):
    certificate = _get_visible_or_404(request, pk)
    require_perm(request, "certificates.change_certificate", certificate, "Bạn chỉ được xem giấy chứng nhận này.")
    form_post(
        request,
        ReevaluationFiledForm(request.POST),
        lambda data: services.certificate_mark_reevaluation_filed(
            actor=request.user, certificate=certificate, filed_on=data["filed_on"], reference=data["reference"]
        ),
        success="Đã ghi nhận hồ sơ đánh giá lại.",
    )
    return redirect("certificates:detail", pk=certificate.pk)


@login_required
@require_POST
def reevaluation_start(request, pk):
    """"Bắt đầu đánh giá lại": the producer, its commune or the certificate's office opens
    the re-evaluation dossier; the producer completes it."""
    certificate = _get_visible_or_404(request, pk)
    if not _may_start_reevaluation(request.user, certificate):
        raise PermissionDenied("Bạn không được lập hồ sơ đánh giá lại cho sản phẩm này.")
    try:
        dossier = services.reevaluation_dossier_start(actor=request.user, certificate=certificate)
    except ValidationError as exc:
        error_messages(request, exc)
        return redirect("certificates:detail", pk=certificate.pk)
    messages.success(
        request,
        f"Đã lập hồ sơ đánh giá lại “{certificate.product.name}”, điền sẵn từ hồ sơ trước và dùng lại "
        "tài liệu còn hiệu lực. Chủ thể hoàn thiện rồi nộp UBND xã.",
    )
    return redirect("evaluation:detail", pk=dossier.pk)


def _may_start_reevaluation(user, certificate) -> bool:
    return user.has_perm("evaluation.add_dossier_for", certificate.product) or user.has_perm(
        "certificates.change_certificate", certificate
    )


@login_required
def decision_pdf(request, pk):
    """The recognition decision as issued and signed; issued now if it was not yet (a
    decision issued before signing existed, or whose signing failed)."""
    decision = found_or_404(selectors.decision_get(actor=request.user, pk=pk), "quyết định công nhận")
    if decision.source != RecordSource.ISSUED:
        raise Http404("Quyết định nhập từ sổ giấy không có bản điện tử do hệ thống phát hành.")
    document = issuing.decision_document_issue(actor=request.user, decision=decision)
    return _issued_pdf_response(document, f"quyet-dinh-{decision.pk}.pdf")


def verify_document(request):
    """Public (no login): is this PDF, or this SHA-256, a document the system issued?"""
    posted = request.method == "POST"
    form = DocumentVerifyForm(request.POST, request.FILES) if posted else DocumentVerifyForm()
    result = None
    if posted and form.is_valid():
        result = verification.document_verify(
            data=form.cleaned_data["data"], sha256=form.cleaned_data["sha256"], on=timezone.localdate(),
        )
    return render(request, "certificates/verify_document.html", {"form": form, "result": result},
                  status=400 if posted and not form.is_valid() else 200)


def verify(request, public_code):
    """Public verification page (no login), reached by the QR code on the certificate."""
    certificate = selectors.certificate_public_get(public_code=public_code)
    if certificate is None:
        return render(request, "certificates/verify_missing.html", {"code": public_code}, status=404)
    today = timezone.localdate()
    status = validity.certificate_status(certificate, today)
    producer = certificate.product.producer
    # The QR landing page is the most visited public page: a commune valid today (most
    # producers) is its own today's unit, with no further query.
    commune = producer.commune
    current = [commune] if commune.is_valid_on(today) else current_units_map([commune.pk], on=today).get(commune.pk, [])
    revocation = None
    if status == validity.REVOKED:
        revocation = certificate.revocations.filter(status=Revocation.Status.DECIDED).order_by("-decided_on").first()
    return render(
        request,
        "certificates/verify.html",
        {
            "certificate": certificate,
            "status": status,
            "public_label": validity.PUBLIC_LABELS[status],
            "in_force": status in validity.IN_FORCE,
            "producer": producer,
            "producer_current_units": current,
            "revocation": revocation,
            "today": today,
            "verification_url": documents.verification_url(certificate),
        },
    )


# -- import ----------------------------------------------------------------------------------


@login_required
def import_upload(request):
    _require_manager(request)
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        # Checked by a job (row progress on its page), which then opens the preview.
        data = form.cleaned_data["data"]
        job = certificate_jobs.import_check_submit(
            actor=request.user, filename=form.cleaned_data["file"].name, data=data,
            key=request_key(request, certificate_jobs.IMPORT_CHECK, hashlib.sha256(data).hexdigest()),
        )
        return job_redirect(job)
    return render(
        request,
        "certificates/import_upload.html",
        {
            "form": form,
            "token": new_token(),
            "columns": COLUMNS,
            "example": documents.TEMPLATE_EXAMPLE,
            "history": selectors.import_history(actor=request.user)[:10],
        },
    )


def _batch_or_404(request, token) -> CertificateImport:
    batch = selectors.import_get(actor=request.user, token=token)
    if batch is None:
        raise Http404("Không tìm thấy tệp đã tải lên.")
    return batch


@login_required
def import_preview(request, token):
    _require_manager(request)
    batch = _batch_or_404(request, token)
    if request.method == "POST":
        if batch.status != CertificateImport.Status.PREVIEW:
            error_messages(request, ValidationError("Tệp này không còn chờ xác nhận (đã nhập, đã hủy hoặc có lỗi)."))
            return redirect("certificates:import_preview", token=batch.token)
        # Imported by a job: every row or none, once however often the form is sent.
        job = certificate_jobs.import_apply_submit(
            actor=request.user, batch=batch, key=request_key(request, certificate_jobs.IMPORT_APPLY, batch.token)
        )
        return job_redirect(job)
    return render(
        request,
        "certificates/import_preview.html",
        {"batch": batch, "summary": batch.summary, "errors": batch.errors, "token": new_token()},
    )


@login_required
@require_POST
def import_discard(request, token):
    _require_manager(request)
    batch = _batch_or_404(request, token)
    import_services.certificate_import_discard(actor=request.user, batch=batch)
    messages.info(request, "Đã hủy tệp tải lên; không có gì được nhập.")
    return redirect("certificates:import")


@login_required
def import_errors(request, token):
    _require_manager(request)
    batch = _batch_or_404(request, token)
    data = documents.import_error_report_xlsx(batch.filename, batch.errors)
    return file_download(data, content_type=documents.XLSX_CONTENT_TYPE, filename="bao-cao-loi-nhap-giay-chung-nhan.xlsx")


@login_required
def import_template(request):
    _require_manager(request)
    return file_download(
        documents.import_template_xlsx(), content_type=documents.XLSX_CONTENT_TYPE, filename="mau-nhap-giay-chung-nhan-ocop.xlsx"
    )


# -- revocation ------------------------------------------------------------------------------


def _revocation_or_404(request, pk) -> Revocation:
    revocation = found_or_404(selectors.revocation_get(actor=request.user, pk=pk), "đề nghị thu hồi")
    return revocation


@login_required
def revocation_list(request):
    queryset = selectors.revocation_list(actor=request.user, open_only=request.GET.get("mo") == "1")
    page_obj = paginate(request, queryset)
    return render(
        request,
        "certificates/revocation_list.html",
        {
            "page_obj": page_obj,
            "rows": page_obj,
            "base_query": query_without_page(request),
            "today": timezone.localdate(),
        },
    )


@login_required
def revocation_propose(request, pk):
    certificate = _get_visible_or_404(request, pk)
    require_perm(request, "certificates.change_certificate", certificate, "Chỉ cơ quan tham mưu OCOP cấp tỉnh đề nghị thu hồi giấy chứng nhận.")
    form = RevocationProposeForm(request.POST or None, request.FILES or None)
    return form_page(
        request,
        form,
        lambda data: services.revocation_propose(
            actor=request.user,
            certificate=certificate,
            ground=data["ground"],
            facts=data["facts"],
            conclusion_reference=data["conclusion_reference"],
            conclusion_on=data["conclusion_on"],
            evidence=data.get("evidence"),
        ),
        template="certificates/revocation_form.html",
        success=lambda revocation: f"Đã lập đề nghị thu hồi; hạn quyết định: {revocation.deadline:%d/%m/%Y}.",
        goto=lambda revocation: resolve_url("certificates:revocation_detail", pk=revocation.pk),
        certificate=certificate,
        authority=legal.revocation_authority(certificate.stars),
        deadline_days=legal.revocation_deadline_days(),
    )


@login_required
def revocation_detail(request, pk):
    revocation = _revocation_or_404(request, pk)
    can_manage = request.user.has_perm("certificates.change_certificate", revocation.certificate)
    is_open = revocation.status == Revocation.Status.PROPOSED
    today = timezone.localdate()
    return render(
        request,
        "certificates/revocation_detail.html",
        {
            "revocation": revocation,
            "certificate": revocation.certificate,
            "ground": revocation.ground_info,
            "today": today,
            "overdue": revocation.is_overdue(today),
            "can_manage": can_manage,
            "decide_form": RevocationDecideForm(initial={"decided_on": today}) if can_manage and is_open else None,
            "cancel_form": RevocationCancelForm() if can_manage and is_open else None,
        },
    )


def _revocation_confirmation(revocation: Revocation, data) -> Confirmation:
    certificate = revocation.certificate
    ground = revocation.ground_info
    detail_url = reverse("certificates:revocation_detail", args=[revocation.pk])
    warnings = []
    if data["decided_on"] > revocation.deadline:
        warnings.append(f"Quá hạn 15 ngày kể từ ngày có kết luận (hạn {revocation.deadline:%d/%m/%Y}, Điều 8.4).")
    return Confirmation(
        title=f"thu hồi giấy chứng nhận số {certificate.number}",
        action_url=reverse("certificates:revocation_decide", args=[revocation.pk]),
        cancel_url=detail_url,
        confirm_label="Xác nhận ghi nhận quyết định thu hồi",
        danger=True,
        effect=(
            f"Từ ngày {data['decided_on']:%d/%m/%Y} giấy chứng nhận hiển thị “Đã thu hồi” ở mọi nơi (sổ, "
            "danh mục công khai, trang xác minh mã QR); chủ thể không được tiếp tục dùng nhãn hiệu OCOP cho "
            "sản phẩm và được thông báo. Quyết định thu hồi không hủy được trên hệ thống: sản phẩm muốn có lại "
            "giấy chứng nhận phải nộp hồ sơ đánh giá mới."
        ),
        rows=[
            ("Giấy chứng nhận", f"Số {certificate.number} – {certificate.product_name} ({certificate.stars} sao)"),
            ("Chủ thể", certificate.producer_name),
            ("Căn cứ", f"Điểm {ground.label} khoản 1 Điều 8 QĐ 26/2026/QĐ-TTg: {ground.text}"),
            ("Kết luận", f"{revocation.conclusion_reference} ngày {revocation.conclusion_on:%d/%m/%Y}"),
            ("Số quyết định thu hồi", data["decision_number"].strip()),
            ("Ngày quyết định", data["decided_on"].strftime("%d/%m/%Y")),
            ("Người ký", data.get("signer") or "—"),
        ],
        warnings=warnings,
        breadcrumb=[("Thu hồi giấy chứng nhận", reverse("certificates:revocations")), (str(revocation), detail_url)],
    )


@login_required
@require_POST
def revocation_decide(request, pk):
    revocation = _managed_revocation_or_403(request, pk)
    form = RevocationDecideForm(request.POST)
    if form.is_valid() and not confirmed(request):
        # A recorded revocation takes effect everywhere at once: show ground and effect first.
        return confirmation_page(request, _revocation_confirmation(revocation, form.cleaned_data))
    form_post(
        request, form, lambda data: services.revocation_decide(actor=request.user, revocation=revocation, **data),
        success="Đã ghi nhận quyết định thu hồi; giấy chứng nhận hiển thị “Đã thu hồi”.",
    )
    return redirect("certificates:revocation_detail", pk=revocation.pk)


@login_required
@require_POST
def revocation_cancel(request, pk):
    revocation = _managed_revocation_or_403(request, pk)
    form = RevocationCancelForm(request.POST)
    if form.is_valid():
        report_outcome(
            request,
            lambda: services.revocation_cancel(actor=request.user, revocation=revocation, reason=form.cleaned_data["reason"]),
            success="Đã hủy đề nghị thu hồi.",
        )
    else:
        messages.error(request, "Hãy ghi lý do hủy đề nghị.")
    return redirect("certificates:revocation_detail", pk=revocation.pk)


def _managed_revocation_or_403(request, pk) -> Revocation:
    """A proposal the reader may decide or cancel; others only see it."""
    revocation = _revocation_or_404(request, pk)
    require_perm(request, "certificates.change_certificate", revocation.certificate, "Bạn chỉ được xem đề nghị này.")
    return revocation


@login_required
def revocation_docx(request, pk):
    revocation = _revocation_or_404(request, pk)
    return file_download(
        documents.revocation_decision_docx(revocation),
        content_type=documents.DOCX_CONTENT_TYPE,
        filename=f"quyet-dinh-thu-hoi-{revocation.pk}.docx",
    )


@login_required
def revocation_evidence(request, pk):
    revocation = _revocation_or_404(request, pk)
    if not revocation.evidence:
        raise Http404("Đề nghị này không có tệp minh chứng.")
    return FileResponse(
        revocation.evidence.open("rb"), as_attachment=True, filename=revocation.evidence_name or "minh-chung"
    )
