from auditlog.models import LogEntry
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from ocop.accounts.scopes import filter_units_for
from ocop.core.paging import paginate, query_without_page
from ocop.core.requests import int_param, unit_from_request
from ocop.producers.models import ProducerType
from ocop.products import selectors, services
from ocop.products.forms import ProductForm, ProductPhotoForm
from ocop.products.models import ProductCategory, ProductStatus
from ocop.territory.selectors import current_units_map


def _get_visible_or_404(request, pk):
    product = selectors.product_get(actor=request.user, pk=pk)
    if product is None:
        raise Http404("Không tìm thấy sản phẩm hoặc bạn không có quyền xem.")
    return product


def _get_editable_or_403(request, pk):
    product = _get_visible_or_404(request, pk)
    if not request.user.has_perm("products.change_product", product):
        raise PermissionDenied("Bạn chỉ được xem, không được sửa sản phẩm này.")
    return product


@login_required
def product_list(request):
    unit = unit_from_request(request)
    category_id = int_param(request, "phan_loai")
    category = ProductCategory.objects.filter(pk=category_id).first() if category_id else None
    queryset = selectors.product_list(
        actor=request.user,
        q=request.GET.get("q", ""),
        unit=unit,
        category=category,
        status=request.GET.get("tinh_trang", ""),
        producer_type=request.GET.get("loai", ""),
    )
    page_obj = paginate(request, queryset)
    current = current_units_map([p.commune_id for p in page_obj])
    rows = [(product, current.get(product.commune_id, [])) for product in page_obj]
    return render(
        request,
        "products/list.html",
        {
            "page_obj": page_obj,
            "rows": rows,
            "base_query": query_without_page(request),
            "units": filter_units_for(request.user),
            "selected_unit": unit,
            "categories": selectors.category_tree(),
            "selected_category": category,
            "statuses": ProductStatus.choices,
            "producer_types": ProducerType.choices,
            "can_create": request.user.has_perm("products.add_product"),
        },
    )


@login_required
def product_detail(request, pk):
    product = _get_visible_or_404(request, pk)
    current = current_units_map([product.commune_id]).get(product.commune_id, [])
    can_edit = request.user.has_perm("products.change_product", product)
    return render(
        request,
        "products/detail.html",
        {
            "product": product,
            "current_units": current,
            "can_edit": can_edit,
            "photo_form": ProductPhotoForm() if can_edit else None,
        },
    )


@login_required
def product_create(request):
    if not request.user.has_perm("products.add_product"):
        raise PermissionDenied("Bạn không có quyền thêm sản phẩm.")
    initial = {}
    producer_id = request.GET.get("chu_the", "")
    if producer_id.isdigit():
        initial["producer"] = int(producer_id)
    form = ProductForm(request.POST or None, initial=initial, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            product = services.product_create(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, f"Đã thêm sản phẩm “{product.name}”.")
            return redirect("products:detail", pk=product.pk)
    return render(request, "products/form.html", {"form": form, "product": None})


@login_required
def product_edit(request, pk):
    product = _get_editable_or_403(request, pk)
    form = ProductForm(request.POST or None, instance=product, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.product_update(actor=request.user, product=product, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, "Đã lưu thay đổi.")
            return redirect("products:detail", pk=product.pk)
    return render(request, "products/form.html", {"form": form, "product": product})


@login_required
@require_POST
def product_photo_add(request, pk):
    product = _get_editable_or_403(request, pk)
    form = ProductPhotoForm(request.POST, request.FILES)
    if form.is_valid():
        services.product_photo_add(
            actor=request.user,
            product=product,
            image=form.cleaned_data["image"],
            caption=form.cleaned_data["caption"],
        )
        messages.success(request, "Đã thêm ảnh.")
    else:
        for error in form.errors.get("image", []) + form.errors.get("caption", []):
            messages.error(request, error)
    return redirect("products:detail", pk=product.pk)


@login_required
@require_POST
def product_photo_delete(request, pk, photo_pk):
    product = _get_editable_or_403(request, pk)
    photo = get_object_or_404(product.photos, pk=photo_pk)
    services.product_photo_delete(actor=request.user, photo=photo)
    messages.success(request, "Đã xóa ảnh.")
    return redirect("products:detail", pk=product.pk)


@login_required
def product_history(request, pk):
    product = _get_visible_or_404(request, pk)
    entries = LogEntry.objects.get_for_object(product).select_related("actor").order_by("-timestamp")
    return render(
        request, "products/history.html", {"product": product, "page_obj": paginate(request, entries)}
    )
