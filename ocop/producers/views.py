from auditlog.models import LogEntry
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render

from ocop.accounts.scopes import filter_units_for
from ocop.core.paging import paginate, query_without_page
from ocop.core.requests import unit_from_request
from ocop.producers import selectors, services
from ocop.producers.forms import ProducerForm
from ocop.producers.models import ProducerType
from ocop.territory.selectors import current_units_map


def _get_visible_or_404(request, pk):
    producer = selectors.producer_get(actor=request.user, pk=pk)
    if producer is None:
        raise Http404("Không tìm thấy chủ thể hoặc bạn không có quyền xem.")
    return producer


@login_required
def producer_list(request):
    unit = unit_from_request(request)
    producer_type = request.GET.get("loai", "")
    queryset = selectors.producer_list(
        actor=request.user, q=request.GET.get("q", ""), unit=unit, producer_type=producer_type
    )
    page_obj = paginate(request, queryset)
    current = current_units_map([p.commune_id for p in page_obj])
    rows = [(producer, current.get(producer.commune_id, [])) for producer in page_obj]
    return render(
        request,
        "producers/list.html",
        {
            "page_obj": page_obj,
            "rows": rows,
            "base_query": query_without_page(request),
            "units": filter_units_for(request.user),
            "selected_unit": unit,
            "producer_types": ProducerType.choices,
            "can_create": request.user.has_perm("producers.add_producer"),
        },
    )


@login_required
def producer_detail(request, pk):
    producer = _get_visible_or_404(request, pk)
    current = current_units_map([producer.commune_id]).get(producer.commune_id, [])
    products = producer.products.select_related("category", "commune").order_by("name")
    return render(
        request,
        "producers/detail.html",
        {
            "producer": producer,
            "current_units": current,
            "products": products,
            "can_edit": request.user.has_perm("producers.change_producer", producer),
            "can_add_product": request.user.has_perm("products.add_product_for", producer),
        },
    )


@login_required
def producer_create(request):
    if not request.user.has_perm("producers.add_producer"):
        raise PermissionDenied("Bạn không có quyền thêm chủ thể.")
    form = ProducerForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            producer = services.producer_create(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, f"Đã thêm chủ thể “{producer.name}”.")
            return redirect("producers:detail", pk=producer.pk)
    return render(request, "producers/form.html", {"form": form, "producer": None})


@login_required
def producer_edit(request, pk):
    producer = _get_visible_or_404(request, pk)
    if not request.user.has_perm("producers.change_producer", producer):
        raise PermissionDenied("Bạn chỉ được xem, không được sửa chủ thể này.")
    form = ProducerForm(request.POST or None, instance=producer, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.producer_update(actor=request.user, producer=producer, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, "Đã lưu thay đổi.")
            return redirect("producers:detail", pk=producer.pk)
    return render(request, "producers/form.html", {"form": form, "producer": producer})


@login_required
def producer_history(request, pk):
    producer = _get_visible_or_404(request, pk)
    entries = LogEntry.objects.get_for_object(producer).select_related("actor").order_by("-timestamp")
    return render(
        request,
        "producers/history.html",
        {"producer": producer, "page_obj": paginate(request, entries)},
    )
