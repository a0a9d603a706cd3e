"""A scoring session: the members' sheets, conflicts, reopening, closing, the agreed result."""

from __future__ import annotations

from pathlib import Path

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
from ocop.core.requests import to_int
from ocop.core.responses import upload_content_type, uploaded_file_response
from ocop.core.text import format_number_vn
from ocop.councils import access, forms, selectors, services
from ocop.councils.models import EvaluationStatus, Outcome, ScoreSheet
from ocop.councils.views.common import chair_evaluation_or_403, evaluation_or_404, run_and_report
from ocop.criteria.presentation import field_name, leaf_flags, points_from_post, sheet_rows
from ocop.criteria.regimes import get_regime
from ocop.evaluation.models import DossierState


@login_required
def evaluation_detail(request, pk):
    evaluation = evaluation_or_404(request, pk)
    council = evaluation.council
    member = access.membership(request.user, council)
    conflicted = access.is_conflicted(member, evaluation.dossier)
    can_see = access.can_see_scores(request.user, evaluation)
    progress = selectors.progress(evaluation=evaluation)
    can_manage = access.can_manage(request.user, council)
    return render(request, "councils/evaluation.html", {
        "evaluation": evaluation,
        "council": council,
        "member": member,
        "conflicted": conflicted,
        "can_see_scores": can_see,
        "progress": progress,
        "is_chair": access.is_chair(request.user, council),
        "can_manage": can_manage,
        "events": selectors.scoring_events(evaluation=evaluation),
        "close_form": forms.CloseForm(),
        "divergence": selectors.divergence_report(evaluation=evaluation)
        if access.is_chair(request.user, council) and evaluation.status == EvaluationStatus.SCORING else None,
        "agreed_form": forms.AgreedResultForm(initial={"meeting_on": timezone.localdate()}),
        "upper_form": forms.UpperResultForm(),
        "scoring": evaluation.status == EvaluationStatus.SCORING,
        "outcome": Outcome,
        "state": evaluation.dossier.state,
        "states": DossierState,
    })


@login_required
def sheet(request, pk):
    """A member scores the dossier: the criteria sheet (QĐ 26/2026) or part totals (QĐ 148),
    the evidence documents beside it; save a draft or submit (then locked)."""
    evaluation = evaluation_or_404(request, pk)
    member = access.membership(request.user, evaluation.council)
    if member is None or not member.scores:
        raise PermissionDenied("Bạn không phải thành viên chấm điểm của hội đồng này.")
    if access.is_conflicted(member, evaluation.dossier):
        raise PermissionDenied("Bạn đã khai báo xung đột lợi ích với hồ sơ này nên không được chấm điểm hoặc xem điểm.")
    own = ScoreSheet.objects.filter(evaluation=evaluation, member=member).first()
    cset = services.evaluation_criteria_set(evaluation) if evaluation.criteria_set else None
    points = dict(own.points) if own and own.points else ({leaf.code: 0 for leaf in cset.leaves} if cset else {})
    part_totals = dict(own.part_totals) if own else {}
    problems = []
    if request.method == "POST":
        submit = "nop" in request.POST
        if cset:
            points, problems = points_from_post(cset, request.POST)
        else:
            part_totals = {code: request.POST.get(f"part_{code}", "") for code in get_regime(evaluation.regime_key).part_maxima}
        if not problems and submit and not confirmed(request):
            # Submitting locks the sheet (only the chair reopens it): show the summary first.
            try:
                summary = services.sheet_summary(
                    evaluation=evaluation, points=points, part_totals=part_totals,
                    answered={leaf.code for leaf in cset.leaves if request.POST.get(field_name(leaf.code), "").strip()}
                    if cset else None,
                )
            except ValidationError as exc:
                error_messages(request, exc)
            else:
                return confirmation_page(request, _sheet_confirmation(evaluation, summary))
        elif not problems:
            try:
                services.sheet_save(actor=request.user, evaluation=evaluation, points=points, part_totals=part_totals,
                                    comment=request.POST.get("comment", ""), submit=submit)
            except ValidationError as exc:
                error_messages(request, exc)
            else:
                messages.success(request, "Đã nộp phiếu đánh giá." if submit else "Đã lưu nháp phiếu đánh giá.")
                return redirect("councils:sheet", pk=evaluation.pk)
    result = None
    if cset and not problems:
        from ocop.criteria.engine import score_sheet

        result = score_sheet(cset, points)
    from ocop.evaluation.selectors import dossier_documents

    locked = own is not None and own.is_locked
    return render(request, "councils/sheet.html", {
        "evaluation": evaluation,
        "sheet": own,
        "locked": locked,
        "cset": cset,
        "parts": sheet_rows(cset, points, problems) if cset else None,
        "result": result,
        "problems": problems,
        "flags": leaf_flags(cset, result) if cset else [],
        "part_rows": [
            (code, maximum, part_totals.get(code, "")) for code, maximum in get_regime(evaluation.regime_key).part_maxima.items()
        ] if not cset else [],
        "documents": dossier_documents(dossier=evaluation.dossier),
        "readonly": locked,
    })


