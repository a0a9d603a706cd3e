"""After scoring: forwarding, the upper level's result, not recognising, the minutes and
reports, and the decision recognising products."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from ocop.core.confirm import Confirmation, confirmation_page, confirmed
from ocop.core.feedback import error_messages
from ocop.core.generated import kept_response
from ocop.core.requests import to_int
from ocop.core.responses import DOCX, file_download, not_allowed
from ocop.core.text import format_number_vn
from ocop.councils import access, documents, forms, selectors, services
from ocop.councils import jobs as council_jobs
from ocop.councils.models import CouncilEvaluation, EvaluationStatus, Outcome
from ocop.councils.views.common import (
    council_or_404,
    evaluation_or_404,
    office_evaluation_or_403,
    run_and_report,
)
from ocop.criteria.regimes import get_regime
from ocop.evaluation.models import DossierState
from ocop.jobs.requests import job_redirect, request_key
from ocop.jobs.services import job_submit


@login_required
@require_POST
def forward(request, pk):
    evaluation = office_evaluation_or_403(request, pk)
    if evaluation.dossier.state == DossierState.EVALUATED and not confirmed(request):
        return confirmation_page(request, _forward_confirmation(evaluation))
    run_and_report(request, "Đã chuyển hồ sơ lên cấp trên đánh giá.", services.evaluation_forward, evaluation=evaluation)
    return redirect("councils:evaluation", pk=pk)


def _forward_confirmation(evaluation) -> Confirmation:
    level = services.regime_level(evaluation.regime_key, evaluation.council.level)
    regime = get_regime(evaluation.regime_key)
    upper = next((item.name for item in regime.levels if item.key == level.forwards_to), "cấp trên")
    dossier = evaluation.dossier
    evaluation_url = reverse("councils:evaluation", args=[evaluation.pk])
    return Confirmation(
        title=f"chuyển “{dossier.product.name}” lên cấp trên đánh giá",
        action_url=reverse("councils:forward", args=[evaluation.pk]),
        cancel_url=evaluation_url,
        confirm_label="Xác nhận chuyển cấp trên đánh giá",
        effect=(
            f"Hồ sơ chuyển sang {upper} đánh giá ({level.source}); chủ thể và UBND xã được thông báo. "
            "Không hoàn tác được trên hệ thống: sau đó chỉ ghi được kết quả của cấp trên khi có văn bản."
        ),
        rows=[
            ("Sản phẩm", dossier.product.name),
            ("Chủ thể", dossier.producer.name),
            ("Điểm trung bình của Hội đồng", format_number_vn(evaluation.average_total, 2)),
            ("Hạng sao theo điểm", f"{evaluation.stars} sao" if evaluation.stars else "—"),
            ("Chuyển đến", upper),
        ],
        breadcrumb=[(evaluation.council.name, reverse("councils:detail", args=[evaluation.council.pk])),
                    (dossier.product.name, evaluation_url)],
    )


@login_required
@require_POST
def upper_result(request, pk):
    evaluation = office_evaluation_or_403(request, pk)
    form = forms.UpperResultForm(request.POST)
    if form.is_valid():
        run_and_report(
            request, "Đã ghi nhận kết quả của cấp trên.", services.upper_result_record,
            evaluation=evaluation, **form.cleaned_data,
        )
    else:
        messages.error(request, "Kết quả của cấp trên chưa hợp lệ.")
    return redirect("councils:evaluation", pk=pk)


@login_required
@require_POST
def not_recognise(request, pk):
    evaluation = office_evaluation_or_403(request, pk)
    run_and_report(request, "Đã thông báo kết quả không công nhận.", services.evaluation_not_recognise, evaluation=evaluation)
    return redirect("councils:evaluation", pk=pk)


@login_required
def minutes(request, pk):
    evaluation = evaluation_or_404(request, pk)
    if not access.can_see_scores(request.user, evaluation):
        conflicted = access.is_conflicted(access.membership(request.user, evaluation.council), evaluation.dossier)
        raise not_allowed(
            "Bạn đã khai báo xung đột lợi ích với hồ sơ này nên không xem biên bản." if conflicted
            else "Biên bản có sau khi Hội đồng kết thúc chấm điểm.",
            title="Chưa có biên bản", back_url=reverse("councils:evaluation", args=[evaluation.pk]),
            back_label=f"Quay lại phiên đánh giá “{evaluation.dossier.product.name}”",
        )
    present, sheets = documents.minutes_members(evaluation)
    return kept_response(documents.kept_minutes_docx(evaluation, sheets=sheets, present=present), content_type=DOCX, filename=f"bien-ban-hoi-dong-{evaluation.pk}.docx")


@login_required
def minutes_pdf(request, pk):
    """The minutes as issued and signed when the council closed the evaluation (issued now
    if that failed); the same readers as the DOCX (docs/signing.md)."""
    evaluation = evaluation_or_404(request, pk)
    if not access.can_see_scores(request.user, evaluation) or evaluation.status != EvaluationStatus.CLOSED:
        raise Http404("Chưa có biên bản.")
    document = documents.minutes_document_issue(actor=request.user, evaluation=evaluation)
    with document.file.open("rb") as handle:
        data = handle.read()
    response = file_download(data, content_type="application/pdf", filename=f"bien-ban-hoi-dong-{evaluation.pk}.pdf",
                             inline=True)
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_POST
def council_documents(request, pk):
    """Every decision and certificate of the council in one ZIP, made by a job."""
    council = council_or_404(request, pk)
    if not access.can_manage(request.user, council):
        raise PermissionDenied("Chỉ cơ quan tham mưu quản lý OCOP lập văn bản của hội đồng.")
    job = job_submit(
        actor=request.user, kind=council_jobs.ROUND_DOCUMENTS, title=f"Văn bản của {council.name} (ZIP)",
        key=request_key(request, council_jobs.ROUND_DOCUMENTS, council.pk), params={"council": council.pk},
        back_url=reverse("councils:detail", args=[council.pk]),
    )
    return job_redirect(job)


@login_required
def summary_report(request, pk):
    """The office's summary of the council's results, for the competent person's decision."""
    council = council_or_404(request, pk)
    if not access.can_manage(request.user, council):
        raise PermissionDenied("Chỉ cơ quan tham mưu quản lý OCOP lập báo cáo tổng hợp.")
    evaluations = selectors.council_evaluations(council=council)
    return file_download(documents.summary_report_docx(council, evaluations), content_type=DOCX,
                         filename=f"bao-cao-tong-hop-hoi-dong-{council.pk}.docx")


