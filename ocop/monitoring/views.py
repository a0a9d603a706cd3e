from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import timezone

from ocop.certificates import legal, validity
from ocop.certificates.forms import RevocationProposeForm
from ocop.certificates.selectors import current_certificates_for, with_status
from ocop.core.paging import paginate
from ocop.monitoring import selectors, services
from ocop.monitoring.forms import (
    ComplianceDocumentForm,
    InspectionPlanForm,
    InspectionRecordForm,
    LabelCheckForm,
)
from ocop.monitoring.models import RecordKind
from ocop.products.selectors import product_visible_queryset
from ocop.territory.selectors import current_units_map


def _product_or_404(request, pk):
    product = selectors.product_for_monitoring(actor=request.user, pk=pk)
    if product is None:
        raise Http404("Không tìm thấy sản phẩm hoặc bạn không có quyền xem.")
    return product


@login_required
def index(request):
    """Certified products of the user's territory (to inspect or check labels), plans,
    recent records, follow-ups and documents about to expire."""
    today = timezone.localdate()
    certified = (
        product_visible_queryset(actor=request.user)
        .filter(certificates__isnull=False)
        .distinct()
        .select_related("producer", "commune")
        .order_by("name", "id")
    )
    page_obj = paginate(request, certified)
    current_certs = current_certificates_for([p.pk for p in page_obj], on=today)
    current = current_units_map([p.commune_id for p in page_obj])
    rows = [(p, current_certs.get(p.pk), current.get(p.commune_id, [])) for p in page_obj]
    return render(
        request,
        "monitoring/index.html",
        {
            "rows": rows,
            "page_obj": page_obj,
            "plans": selectors.plan_list(actor=request.user)[:10],
            "records": selectors.record_list(actor=request.user)[:10],
            "follow_ups": selectors.follow_ups_due(actor=request.user, on=today)[:10],
            "documents": selectors.documents_expiring(actor=request.user, on=today)[:10],
            "today": today,
            "can_add_plan": request.user.has_perm("monitoring.add_plan"),
        },
    )


@login_required
def plan_create(request):
    if not request.user.has_perm("monitoring.add_plan"):
        raise PermissionDenied("Chỉ cơ quan tham mưu OCOP cấp tỉnh lập kế hoạch kiểm tra, giám sát.")
    form = InspectionPlanForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            plan = services.inspection_plan_create(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, f"Đã lập kế hoạch “{plan.title}”.")
            return redirect("monitoring:plan", pk=plan.pk)
    return render(request, "monitoring/plan_form.html", {"form": form})


@login_required
def plan_detail(request, pk):
    plan = selectors.plan_get(actor=request.user, pk=pk)
    if plan is None:
        raise Http404("Không tìm thấy kế hoạch hoặc bạn không có quyền xem.")
    records = selectors.record_list(actor=request.user, plan=plan)
    page_obj = paginate(request, records)
    return render(request, "monitoring/plan_detail.html", {"plan": plan, "page_obj": page_obj})


@login_required
def product_page(request, pk):
    product = _product_or_404(request, pk)
    today = timezone.localdate()
    certificates = list(
        with_status(product.certificates.select_related("decision"), today).order_by("-issued_on")
    )
    current = current_units_map([product.commune_id]).get(product.commune_id, [])
    return render(
        request,
        "monitoring/product.html",
        {
            "product": product,
            "current_units": current,
            "certificates": certificates,
            "records": selectors.record_list(actor=request.user, product=product),
            "documents": selectors.document_list(actor=request.user, product=product).order_by("kind", "-issued_on"),
            "today": today,
            "alert_until": today + timedelta(days=legal.compliance_alert_days()),
            "can_inspect": request.user.has_perm("monitoring.inspect_product", product),
            "can_check_labels": request.user.has_perm("monitoring.check_labels", product),
            "can_add_document": request.user.has_perm("monitoring.add_document", product),
            "status_labels": validity.STATUS_LABELS,
        },
    )