def _sheet_confirmation(evaluation, summary) -> Confirmation:
    sheet_url = reverse("councils:sheet", args=[evaluation.pk])
    return Confirmation(
        title=f"nộp phiếu đánh giá “{evaluation.dossier.product.name}”",
        action_url=sheet_url,
        cancel_url=sheet_url,
        cancel_post_name="luu",
        cancel_drop=("nop",),
        cancel_label="Quay lại sửa phiếu (lưu nháp)",
        confirm_label="Xác nhận nộp phiếu",
        effect=(
            "Sau khi nộp, phiếu bị khóa: bạn không tự sửa được nữa, chỉ Chủ tịch Hội đồng mở lại được "
            "(có ghi lý do). Hãy kiểm tra các tiêu chí còn 0 điểm hoặc chưa chọn phương án dưới đây."
        ),
        rows=[("Tổng điểm", summary.total), ("Hạng sao theo phiếu", f"{summary.stars} sao"), *summary.rows],
        warnings=summary.zero_items,
        warnings_title="Tiêu chí còn 0 điểm hoặc chưa chọn phương án",
        breadcrumb=[("Việc chấm điểm", reverse("councils:queue")),
                    (evaluation.dossier.product.name, reverse("councils:evaluation", args=[evaluation.pk]))],
    )


@login_required
@require_POST
def evaluation_close(request, pk):
    evaluation = chair_evaluation_or_403(request, pk, "Chỉ Chủ tịch Hội đồng được kết thúc chấm điểm.")
    form = forms.CloseForm(request.POST)
    form.is_valid()
    present = request.POST.getlist("present") or None
    if evaluation.status == EvaluationStatus.SCORING and not confirmed(request):
        # Closing locks every sheet and fixes the council's result: the summary comes first.
        return confirmation_page(request, _close_confirmation(evaluation, present))
    try:
        outcome = services.evaluation_close(actor=request.user, evaluation=evaluation, present_member_ids=present,
                                            **form.cleaned_data)
    except ValidationError as exc:
        error_messages(request, exc)
    else:
        (messages.success if outcome.closed else messages.warning)(request, outcome.message)
    return redirect("councils:evaluation", pk=evaluation.pk)


def _close_confirmation(evaluation, present) -> Confirmation:
    """Who has submitted, who has not, and the spread of the submitted totals against the
    council's threshold (Quy chế hội đồng), with what closing does or why it will be refused."""
    progress = selectors.progress(evaluation=evaluation)
    council = evaluation.council
    rows = progress["rows"]
    if present is None:  # the service's default: members who submitted or declared a conflict
        present_ids = {r["member"].pk for r in rows if r["conflicted"] or (r["sheet"] and r["sheet"].is_locked)}
    else:
        present_ids = {to_int(pk) for pk in present} - {None}
    submitted = [r for r in rows if not r["conflicted"] and r["sheet"] is not None and r["sheet"].is_locked]
    waiting = [r for r in rows if not r["conflicted"] and r not in submitted]
    totals = [r["sheet"].total for r in submitted if r["member"].pk in present_ids and r["sheet"].total is not None]
    spread = max(totals) - min(totals) if totals else None
    threshold = council.divergence_threshold
    threshold_text = format_number_vn(threshold, 0 if threshold % 1 == 0 else 2)

    def names(items) -> str:
        return ", ".join(str(r["member"].user) for r in items) or "Không có"

    warnings = []
    missing = [r for r in waiting if r["member"].pk in present_ids]
    if missing:
        warnings.append(f"Thành viên có mặt chưa nộp phiếu: {names(missing)}. Hệ thống sẽ từ chối kết thúc.")
    if spread is not None and spread > threshold:
        warnings.append(
            f"Tổng điểm các phiếu chênh lệch {format_number_vn(spread, 2)} điểm, quá {threshold_text} điểm: "
            "hệ thống sẽ từ chối kết thúc và chỉ ra thành viên chênh lệch để Hội đồng thảo luận, "
            "Chủ tịch mở lại phiếu cần chấm lại hoặc ghi kết quả thống nhất."
        )
    evaluation_url = reverse("councils:evaluation", args=[evaluation.pk])
    return Confirmation(
        title=f"kết thúc chấm điểm “{evaluation.dossier.product.name}”",
        action_url=reverse("councils:close", args=[evaluation.pk]),
        cancel_url=evaluation_url,
        confirm_label="Xác nhận kết thúc chấm điểm",
        effect=(
            "Khi kết thúc, Hội đồng tính điểm trung bình và hạng sao từ các phiếu đã nộp của thành viên có mặt, "
            "mọi phiếu bị khóa và không mở lại được nữa; kết quả ghi vào biên bản, không hoàn tác được trên hệ thống. "
            "Nếu chưa đủ thành viên, còn người có mặt chưa nộp phiếu hoặc tổng điểm chênh lệch quá "
            f"{threshold_text} điểm thì hệ thống từ chối kết thúc và nêu lý do."
        ),
        rows=[
            ("Phiếu đã nộp", progress["label"]),
            ("Chưa nộp phiếu", names(waiting)),
            ("Khai báo xung đột lợi ích", names([r for r in rows if r["conflicted"]])),
            ("Thành viên có mặt", names([r for r in rows if r["member"].pk in present_ids])),
            ("Chênh lệch tổng điểm giữa các phiếu đã nộp",
             f"{format_number_vn(spread, 2)} điểm (giới hạn {threshold_text} điểm)" if spread is not None else "Chưa có phiếu"),
        ],
        warnings=warnings,
        warnings_title="Việc kết thúc sẽ bị từ chối",
        breadcrumb=[("Việc chấm điểm", reverse("councils:queue")), (evaluation.dossier.product.name, evaluation_url)],
    )


