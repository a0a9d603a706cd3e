"""Thin views: check permission, validate a form, call one service or selector, render."""

from __future__ import annotations

from pathlib import Path

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from ocop.accounts.models import Role
from ocop.accounts.scopes import user_scope
from ocop.core.confirm import Confirmation, confirmation_page, confirmed
from ocop.core.feedback import error_messages
from ocop.core.generated import kept_response
from ocop.core.responses import DOCX, file_download, not_allowed
from ocop.councils import access, documents, forms, selectors, services
from ocop.councils.models import (
    AdvisoryRecord,
    Council,
    CouncilEvaluation,
    CouncilKind,
    EvaluationStatus,
    Outcome,
    ScoreSheet,
)
from ocop.criteria.presentation import field_name, leaf_flags, points_from_post, sheet_rows
from ocop.criteria.regimes import get_regime
from ocop.evaluation.models import DossierState, EvaluationRound


def _council_or_404(request, pk) -> Council:
    council = get_object_or_404(Council.objects.select_related("unit", "advisory_for"), pk=pk)
    if not access.can_view(request.user, council):
        raise Http404("Không tìm thấy hội đồng hoặc bạn không có quyền xem.")
    return council


def _evaluation_or_404(request, pk) -> CouncilEvaluation:
    evaluation = get_object_or_404(
        CouncilEvaluation.objects.select_related(
            "council", "council__unit", "dossier", "dossier__product", "dossier__producer", "decision", "certificate"
        ),
        pk=pk,
    )
    if not access.can_view(request.user, evaluation.council):
        raise Http404("Không tìm thấy phiên đánh giá hoặc bạn không có quyền xem.")
    return evaluation


@login_required
def council_list(request):
    scope = user_scope(request.user)
    return render(request, "councils/list.html", {
        "councils": selectors.council_list(actor=request.user),
        "can_create": scope.has(Role.PROVINCE_OFFICE, Role.DISTRICT_OFFICE),
    })


@login_required
def council_create(request):
    scope = user_scope(request.user)
    if not scope.has(Role.PROVINCE_OFFICE, Role.DISTRICT_OFFICE):
        raise PermissionDenied("Chỉ cơ quan tham mưu quản lý OCOP được thành lập hội đồng.")
    from ocop.territory.models import AdministrativeUnit

    units = AdministrativeUnit.objects.filter(pk__in=scope.unit_ids(Role.PROVINCE_OFFICE, Role.DISTRICT_OFFICE))
    form = forms.CouncilForm(request.POST or None, initial={"year": timezone.localdate().year})
    if request.method == "POST" and form.is_valid():
        unit = units.first() if not scope.is_admin else None
        try:
            council = services.council_create(actor=request.user, unit=unit, **form.cleaned_data)
        except ValidationError as exc:
            error_messages(request, exc)
        else:
            messages.success(request, "Đã thành lập hội đồng.")
            return redirect("councils:detail", pk=council.pk)
    return render(request, "councils/form.html", {"form": form, "title": "Thành lập hội đồng, tổ tư vấn"})


@login_required
def council_detail(request, pk):
    council = _council_or_404(request, pk)
    can_manage = access.can_manage(request.user, council)
    member = access.membership(request.user, council)
    evaluations = selectors.council_evaluations(council=council)
    opened = {e.dossier_id for e in evaluations}
    waiting = []
    if council.kind == CouncilKind.COUNCIL and (can_manage or access.is_chair(request.user, council)):
        from ocop.evaluation.models import Dossier

        waiting = list(
            Dossier.objects.filter(round__in=council.rounds.all(), state=DossierState.ACCEPTED)
            .exclude(pk__in=opened).select_related("product", "producer")
        )
    rounds_available = []
    if can_manage:
        rounds_available = EvaluationRound.objects.filter(level=council.level, unit=council.unit).exclude(
            pk__in=council.rounds.values("pk"))
    advisory_dossiers = []
    if council.kind == CouncilKind.ADVISORY and council.advisory_for_id:
        from ocop.evaluation.models import Dossier

        advisory_dossiers = list(Dossier.objects.filter(round__in=council.advisory_for.rounds.all()).select_related("product"))
    return render(request, "councils/detail.html", {
        "council": council,
        "members": council.members.select_related("user"),
        "rounds": council.rounds.all(),
        "evaluations": evaluations,
        "waiting": waiting,
        "can_manage": can_manage,
        "member": member,
        "member_form": forms.MemberForm(council=council) if can_manage else None,
        "rounds_available": rounds_available,
        "advisory_dossiers": advisory_dossiers,
        "recognisable": any(services.recognisable(e)[0] for e in evaluations) if can_manage else False,
    })