@login_required
def forwarding_letter(request, pk):
    """The office's letter sending a forwarded product to the upper level (QĐ 26/2026 Điều 6.3)."""
    evaluation = office_evaluation_or_403(request, pk)
    if evaluation.outcome != Outcome.FORWARD:
        raise Http404("Sản phẩm này không thuộc trường hợp chuyển cấp trên đánh giá.")
    return file_download(documents.forwarding_letter_docx(evaluation), content_type=DOCX,
                         filename=f"van-ban-de-nghi-cap-tren-{evaluation.pk}.docx")


@login_required
def decision_create(request, pk):
    council = council_or_404(request, pk)
    if not access.can_manage(request.user, council):
        raise PermissionDenied("Chỉ cơ quan tham mưu quản lý OCOP được lập quyết định công nhận.")
    candidates = [(e, *services.recognisable(e)) for e in selectors.council_evaluations(council=council)]
    candidates = [c for c in candidates if c[1] is not None]
    form = forms.DecisionForm(request.POST or None, initial={"decided_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        chosen = {to_int(v) for v in request.POST.getlist("evaluation")} - {None}
        picked = [c[0] for c in candidates if c[0].pk in chosen]
        data = form.cleaned_data
        try:
            if not confirmed(request):
                plan = services.decision_plan(actor=request.user, council=council, evaluations=picked,
                                              number=data["number"], decided_on=data["decided_on"])
                return confirmation_page(request, _decision_confirmation(council, data, plan))
            decision = services.decision_issue(actor=request.user, council=council, evaluations=picked, **data)
        except ValidationError as exc:
            error_messages(request, exc)
        else:
            messages.success(request, f"Đã ban hành Quyết định số {decision.number} và cấp giấy chứng nhận.")
            return redirect("councils:detail", pk=council.pk)
    return render(request, "councils/decision_form.html", {"council": council, "form": form, "candidates": candidates})


def _decision_confirmation(council, data, plan) -> Confirmation:
    return Confirmation(
        title=f"ban hành Quyết định số {data['number'].strip()} và cấp giấy chứng nhận",
        action_url=reverse("councils:decision_create", args=[council.pk]),
        cancel_url=reverse("councils:decision_create", args=[council.pk]),
        confirm_label="Xác nhận ban hành và cấp giấy chứng nhận",
        effect=(
            "Quyết định công nhận là văn bản hành chính đã ban hành: không hủy được trên hệ thống. Sai sót "
            "chỉ được xử lý bằng quyết định khác (đính chính, thu hồi theo QĐ 26/2026 Điều 8). Mỗi sản phẩm "
            "dưới đây được cấp một giấy chứng nhận có mã QR, chủ thể và UBND xã được thông báo."
        ),
        rows=[
            ("Số quyết định", data["number"].strip()),
            ("Ngày quyết định", data["decided_on"].strftime("%d/%m/%Y")),
            ("Người ký", data.get("signer") or "—"),
            ("Số sản phẩm", len(plan)),
        ],
        table_head=["Sản phẩm", "Chủ thể", "Điểm", "Hạng", "Số giấy chứng nhận", "Hiệu lực đến"],
        table_rows=[
            [line.evaluation.dossier.product.name, line.evaluation.dossier.producer.name, line.score,
             f"{line.stars} sao", line.certificate_number, line.expires_on.strftime("%d/%m/%Y")]
            for line in plan
        ],
        breadcrumb=[(council.name, reverse("councils:detail", args=[council.pk]))],
    )


@login_required
def decision_document(request, pk):
    from ocop.certificates.models import RecognitionDecision

    decision = get_object_or_404(RecognitionDecision, pk=pk)
    evaluations = list(
        CouncilEvaluation.objects.filter(decision=decision)
        .select_related("council", "dossier__product", "dossier__producer", "certificate")
        .order_by("certificate__number")
    )
    if not evaluations or not any(access.can_view(request.user, e.council) for e in evaluations[:1]):
        raise Http404("Không tìm thấy quyết định.")
    return kept_response(documents.kept_decision_docx(decision, evaluations), content_type=DOCX, filename=f"quyet-dinh-cong-nhan-{decision.pk}.docx")