@login_required
@require_POST
def conflict(request, pk):
    evaluation = evaluation_or_404(request, pk)
    form = forms.ReasonForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Ghi rõ lý do xung đột lợi ích.")
        return redirect("councils:evaluation", pk=pk)
    run_and_report(
        request,
        "Đã ghi nhận khai báo xung đột lợi ích: bạn không chấm và không xem điểm hồ sơ này.",
        services.conflict_declare,
        evaluation=evaluation,
        reason=form.cleaned_data["reason"],
    )
    return redirect("councils:evaluation", pk=pk)


@login_required
@require_POST
def sheet_reopen(request, pk, sheet_pk):
    evaluation = chair_evaluation_or_403(request, pk, "Chỉ Chủ tịch Hội đồng được mở lại phiếu đã nộp.")
    target = get_object_or_404(ScoreSheet, pk=sheet_pk, evaluation=evaluation)
    run_and_report(request, "Đã mở lại phiếu.", services.sheet_reopen, sheet=target, reason=request.POST.get("reason", ""))
    return redirect("councils:evaluation", pk=pk)


@login_required
@require_POST
def sheets_reopen(request, pk):
    """After a refused close: the chair reopens the sheets the council chose, one reason."""
    evaluation = chair_evaluation_or_403(request, pk, "Chỉ Chủ tịch Hội đồng được mở lại phiếu đã nộp.")
    chosen = [v for v in request.POST.getlist("sheets") if v.isdigit()]
    try:
        reopened = services.sheets_reopen(actor=request.user, evaluation=evaluation, sheet_ids=chosen,
                                          reason=request.POST.get("reason", ""))
    except ValidationError as exc:
        error_messages(request, exc)
    else:
        names = ", ".join(str(s.member.user) for s in reopened)
        messages.success(request, f"Đã mở lại phiếu để chấm lại: {names}. Thành viên đã được thông báo.")
    return redirect("councils:evaluation", pk=pk)


@login_required
@require_POST
def agreed_result(request, pk):
    """After a refused close: the chair records the council's agreed result and its minutes."""
    evaluation = chair_evaluation_or_403(request, pk, "Chỉ Chủ tịch Hội đồng được ghi kết quả thống nhất của Hội đồng.")
    form = forms.AgreedResultForm(request.POST, request.FILES)
    if not form.is_valid():
        error_messages(request, form)
        return redirect("councils:evaluation", pk=pk)
    present = request.POST.getlist("present") or None
    try:
        evaluation = services.evaluation_record_agreed(actor=request.user, evaluation=evaluation,
                                                       present_member_ids=present, **form.cleaned_data)
    except ValidationError as exc:
        error_messages(request, exc)
    else:
        messages.success(request, f"Đã ghi kết quả thống nhất của Hội đồng: {evaluation.average_total} điểm, "
                                  f"{evaluation.stars} sao.")
    return redirect("councils:evaluation", pk=pk)


@login_required
def agreed_minutes_file(request, pk):
    evaluation = evaluation_or_404(request, pk)
    if not evaluation.agreed_minutes_file or not (
        access.can_see_scores(request.user, evaluation) or access.can_manage(request.user, evaluation.council)
    ):
        raise Http404("Không có biên bản thống nhất hoặc bạn không có quyền xem.")
    name = evaluation.agreed_minutes_file.name
    suffix = Path(name).suffix.lower()
    return uploaded_file_response(
        evaluation.agreed_minutes_file.open("rb"),
        content_type=upload_content_type(suffix),
        filename=f"bien-ban-thong-nhat-{evaluation.pk}{suffix}",
    )
