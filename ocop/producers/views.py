from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import reverse

from ocop.accounts.filters import UnitFilter
from ocop.core.registers import (
    ChoiceFilter,
    Register,
    Search,
    create_view,
    form_page,
    history_page,
)
from ocop.core.requests import found_or_404, require_perm
from ocop.privacy.services import personal_data_viewed
from ocop.producers import selectors, services
from ocop.producers.forms import ProducerForm
from ocop.producers.models import ProducerType
from ocop.territory.selectors import current_units_map, with_current_units

PRODUCERS = Register(
    template="producers/list.html",
    filters=(
        Search(placeholder="Tên, mã số thuế, người đại diện…"),
        UnitFilter(),
        ChoiceFilter("loai", "Loại hình", ProducerType.choices),
    ),
    create_perm="producers.add_producer",
)


def _get_visible_or_404(request, pk):
    return found_or_404(selectors.producer_get(actor=request.user, pk=pk), "chủ thể")


@login_required
def producer_list(request):
    return PRODUCERS.render(
        request,
        lambda f: selectors.producer_list(actor=request.user, q=f["q"], unit=f["don_vi"], producer_type=f["loai"]),
        rows=with_current_units,
    )


@login_required
def producer_detail(request, pk):
    producer = _get_visible_or_404(request, pk)
    # The page shows the representative's name, gender, ethnicity, phone (Nghị định 13/2023 Điều 27).
    personal_data_viewed(request, producer, "Trang chủ thể")
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


def _detail_url(producer) -> str:
    return reverse("producers:detail", args=[producer.pk])


producer_create = create_view(
    perm="producers.add_producer", refused="Bạn không có quyền thêm chủ thể.", form_class=ProducerForm,
    service=services.producer_create, template="producers/form.html", producer=None,
    success=lambda producer: f"Đã thêm chủ thể “{producer.name}”.", goto=_detail_url,
)


@login_required
def producer_edit(request, pk):
    producer = _get_visible_or_404(request, pk)
    require_perm(request, "producers.change_producer", producer, "Bạn chỉ được xem, không được sửa chủ thể này.")
    personal_data_viewed(request, producer, "Sửa chủ thể")
    form = ProducerForm(request.POST or None, instance=producer, user=request.user)
    return form_page(
        request, form, lambda data: services.producer_update(actor=request.user, producer=producer, **data),
        success="Đã lưu thay đổi.", goto=_detail_url, template="producers/form.html", producer=producer,
    )


@login_required
def producer_history(request, pk):
    producer = _get_visible_or_404(request, pk)
    return history_page(request, producer, "producers/history.html", producer=producer)
