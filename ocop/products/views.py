from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from ocop.accounts.filters import UnitFilter
from ocop.core.registers import (
    ChoiceFilter,
    IntFilter,
    Register,
    Search,
    form_page,
    history_page,
)
from ocop.core.requests import found_or_404, require_perm, to_int
from ocop.producers.models import ProducerType
from ocop.products import selectors, services
from ocop.products.forms import ProductForm, ProductPhotoForm
from ocop.products.models import ProductCategory, ProductStatus
from ocop.territory.selectors import current_units_map, with_current_units


def _category_options(request):
    indent = {"group": "– ", "subgroup": "– – "}
    return [(c.pk, indent.get(c.level, "") + c.name) for c in selectors.category_tree()]


PRODUCTS = Register(
    template="products/list.html",
    filters=(
        Search(placeholder="Tên sản phẩm, chủ thể…"),
        UnitFilter(column="col-12 col-sm-6 col-md-4"),
        IntFilter("phan_loai", "Phân loại", _category_options, column="col-12 col-sm-6 col-md-4"),
        ChoiceFilter("tinh_trang", "Tình trạng", ProductStatus.choices, column="col-12 col-sm-6 col-md-4"),
        ChoiceFilter("loai", "Loại hình chủ thể", ProducerType.choices, column="col-12 col-sm-6 col-md-4"),
    ),
    create_perm="products.add_product",
    submit_column="col-12 col-md-4",
)


def _get_visible_or_404(request, pk):
    return found_or_404(selectors.product_get(actor=request.user, pk=pk), "sản phẩm")


def _get_editable_or_403(request, pk):
    product = _get_visible_or_404(request, pk)
    require_perm(request, "products.change_product", product, "Bạn chỉ được xem, không được sửa sản phẩm này.")
    return product


def _detail_url(product) -> str:
    return reverse("products:detail", args=[product.pk])


@login_required
def product_list(request):
    def select(f):
        category = ProductCategory.objects.filter(pk=f["phan_loai"]).first() if f["phan_loai"] else None
        return selectors.product_list(
            actor=request.user, q=f["q"], unit=f["don_vi"], category=category,
            status=f["tinh_trang"], producer_type=f["loai"],
        )

    return PRODUCTS.render(request, select, rows=with_current_units)


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
    require_perm(request, "products.add_product", message="Bạn không có quyền thêm sản phẩm.")
    producer_id = to_int(request.GET.get("chu_the", ""))
    initial = {"producer": producer_id} if producer_id else {}
    form = ProductForm(request.POST or None, initial=initial, user=request.user)
    return form_page(
        request, form, lambda data: services.product_create(actor=request.user, **data),
        success=lambda product: f"Đã thêm sản phẩm “{product.name}”.", goto=_detail_url,
        template="products/form.html", product=None,
    )


@login_required
def product_edit(request, pk):
    product = _get_editable_or_403(request, pk)
    form = ProductForm(request.POST or None, instance=product, user=request.user)
    return form_page(
        request, form, lambda data: services.product_update(actor=request.user, product=product, **data),
        success="Đã lưu thay đổi.", goto=_detail_url, template="products/form.html", product=product,
    )


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
    return history_page(request, product, "products/history.html", product=product)