def _record_form_view(request, pk, *, kind):
    product = _product_or_404(request, pk)
    permission = "monitoring.inspect_product" if kind == RecordKind.INSPECTION else "monitoring.check_labels"
    if not request.user.has_perm(permission, product):
        raise PermissionDenied("Bạn không được ghi biên bản kiểm tra cho sản phẩm này.")
    today = timezone.localdate()
    initial = {"inspected_on": today, "inspectors": request.user.get_full_name()}
    if kind == RecordKind.INSPECTION:
        plans = selectors.plan_list(actor=request.user)
        plan_id = request.GET.get("ke_hoach", "")
        if plan_id.isdigit():
            initial["plan"] = int(plan_id)
        form = InspectionRecordForm(request.POST or None, initial=initial, plans=plans)
    else:
        form = LabelCheckForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            record = services.inspection_record_create(
                actor=request.user, product=product, kind=kind, **form.cleaned_data
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, "Đã lưu biên bản kiểm tra.")
            return redirect("monitoring:record", pk=record.pk)
    return render(
        request, "monitoring/record_form.html", {"form": form, "product": product, "kind": kind, "kinds": RecordKind}
    )


@login_required
def record_create(request, pk):
    return _record_form_view(request, pk, kind=RecordKind.INSPECTION)


@login_required
def label_check_create(request, pk):
    return _record_form_view(request, pk, kind=RecordKind.LABEL_CHECK)


@login_required
def record_detail(request, pk):
    record = selectors.record_get(actor=request.user, pk=pk)
    if record is None:
        raise Http404("Không tìm thấy biên bản hoặc bạn không có quyền xem.")
    can_propose = (
        record.certificate_id is not None
        and record.revocation_id is None
        and request.user.has_perm("certificates.change_certificate", record.certificate)
    )
    return render(request, "monitoring/record_detail.html", {"record": record, "can_propose": can_propose})


@login_required
def record_propose_revocation(request, pk):
    record = selectors.record_get(actor=request.user, pk=pk)
    if record is None:
        raise Http404("Không tìm thấy biên bản hoặc bạn không có quyền xem.")
    if record.certificate_id is None or not request.user.has_perm("certificates.change_certificate", record.certificate):
        raise PermissionDenied("Chỉ cơ quan tham mưu OCOP cấp tỉnh đề nghị thu hồi giấy chứng nhận.")
    initial = {
        "ground": "b" if record.criteria_maintained == "khong_dat" else ("d" if record.mark_use == "khong_dat" else ""),
        "facts": record.findings,
        "conclusion_reference": f"Biên bản kiểm tra ngày {record.inspected_on:%d/%m/%Y}",
        "conclusion_on": record.inspected_on,
    }
    form = RevocationProposeForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            record = services.inspection_propose_revocation(actor=request.user, record=record, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, "Đã lập đề nghị thu hồi từ biên bản kiểm tra.")
            return redirect("certificates:revocation_detail", pk=record.revocation_id)
    return render(
        request,
        "monitoring/record_revocation_form.html",
        {
            "form": form,
            "record": record,
            "certificate": record.certificate,
            "authority": legal.revocation_authority(record.certificate.stars),
            "deadline_days": legal.revocation_deadline_days(),
        },
    )


@login_required
def document_create(request, pk):
    product = _product_or_404(request, pk)
    if not request.user.has_perm("monitoring.add_document", product):
        raise PermissionDenied("Bạn không được thêm giấy tờ cho sản phẩm này.")
    form = ComplianceDocumentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        upload = data.pop("file", None)
        try:
            services.compliance_document_create(actor=request.user, product=product, file=upload, **data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, "Đã thêm giấy tờ.")
            return redirect("monitoring:product", pk=product.pk)
    return render(request, "monitoring/document_form.html", {"form": form, "product": product})


@login_required
def document_file(request, pk):
    document = selectors.document_get(actor=request.user, pk=pk)
    if document is None or not document.file:
        raise Http404("Không tìm thấy tệp.")
    return FileResponse(document.file.open("rb"), as_attachment=True, filename=document.file_name or "giay-to")