@login_required
@require_POST
def member_add(request, pk):
    council = _council_or_404(request, pk)
    if not access.can_manage(request.user, council):
        raise PermissionDenied("Chỉ cơ quan tham mưu được thêm thành viên.")
    if "round" in request.POST:
        round_obj = get_object_or_404(EvaluationRound, pk=request.POST["round"])
        try:
            services.council_round_attach(actor=request.user, council=council, round_obj=round_obj)
        except ValidationError as exc:
            error_messages(request, exc)
        return redirect("councils:detail", pk=council.pk)
    form = forms.MemberForm(request.POST, council=council)
    if form.is_valid():
        try:
            services.council_member_add(actor=request.user, council=council, **form.cleaned_data)
        except ValidationError as exc:
            error_messages(request, exc)
        else:
            messages.success(request, "Đã thêm thành viên.")
    else:
        messages.error(request, "Thông tin thành viên chưa hợp lệ:")
        error_messages(request, form)
    return redirect("councils:detail", pk=council.pk)


@login_required
@require_POST
def evaluation_open(request, pk, dossier_pk):
    council = _council_or_404(request, pk)
    from ocop.evaluation.models import Dossier

    dossier = get_object_or_404(Dossier, pk=dossier_pk)
    if not (access.is_chair(request.user, council) or access.can_manage(request.user, council)):
        raise PermissionDenied("Chỉ Chủ tịch Hội đồng hoặc cơ quan tham mưu được mở phiên chấm điểm.")
    try:
        evaluation = services.evaluation_open(actor=request.user, council=council, dossier=dossier)
    except ValidationError as exc:
        error_messages(request, exc)
        return redirect("councils:detail", pk=council.pk)
    messages.success(request, "Đã bắt đầu chấm điểm hồ sơ.")
    return redirect("councils:evaluation", pk=evaluation.pk)


@login_required
def queue(request):
    return render(request, "councils/queue.html", {"items": selectors.scoring_queue(actor=request.user)})


@login_required
def evaluation_detail(request, pk):
    evaluation = _evaluation_or_404(request, pk)
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
    evaluation = _evaluation_or_404(request, pk)
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
    evaluation = _evaluation_or_404(request, pk)
    if not access.is_chair(request.user, evaluation.council):
        raise PermissionDenied("Chỉ Chủ tịch Hội đồng được kết thúc chấm điểm.")
    form = forms.CloseForm(request.POST)
    form.is_valid()
    present = request.POST.getlist("present") or None
    try:
        outcome = services.evaluation_close(actor=request.user, evaluation=evaluation, present_member_ids=present,
                                            **form.cleaned_data)
    except ValidationError as exc:
        error_messages(request, exc)
    else:
        (messages.success if outcome.closed else messages.warning)(request, outcome.message)
    return redirect("councils:evaluation", pk=evaluation.pk)


@login_required
@require_POST
def conflict(request, pk):
    evaluation = _evaluation_or_404(request, pk)
    form = forms.ReasonForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Ghi rõ lý do xung đột lợi ích.")
        return redirect("councils:evaluation", pk=pk)
    try:
        services.conflict_declare(actor=request.user, evaluation=evaluation, reason=form.cleaned_data["reason"])
    except ValidationError as exc:
        error_messages(request, exc)
    else:
        messages.success(request, "Đã ghi nhận khai báo xung đột lợi ích: bạn không chấm và không xem điểm hồ sơ này.")
    return redirect("councils:evaluation", pk=pk)


