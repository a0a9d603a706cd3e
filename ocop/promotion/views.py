"""Pages of trade promotion (events, showrooms, e-commerce, consultants) and communication.

Thin views: 404 outside the reader's scope, 403 when readable but not writable.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from ocop.accounts.filters import UnitFilter
from ocop.accounts.models import Role
from ocop.accounts.scopes import user_scope
from ocop.core.registers import (
    ChoiceFilter,
    Register,
    Search,
    YearFilter,
    attachment_response,
    create_view,
    form_page,
    form_post,
)
from ocop.core.requests import found_or_404, int_param, require_perm
from ocop.ideas.forms import programme_years
from ocop.promotion import forms, selectors, services
from ocop.promotion.models import CommunicationType, ConsultingField, EcommercePlatform, EventLevel
from ocop.territory.selectors import with_current_units


def _form_page(request, form, save, *, template="promotion/form.html", **context):
    """`form_page` with the promotion form template (title and cancel link in `context`)."""
    return form_page(request, form, save, template=template, **context)


_SEARCH_NARROW = Search(column="col-12 col-md-3")
_NARROW = "col-6 col-md-2"

EVENTS = Register(
    template="promotion/event_list.html",
    filters=(_SEARCH_NARROW, UnitFilter(), YearFilter(programme_years), ChoiceFilter("cap", "Cấp tổ chức", EventLevel.choices, column=_NARROW)),
    create_perm="promotion.add_tradeevent",
    submit_column=_NARROW,
)
SHOWROOMS = Register(
    template="promotion/showroom_list.html", filters=(Search(), UnitFilter()), create_perm="promotion.add_showroom",
)
LISTINGS = Register(
    template="promotion/listing_list.html",
    filters=(Search("Tìm sản phẩm"), UnitFilter(), ChoiceFilter("san", "Sàn, kênh", EcommercePlatform.choices, column="col-6 col-md-3")),
    create_perm="promotion.add_ecommercelisting",
    submit_column=_NARROW,
)
CONSULTANTS = Register(
    template="promotion/consultant_list.html",
    filters=(Search(column="col-12 col-md-5"), ChoiceFilter("linh_vuc", "Lĩnh vực", ConsultingField.choices, column="col-12 col-md-5")),
    create_perm="promotion.add_consultant",
)
COMMUNICATIONS = Register(
    template="promotion/communication_list.html",
    filters=(_SEARCH_NARROW, UnitFilter(), YearFilter(programme_years), ChoiceFilter("hinh_thuc", "Hình thức", CommunicationType.choices, column=_NARROW)),
    create_perm="promotion.add_communicationactivity",
    submit_column=_NARROW,
)


# -- events ------------------------------------------------------------------------------------


@login_required
def event_list(request):
    return EVENTS.render(
        request,
        lambda f: selectors.event_list(actor=request.user, q=f["q"], unit=f["don_vi"], year=f["nam"], level=f["cap"]),
    )


event_create = create_view(
    perm="promotion.add_tradeevent", refused="Bạn không có quyền ghi sự kiện xúc tiến thương mại.",
    form_class=forms.EventForm, service=services.event_create, template="promotion/form.html",
    title="Ghi sự kiện xúc tiến thương mại", cancel_url="promotion:event_list", success="Đã lưu sự kiện.",
)


@login_required
def event_detail(request, pk):
    event = found_or_404(selectors.event_get(actor=request.user, pk=pk), "sự kiện")
    can_edit = request.user.has_perm("promotion.change_tradeevent", event)
    participations = selectors.event_participations(event)
    return render(
        request,
        "promotion/event_detail.html",
        {
            "event": event,
            "participations": participations,
            "totals": {
                "sales": sum(p.sales for p in participations),
                "contracts_count": sum(p.contracts_count for p in participations),
                "contracts_value": sum(p.contracts_value for p in participations),
            },
            "can_edit": can_edit,
        },
    )


def _editable_event(request, pk):
    event = found_or_404(selectors.event_get(actor=request.user, pk=pk), "sự kiện")
    require_perm(request, "promotion.change_tradeevent", event, "Bạn chỉ được xem sự kiện này.")
    return event


@login_required
def event_edit(request, pk):
    event = _editable_event(request, pk)
    form = forms.EventForm(request.POST or None, instance=event, user=request.user)
    return _form_page(
        request, form, lambda data: (services.event_update(actor=request.user, event=event, **data), event)[1],
        title=f"Sửa sự kiện: {event.name}", cancel_url="promotion:event_list", success="Đã lưu thay đổi.",
    )


def _participation_data(data):
    data = dict(data)
    return data.pop("products"), data


@login_required
def participation_add(request, pk):
    event = _editable_event(request, pk)
    form = forms.ParticipationForm(request.POST or None, user=request.user)

    def save(data):
        products, fields = _participation_data(data)
        services.participation_save(actor=request.user, event=event, products=products, **fields)
        return event

    return _form_page(
        request, form, save, title=f"Chủ thể tham gia: {event.name}", cancel_url="promotion:event_list",
        success="Đã ghi kết quả tham gia.",
    )


@login_required
def participation_edit(request, pk, participation_pk):
    event = _editable_event(request, pk)
    participation = get_object_or_404(event.participations, pk=participation_pk)
    form = forms.ParticipationForm(request.POST or None, instance=participation, user=request.user)

    def save(data):
        products, fields = _participation_data(data)
        services.participation_save(
            actor=request.user, event=event, participation=participation, products=products, **fields
        )
        return event

    return _form_page(
        request, form, save, title=f"Sửa kết quả tham gia: {participation.producer}",
        cancel_url="promotion:event_list", success="Đã lưu thay đổi.",
    )


@login_required
@require_POST
def participation_delete(request, pk, participation_pk):
    event = _editable_event(request, pk)
    participation = get_object_or_404(event.participations, pk=participation_pk)
    services.participation_delete(actor=request.user, participation=participation)
    messages.success(request, "Đã bỏ chủ thể khỏi danh sách tham gia.")
    return redirect(event)


# -- showrooms ---------------------------------------------------------------------------------


@login_required
def showroom_list(request):
    return SHOWROOMS.render(
        request, lambda f: selectors.showroom_list(actor=request.user, q=f["q"], unit=f["don_vi"]), rows=with_current_units
    )


@login_required
def showroom_create(request):
    require_perm(request, "promotion.add_showroom", message="Bạn không có quyền ghi điểm giới thiệu sản phẩm.")
    form = forms.ShowroomForm(request.POST or None, user=request.user)

    def save(data):
        data = dict(data)
        return services.showroom_create(actor=request.user, products=data.pop("products"), **data)

    return _form_page(
        request, form, save, title="Thêm điểm giới thiệu và bán sản phẩm OCOP",
        cancel_url="promotion:showroom_list", success="Đã lưu điểm giới thiệu sản phẩm.",
    )


@login_required
def showroom_detail(request, pk):
    showroom = found_or_404(selectors.showroom_get(actor=request.user, pk=pk), "điểm giới thiệu sản phẩm")
    return render(
        request,
        "promotion/showroom_detail.html",
        {"showroom": showroom, "can_edit": request.user.has_perm("promotion.change_showroom", showroom)},
    )


@login_required
def showroom_edit(request, pk):
    showroom = found_or_404(selectors.showroom_get(actor=request.user, pk=pk), "điểm giới thiệu sản phẩm")
    require_perm(request, "promotion.change_showroom", showroom, "Bạn chỉ được xem điểm giới thiệu sản phẩm này.")
    form = forms.ShowroomForm(request.POST or None, instance=showroom, user=request.user)

    def save(data):
        data = dict(data)
        return services.showroom_update(actor=request.user, showroom=showroom, products=data.pop("products"), **data)

    return _form_page(
        request, form, save, title=f"Sửa: {showroom.name}", cancel_url="promotion:showroom_list",
        success="Đã lưu thay đổi.",
    )


# -- e-commerce --------------------------------------------------------------------------------


@login_required
def listing_list(request):
    return LISTINGS.render(
        request, lambda f: selectors.listing_list(actor=request.user, q=f["q"], unit=f["don_vi"], platform=f["san"])
    )


@login_required
def listing_create(request):
    require_perm(request, "promotion.add_ecommercelisting", message="Bạn không có quyền ghi gian hàng thương mại điện tử.")
    initial = {"product": int_param(request, "san_pham")} if int_param(request, "san_pham") else {}
    form = forms.ListingForm(request.POST or None, initial=initial, user=request.user)

    def save(data):
        services.listing_create(actor=request.user, **data)
        return "promotion:listing_list"

    return _form_page(
        request, form, save, title="Thêm gian hàng thương mại điện tử", cancel_url="promotion:listing_list",
        success="Đã lưu gian hàng.",
    )


@login_required
def listing_edit(request, pk):
    listing = found_or_404(selectors.listing_get(actor=request.user, pk=pk), "gian hàng")
    require_perm(request, "promotion.change_ecommercelisting", listing, "Bạn chỉ được xem gian hàng này.")
    form = forms.ListingForm(request.POST or None, instance=listing, user=request.user)

    def save(data):
        services.listing_update(actor=request.user, listing=listing, **data)
        return "promotion:listing_list"

    return _form_page(
        request, form, save, title=f"Sửa gian hàng: {listing}", cancel_url="promotion:listing_list",
        success="Đã lưu thay đổi.",
    )


# -- consultants -------------------------------------------------------------------------------


@login_required
def consultant_list(request):
    return CONSULTANTS.render(request, lambda f: selectors.consultant_list(actor=request.user, q=f["q"], field=f["linh_vuc"]))


consultant_create = create_view(
    perm="promotion.add_consultant", refused="Chỉ cơ quan tham mưu OCOP cấp tỉnh quản lý danh bạ nhà tư vấn.",
    form_class=forms.ConsultantForm, service=services.consultant_create, template="promotion/form.html",
    title="Thêm nhà tư vấn", cancel_url="promotion:consultant_list", success="Đã lưu nhà tư vấn.",
)


@login_required
def consultant_detail(request, pk):
    consultant = found_or_404(selectors.consultant_get(actor=request.user, pk=pk), "nhà tư vấn")
    return render(
        request,
        "promotion/consultant_detail.html",
        {
            "consultant": consultant,
            "engagements": selectors.consultant_engagements(actor=request.user, consultant=consultant),
            "can_edit": request.user.has_perm("promotion.change_consultant", consultant),
            "can_link": user_scope(request.user).has(Role.PROVINCE_OFFICE, Role.COMMUNE_OFFICER, Role.PRODUCER),
        },
    )


@login_required
def consultant_edit(request, pk):
    consultant = found_or_404(selectors.consultant_get(actor=request.user, pk=pk), "nhà tư vấn")
    require_perm(request, "promotion.change_consultant", consultant, "Bạn chỉ được xem thông tin nhà tư vấn này.")
    initial = {
        "name": consultant.name, "organisation": consultant.organisation, "phone": consultant.phone,
        "email": consultant.email, "address": consultant.address, "unit": consultant.unit_id,
        "is_active": consultant.is_active, "notes": consultant.notes,
        "fields_of_expertise": [e.field for e in consultant.expertise.all()],
    }
    form = forms.ConsultantForm(request.POST or None, initial=initial, user=request.user)
    return _form_page(
        request, form,
        lambda data: services.consultant_update(actor=request.user, consultant=consultant, **data),
        title=f"Sửa: {consultant.name}", cancel_url="promotion:consultant_list", success="Đã lưu thay đổi.",
    )


@login_required
def engagement_create(request, pk):
    consultant = found_or_404(selectors.consultant_get(actor=request.user, pk=pk), "nhà tư vấn")
    form = forms.EngagementForm(request.POST or None, user=request.user)
    if request.method == "GET" and not form.fields["producer"].queryset.exists():
        raise PermissionDenied("Bạn không có chủ thể nào để kết nối với nhà tư vấn.")

    def save(data):
        if not request.user.has_perm("promotion.link_consultant", data["producer"]):
            raise PermissionDenied("Bạn không được kết nối chủ thể này.")
        services.engagement_create(actor=request.user, consultant=consultant, **data)
        return consultant

    return _form_page(
        request, form, save, title=f"Kết nối chủ thể với {consultant.name}",
        cancel_url="promotion:consultant_list", success="Đã ghi kết nối với nhà tư vấn.",
    )


# -- communication -----------------------------------------------------------------------------


@login_required
def communication_list(request):
    return COMMUNICATIONS.render(
        request,
        lambda f: selectors.communication_list(
            actor=request.user, q=f["q"], unit=f["don_vi"], year=f["nam"], activity_type=f["hinh_thuc"]
        ),
    )


communication_create = create_view(
    perm="promotion.add_communicationactivity", refused="Bạn không có quyền ghi hoạt động tuyên truyền.",
    form_class=forms.CommunicationForm, service=services.communication_create, template="promotion/form.html",
    title="Ghi hoạt động tuyên truyền", cancel_url="promotion:communication_list",
    success="Đã lưu hoạt động tuyên truyền.",
)


@login_required
def communication_detail(request, pk):
    activity = found_or_404(selectors.communication_get(actor=request.user, pk=pk), "hoạt động tuyên truyền")
    can_edit = request.user.has_perm("promotion.change_communicationactivity", activity)
    return render(
        request,
        "promotion/communication_detail.html",
        {"activity": activity, "can_edit": can_edit, "attachment_form": forms.AttachmentForm() if can_edit else None},
    )


def _editable_communication(request, pk):
    activity = found_or_404(selectors.communication_get(actor=request.user, pk=pk), "hoạt động tuyên truyền")
    require_perm(request, "promotion.change_communicationactivity", activity, "Bạn chỉ được xem hoạt động này.")
    return activity


@login_required
def communication_edit(request, pk):
    activity = _editable_communication(request, pk)
    form = forms.CommunicationForm(request.POST or None, instance=activity, user=request.user)
    return _form_page(
        request, form,
        lambda data: services.communication_update(actor=request.user, activity=activity, **data),
        title=f"Sửa: {activity.title}", cancel_url="promotion:communication_list", success="Đã lưu thay đổi.",
    )


@login_required
@require_POST
def communication_attachment_add(request, pk):
    activity = _editable_communication(request, pk)
    form_post(
        request, forms.AttachmentForm(request.POST, request.FILES),
        lambda data: services.communication_attachment_add(
            actor=request.user, activity=activity, uploaded=data["file"], caption=data["caption"]
        ),
        success="Đã thêm tài liệu.",
    )
    return redirect("promotion:communication_detail", pk=activity.pk)


@login_required
def communication_attachment(request, pk, attachment_pk):
    activity = found_or_404(selectors.communication_get(actor=request.user, pk=pk), "hoạt động tuyên truyền")
    return attachment_response(get_object_or_404(activity.attachments, pk=attachment_pk), default_name="tai-lieu")


@login_required
@require_POST
def communication_attachment_delete(request, pk, attachment_pk):
    activity = _editable_communication(request, pk)
    attachment = get_object_or_404(activity.attachments, pk=attachment_pk)
    services.communication_attachment_delete(actor=request.user, attachment=attachment)
    messages.success(request, "Đã xóa tài liệu.")
    return redirect("promotion:communication_detail", pk=activity.pk)
