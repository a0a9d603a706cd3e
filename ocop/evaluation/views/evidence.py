"""A dossier's evidence (the producer's document library) and the commune's report (Mẫu 03)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render, resolve_url
from django.utils import timezone
from django.views.decorators.http import require_POST

from ocop.core.feedback import error_messages
from ocop.core.registers import form_page
from ocop.core.responses import uploaded_file_response
from ocop.evaluation import forms, selectors, services
from ocop.evaluation.models import COMMUNE_REPORT_EDITABLE_STATES, EvidenceDocument
from ocop.evaluation.views.common import get_editable_or_403, get_visible_or_404, show_errors


@login_required
def dossier_evidence(request, pk):
    dossier = get_visible_or_404(request, pk)
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
    dossier = get_editable_or_403(request, pk)
    form = forms.EvidenceUploadForm(request.POST, request.FILES, regime_key=dossier.regime_key)
    if form.is_valid():
        try:
            document = services.evidence_upload(actor=request.user, dossier=dossier, **form.cleaned_data)
        except ValidationError as exc:
            show_errors(request, exc, "Không lưu được tài liệu:")
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
    dossier = get_editable_or_403(request, pk)
    document = _library_document(dossier, document_pk)
    try:
        services.evidence_attach(actor=request.user, dossier=dossier, document=document)
    except ValidationError as exc:
        show_errors(request, exc)
    else:
        messages.success(request, f"Đã dùng lại “{document.title}” cho hồ sơ này.")
    return redirect("evaluation:evidence", pk=dossier.pk)


@login_required
@require_POST
def evidence_detach(request, pk, document_pk):
    dossier = get_editable_or_403(request, pk)
    document = _library_document(dossier, document_pk)
    services.evidence_detach(actor=request.user, dossier=dossier, document=document)
    messages.success(request, f"Đã bỏ “{document.title}” khỏi hồ sơ (tài liệu vẫn còn trong thư viện).")
    return redirect("evaluation:evidence", pk=dossier.pk)


@login_required
def evidence_file(request, pk, document_pk):
    """Serve an evidence file: attached to the dossier, or in its library for its editors."""
    dossier = get_visible_or_404(request, pk)
    document = _library_document(dossier, document_pk)
    attached = dossier.attachments.filter(document=document).exists()
    if not attached and not (
        dossier.is_editable_state and request.user.has_perm("evaluation.change_dossier", dossier)
    ):
        raise Http404("Không tìm thấy tài liệu.")
    extension = document.file.name.rsplit(".", 1)[-1]
    return uploaded_file_response(
        document.file.open("rb"),
        content_type=document.content_type,
        download=request.GET.get("tai") == "1",
        filename=f"{document.item_key}-{document.pk}.{extension}",
    )


@login_required
def commune_report(request, pk):
    dossier = get_visible_or_404(request, pk)
    if dossier.state not in COMMUNE_REPORT_EDITABLE_STATES or not request.user.has_perm(
        "evaluation.change_commune_report", dossier
    ):
        raise PermissionDenied("Chỉ UBND xã tiếp nhận hồ sơ lập báo cáo Mẫu 03, khi đang kiểm tra hồ sơ.")
    instance = getattr(dossier, "commune_report", None)
    form = forms.CommuneReportForm(request.POST or None, instance=instance)
    return form_page(
        request,
        form,
        lambda data: services.commune_report_save(actor=request.user, dossier=dossier, **data),
        template="evaluation/form.html",
        success="Đã lưu báo cáo Mẫu 03.",
        goto=lambda _: resolve_url("evaluation:detail", pk=dossier.pk),
        dossier=dossier,
        title="Báo cáo đánh giá một số nội dung của hồ sơ (Mẫu 03)",
        intro="QĐ 26/2026 Điều 7.2.a: UBND cấp xã kiểm tra thành phần hồ sơ và đánh giá 4 nội dung.",
    )