@login_required
@require_POST
def sheet_reopen(request, pk, sheet_pk):
    evaluation = _evaluation_or_404(request, pk)
    if not access.is_chair(request.user, evaluation.council):
        raise PermissionDenied("Chỉ Chủ tịch Hội đồng được mở lại phiếu đã nộp.")
    target = get_object_or_404(ScoreSheet, pk=sheet_pk, evaluation=evaluation)
    try:
        services.sheet_reopen(actor=request.user, sheet=target, reason=request.POST.get("reason", ""))
    except ValidationError as exc:
        error_messages(request, exc)
    else:
        messages.success(request, "Đã mở lại phiếu.")
    return redirect("councils:evaluation", pk=pk)


@login_required
@require_POST
def sheets_reopen(request, pk):
    """After a refused close: the chair reopens the sheets the council chose, one reason."""
    evaluation = _evaluation_or_404(request, pk)
    if not access.is_chair(request.user, evaluation.council):
        raise PermissionDenied("Chỉ Chủ tịch Hội đồng được mở lại phiếu đã nộp.")
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
    evaluation = _evaluation_or_404(request, pk)
    if not access.is_chair(request.user, evaluation.council):
        raise PermissionDenied("Chỉ Chủ tịch Hội đồng được ghi kết quả thống nhất của Hội đồng.")
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
    evaluation = _evaluation_or_404(request, pk)
    if not evaluation.agreed_minutes_file or not (
        access.can_see_scores(request.user, evaluation) or access.can_manage(request.user, evaluation.council)
    ):
        raise Http404("Không có biên bản thống nhất hoặc bạn không có quyền xem.")
    name = evaluation.agreed_minutes_file.name
    return FileResponse(evaluation.agreed_minutes_file.open("rb"),
                        filename=f"bien-ban-thong-nhat-{evaluation.pk}{Path(name).suffix}")


def _office_action(request, pk):
    evaluation = _evaluation_or_404(request, pk)
    if not access.can_manage(request.user, evaluation.council):
        raise PermissionDenied("Chỉ cơ quan tham mưu quản lý OCOP được thực hiện việc này.")
    return evaluation


@login_required
@require_POST
def forward(request, pk):
    evaluation = _office_action(request, pk)
    try:
        services.evaluation_forward(actor=request.user, evaluation=evaluation)
    except ValidationError as exc:
        error_messages(request, exc)
    else:
        messages.success(request, "Đã chuyển hồ sơ lên cấp trên đánh giá.")
    return redirect("councils:evaluation", pk=pk)


@login_required
@require_POST
def upper_result(request, pk):
    evaluation = _office_action(request, pk)
    form = forms.UpperResultForm(request.POST)
    if form.is_valid():
        try:
            services.upper_result_record(actor=request.user, evaluation=evaluation, **form.cleaned_data)
        except ValidationError as exc:
            error_messages(request, exc)
        else:
            messages.success(request, "Đã ghi nhận kết quả của cấp trên.")
    else:
        messages.error(request, "Kết quả của cấp trên chưa hợp lệ.")
    return redirect("councils:evaluation", pk=pk)


@login_required
@require_POST
def not_recognise(request, pk):
    evaluation = _office_action(request, pk)
    try:
        services.evaluation_not_recognise(actor=request.user, evaluation=evaluation)
    except ValidationError as exc:
        error_messages(request, exc)
    else:
        messages.success(request, "Đã thông báo kết quả không công nhận.")
    return redirect("councils:evaluation", pk=pk)


@login_required
def minutes(request, pk):
    evaluation = _evaluation_or_404(request, pk)
    if not access.can_see_scores(request.user, evaluation):
        conflicted = access.is_conflicted(access.membership(request.user, evaluation.council), evaluation.dossier)
        raise not_allowed(
            "Bạn đã khai báo xung đột lợi ích với hồ sơ này nên không xem biên bản." if conflicted
            else "Biên bản có sau khi Hội đồng kết thúc chấm điểm.",
            title="Chưa có biên bản", back_url=reverse("councils:evaluation", args=[evaluation.pk]),
            back_label=f"Quay lại phiên đánh giá “{evaluation.dossier.product.name}”",
        )
    present = list(evaluation.present_members.select_related("user").order_by("position", "id"))
    sheets = list(evaluation.sheets.filter(member__in=present).select_related("member__user").order_by("member__position", "member_id"))
    return kept_response(documents.kept_minutes_docx(evaluation, sheets=sheets, present=present), content_type=DOCX, filename=f"bien-ban-hoi-dong-{evaluation.pk}.docx")


