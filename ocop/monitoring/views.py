from datetime import timedelta

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from ocop.certificates import legal, validity
from ocop.certificates.forms import RevocationProposeForm
from ocop.certificates.selectors import current_certificates_for, with_status
from ocop.core.paging import paginate
from ocop.core.registers import Register, create_view, form_page
from ocop.core.requests import found_or_404, require_perm, to_int
from ocop.monitoring import selectors, services
from ocop.monitoring.forms import (
    ComplianceDocumentForm,
    InspectionPlanForm,
    InspectionRecordForm,
    LabelCheckForm,
)
from ocop.monitoring.models import RecordKind
from ocop.products.selectors import product_visible_queryset
from ocop.territory.selectors import current_units_map, with_current_units


def _product_or_404(request, pk):
    return found_or_404(selectors.product_for_monitoring(actor=request.user, pk=pk), "sản phẩm")


def _record_or_404(request, pk):
    return found_or_404(selectors.record_get(actor=request.user, pk=pk), "biên bản")


MONITORED = Register(template="monitoring/index.html", create_perm="monitoring.add_plan")


def _with_certificates(page_obj, *, today):
    """(product, its certificate in force, today's units of its commune) for the page."""
    current_certs = current_certificates_for([p.pk for p in page_obj], on=today)
    return [(product, current_certs.get(product.pk), current) for product, current in with_current_units(page_obj)]


@login_required
def index(request):
    """Certified products of the user's territory (to inspect or check labels), plans,
    recent records, follow-ups and documents about to expire."""
    today = timezone.localdate()
    return MONITORED.render(
        request,
        lambda f: product_visible_queryset(actor=request.user)
        .filter(certificates__isnull=False)
        .distinct()
        .select_related("producer", "commune")
        .order_by("name", "id"),
        rows=lambda page_obj: _with_certificates(page_obj, today=today),
        plans=selectors.plan_list(actor=request.user)[:10],
        records=selectors.record_list(actor=request.user)[:10],
        follow_ups=selectors.follow_ups_due(actor=request.user, on=today)[:10],
        documents=selectors.documents_expiring(actor=request.user, on=today)[:10],
        today=today,
    )


plan_create = create_view(
    perm="monitoring.add_plan", refused="Chỉ cơ quan tham mưu OCOP cấp tỉnh lập kế hoạch kiểm tra, giám sát.",
    form_class=InspectionPlanForm, service=services.inspection_plan_create, template="monitoring/plan_form.html",
    success=lambda plan: f"Đã lập kế hoạch “{plan.title}”.", goto=lambda plan: reverse("monitoring:plan", args=[plan.pk]),
)


@login_required
def plan_detail(request, pk):
    plan = found_or_404(selectors.plan_get(actor=request.user, pk=pk), "kế hoạch")
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
    require_perm(request, permission, product, "Bạn không được ghi biên bản kiểm tra cho sản phẩm này.")
    today = timezone.localdate()
    initial = {"inspected_on": today, "inspectors": request.user.get_full_name()}
    if kind == RecordKind.INSPECTION:
        plans = selectors.plan_list(actor=request.user)
        plan_id = request.GET.get("ke_hoach", "")
        if to_int(plan_id) is not None:
            initial["plan"] = to_int(plan_id)
        form = InspectionRecordForm(request.POST or None, initial=initial, plans=plans)
    else:
        form = LabelCheckForm(request.POST or None, initial=initial)
    return form_page(
        request, form,
        lambda data: services.inspection_record_create(actor=request.user, product=product, kind=kind, **data),
        success="Đã lưu biên bản kiểm tra.", goto=lambda record: reverse("monitoring:record", args=[record.pk]),
        template="monitoring/record_form.html", product=product, kind=kind, kinds=RecordKind,
    )


@login_required
def record_create(request, pk):
    return _record_form_view(request, pk, kind=RecordKind.INSPECTION)


@login_required
def label_check_create(request, pk):
    return _record_form_view(request, pk, kind=RecordKind.LABEL_CHECK)


@login_required
def record_detail(request, pk):
    record = _record_or_404(request, pk)
    can_propose = (
        record.certificate_id is not None
        and record.revocation_id is None
        and request.user.has_perm("certificates.change_certificate", record.certificate)
    )
    return render(request, "monitoring/record_detail.html", {"record": record, "can_propose": can_propose})


@login_required
def record_propose_revocation(request, pk):
    record = _record_or_404(request, pk)
    if record.certificate_id is None or not request.user.has_perm("certificates.change_certificate", record.certificate):
        raise PermissionDenied("Chỉ cơ quan tham mưu OCOP cấp tỉnh đề nghị thu hồi giấy chứng nhận.")
    initial = {
        "ground": "b" if record.criteria_maintained == "khong_dat" else ("d" if record.mark_use == "khong_dat" else ""),
        "facts": record.findings,
        "conclusion_reference": f"Biên bản kiểm tra ngày {record.inspected_on:%d/%m/%Y}",
        "conclusion_on": record.inspected_on,
    }
    form = RevocationProposeForm(request.POST or None, request.FILES or None, initial=initial)
    return form_page(
        request, form, lambda data: services.inspection_propose_revocation(actor=request.user, record=record, **data),
        success="Đã lập đề nghị thu hồi từ biên bản kiểm tra.",
        goto=lambda saved: reverse("certificates:revocation_detail", args=[saved.revocation_id]),
        template="monitoring/record_revocation_form.html", record=record, certificate=record.certificate,
        authority=legal.revocation_authority(record.certificate.stars), deadline_days=legal.revocation_deadline_days(),
    )


@login_required
def document_create(request, pk):
    product = _product_or_404(request, pk)
    require_perm(request, "monitoring.add_document", product, "Bạn không được thêm giấy tờ cho sản phẩm này.")
    form = ComplianceDocumentForm(request.POST or None, request.FILES or None)

    def save(data):
        data = dict(data)
        upload = data.pop("file", None)
        return services.compliance_document_create(actor=request.user, product=product, file=upload, **data)

    return form_page(
        request, form, save, success="Đã thêm giấy tờ.", goto=lambda _doc: reverse("monitoring:product", args=[product.pk]),
        template="monitoring/document_form.html", product=product,
    )


@login_required
def document_file(request, pk):
    document = selectors.document_get(actor=request.user, pk=pk)
    if document is None or not document.file:
        raise Http404("Không tìm thấy tệp.")
    return FileResponse(document.file.open("rb"), as_attachment=True, filename=document.file_name or "giay-to")
