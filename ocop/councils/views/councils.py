"""Councils: the list, creating one, its members, opening a scoring session, the queue,
the advisory team's records, and a product's evaluation history."""

from __future__ import annotations

from pathlib import Path

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from ocop.accounts.models import Role
from ocop.accounts.scopes import user_scope
from ocop.core.feedback import error_messages
from ocop.core.requests import found_or_404
from ocop.core.responses import DOCX, file_download, upload_content_type, uploaded_file_response
from ocop.councils import access, documents, forms, selectors, services
from ocop.councils.models import AdvisoryRecord, CouncilKind
from ocop.councils.views.common import council_or_404, run_and_report
from ocop.evaluation.models import DossierState, EvaluationRound
from ocop.jobs.requests import new_token


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
    council = council_or_404(request, pk)
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
        "job_token": new_token(),
        "member": member,
        "member_form": forms.MemberForm(council=council) if can_manage else None,
        "rounds_available": rounds_available,
        "advisory_dossiers": advisory_dossiers,
        "recognisable": any(services.recognisable(e)[0] for e in evaluations) if can_manage else False,
    })


@login_required
@require_POST
def member_add(request, pk):
    council = council_or_404(request, pk)
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
        run_and_report(request, "Đã thêm thành viên.", services.council_member_add, council=council, **form.cleaned_data)
    else:
        messages.error(request, "Thông tin thành viên chưa hợp lệ:")
        error_messages(request, form)
    return redirect("councils:detail", pk=council.pk)


@login_required
@require_POST
def evaluation_open(request, pk, dossier_pk):
    council = council_or_404(request, pk)
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
def advisory(request, pk, dossier_pk):
    council = council_or_404(request, pk)
    from ocop.evaluation.models import Dossier

    dossier = get_object_or_404(Dossier, pk=dossier_pk)
    form = forms.AdvisoryRecordForm(request.POST or None, request.FILES or None)
    # A record written offline on a site visit is sent later by the page's script, which
    # asks for JSON (static/js/offline-scoring.js) and carries the device's `offline_id`.
    sent_later = request.method == "POST" and request.headers.get("Accept") == "application/json"
    if request.method == "POST" and form.is_valid():
        try:
            services.advisory_record_add(actor=request.user, council=council, dossier=dossier,
                                         offline_id=request.POST.get("offline_id", ""), **form.cleaned_data)
        except ValidationError as exc:
            if sent_later:
                return JsonResponse({"ok": False, "message": " ".join(exc.messages)}, status=409)
            error_messages(request, exc)
        else:
            if sent_later:
                return JsonResponse({"ok": True, "message": "Đã gửi ghi chép (và ảnh) lưu trên máy lên máy chủ."})
            messages.success(request, "Đã ghi nhận.")
            return redirect("councils:advisory", pk=pk, dossier_pk=dossier_pk)
    elif sent_later:
        problems = [f"{form.fields[name].label if name in form.fields else ''}: {' '.join(errors)}".lstrip(": ")
                    for name, errors in form.errors.items()]
        return JsonResponse({"ok": False, "message": "Ghi chép trên máy không hợp lệ – " + "; ".join(problems)}, status=409)
    records = AdvisoryRecord.objects.filter(council=council, dossier=dossier).select_related("author")
    return render(request, "councils/advisory.html", {"council": council, "dossier": dossier, "form": form, "records": records})


@login_required
def advisory_photo(request, pk, dossier_pk, record_pk):
    council = council_or_404(request, pk)
    record = get_object_or_404(AdvisoryRecord, pk=record_pk, council=council, dossier_id=dossier_pk)
    if not record.photo:
        raise Http404("Ghi chép này không có ảnh.")
    suffix = Path(record.photo.name).suffix.lower()
    return uploaded_file_response(
        record.photo.open("rb"),
        content_type=upload_content_type(suffix),
        filename=f"anh-khao-sat-{record.pk}{suffix}",
    )


@login_required
def advisory_report(request, pk, dossier_pk):
    council = council_or_404(request, pk)
    from ocop.evaluation.models import Dossier

    dossier = get_object_or_404(Dossier, pk=dossier_pk)
    records = list(AdvisoryRecord.objects.filter(council=council, dossier=dossier))
    return file_download(documents.advisory_report_docx(council, dossier, records), content_type=DOCX, filename=f"bao-cao-to-tu-van-{dossier.pk}.docx")


@login_required
def product_history(request, pk):
    from ocop.products.selectors import product_get

    product = found_or_404(product_get(actor=request.user, pk=pk), "sản phẩm")
    return render(request, "councils/product_history.html", {"product": product, **selectors.product_history(product=product)})