@login_required
def summary_report(request, pk):
    """The office's summary of the council's results, for the competent person's decision."""
    council = _council_or_404(request, pk)
    if not access.can_manage(request.user, council):
        raise PermissionDenied("Chỉ cơ quan tham mưu quản lý OCOP lập báo cáo tổng hợp.")
    evaluations = selectors.council_evaluations(council=council)
    return file_download(documents.summary_report_docx(council, evaluations), content_type=DOCX,
                         filename=f"bao-cao-tong-hop-hoi-dong-{council.pk}.docx")


@login_required
def forwarding_letter(request, pk):
    """The office's letter sending a forwarded product to the upper level (QĐ 26/2026 Điều 6.3)."""
    evaluation = _office_action(request, pk)
    if evaluation.outcome != Outcome.FORWARD:
        raise Http404("Sản phẩm này không thuộc trường hợp chuyển cấp trên đánh giá.")
    return file_download(documents.forwarding_letter_docx(evaluation), content_type=DOCX,
                         filename=f"van-ban-de-nghi-cap-tren-{evaluation.pk}.docx")


@login_required
def decision_create(request, pk):
    council = _council_or_404(request, pk)
    if not access.can_manage(request.user, council):
        raise PermissionDenied("Chỉ cơ quan tham mưu quản lý OCOP được lập quyết định công nhận.")
    candidates = [(e, *services.recognisable(e)) for e in selectors.council_evaluations(council=council)]
    candidates = [c for c in candidates if c[1] is not None]
    form = forms.DecisionForm(request.POST or None, initial={"decided_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        chosen = {int(v) for v in request.POST.getlist("evaluation") if v.isdigit()}
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


@login_required
def advisory(request, pk, dossier_pk):
    council = _council_or_404(request, pk)
    from ocop.evaluation.models import Dossier

    dossier = get_object_or_404(Dossier, pk=dossier_pk)
    form = forms.AdvisoryRecordForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.advisory_record_add(actor=request.user, council=council, dossier=dossier, **form.cleaned_data)
        except ValidationError as exc:
            error_messages(request, exc)
        else:
            messages.success(request, "Đã ghi nhận.")
            return redirect("councils:advisory", pk=pk, dossier_pk=dossier_pk)
    records = AdvisoryRecord.objects.filter(council=council, dossier=dossier).select_related("author")
    return render(request, "councils/advisory.html", {"council": council, "dossier": dossier, "form": form, "records": records})


@login_required
def advisory_photo(request, pk, dossier_pk, record_pk):
    council = _council_or_404(request, pk)
    record = get_object_or_404(AdvisoryRecord, pk=record_pk, council=council, dossier_id=dossier_pk)
    if not record.photo:
        raise Http404("Ghi chép này không có ảnh.")
    return FileResponse(record.photo.open("rb"), filename=f"anh-khao-sat-{record.pk}{Path(record.photo.name).suffix}")


@login_required
def advisory_report(request, pk, dossier_pk):
    council = _council_or_404(request, pk)
    from ocop.evaluation.models import Dossier

    dossier = get_object_or_404(Dossier, pk=dossier_pk)
    records = list(AdvisoryRecord.objects.filter(council=council, dossier=dossier))
    return file_download(documents.advisory_report_docx(council, dossier, records), content_type=DOCX, filename=f"bao-cao-to-tu-van-{dossier.pk}.docx")


@login_required
def product_history(request, pk):
    from ocop.products.selectors import product_get

    product = product_get(actor=request.user, pk=pk)
    if product is None:
        raise Http404("Không tìm thấy sản phẩm hoặc bạn không có quyền xem.")
    return render(request, "councils/product_history.html", {"product": product, **selectors.product_history(product=product)})
