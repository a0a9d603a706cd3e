from django import forms

from ocop.accounts.models import Agency
from ocop.core.forms import BootstrapFormMixin
from ocop.core.uploads import check_document_upload
from ocop.ideas.forms import (
    ProductChoiceField,
    UnitChoiceField,
    budget_units_for,
    issuing_units_for,
)
from ocop.producers.forms import CommuneChoiceField, commune_choices_for
from ocop.products.forms import producers_user_may_add_for
from ocop.products.models import Product
from ocop.promotion.models import (
    CommunicationActivity,
    ConsultingField,
    EcommerceListing,
    EventParticipation,
    Showroom,
    TradeEvent,
)
from ocop.territory.models import AdministrativeUnit


class ProductMultipleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name} – {obj.producer.name}"


def displayed_products_field(*, size: int) -> ProductMultipleChoiceField:
    """The products shown at an event or a sales point (the form narrows the queryset)."""
    return ProductMultipleChoiceField(
        queryset=Product.objects.none(),
        label="Sản phẩm trưng bày",
        required=False,
        widget=forms.SelectMultiple(attrs={"size": size}),
    )


def products_user_may_edit(user):
    """Products of the producers this user may act for (their own, their commune's, their
    province's)."""
    return Product.objects.filter(producer__in=producers_user_may_add_for(user)).select_related("producer")


class EventForm(BootstrapFormMixin, forms.ModelForm):
    unit = UnitChoiceField(queryset=AdministrativeUnit.objects.none(), label="Đơn vị tham gia, theo dõi")

    class Meta:
        model = TradeEvent
        fields = ["name", "kind", "level", "organiser", "starts_on", "ends_on", "place", "unit", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = budget_units_for(user)


class ParticipationForm(BootstrapFormMixin, forms.ModelForm):
    products = displayed_products_field(size=6)

    class Meta:
        model = EventParticipation
        fields = ["producer", "products", "sales", "contracts_count", "contracts_value", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        producers = producers_user_may_add_for(user)
        self.fields["producer"].queryset = producers
        self.fields["producer"].empty_label = "— Chọn chủ thể —"
        self.fields["products"].queryset = Product.objects.filter(producer__in=producers).select_related("producer")


class ShowroomForm(BootstrapFormMixin, forms.ModelForm):
    commune = CommuneChoiceField(queryset=AdministrativeUnit.objects.none(), label="Xã, phường")
    products = displayed_products_field(size=8)

    class Meta:
        model = Showroom
        fields = [
            "name", "address", "commune", "latitude", "longitude", "operator", "phone", "opened_on",
            "is_active", "products", "notes",
        ]
        widgets = {"notes": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        current = self.instance.commune_id if self.instance.pk else None
        self.fields["commune"].queryset = commune_choices_for(user, current)
        # Any product the user may read may be displayed (a showroom sells other communes' too).
        from ocop.products.selectors import product_visible_queryset

        self.fields["products"].queryset = product_visible_queryset(actor=user).select_related("producer").order_by("name")


class ListingForm(BootstrapFormMixin, forms.ModelForm):
    product = ProductChoiceField(queryset=Product.objects.none(), label="Sản phẩm", empty_label="— Chọn sản phẩm —")

    class Meta:
        model = EcommerceListing
        fields = ["product", "platform", "url", "is_active", "notes"]
        help_texts = {"url": "Ví dụ: https://shopee.vn/ten-gian-hang"}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["product"].queryset = products_user_may_edit(user)
        self.fields["url"].error_messages["invalid"] = (
            "Địa chỉ trang bán hàng phải là một địa chỉ web đầy đủ (bắt đầu bằng https://)."
        )

    def _post_clean(self):
        # The service validates the model (platform host, uniqueness) and reports in Vietnamese.
        pass


class ConsultantForm(BootstrapFormMixin, forms.Form):
    name = forms.CharField(label="Tên nhà tư vấn", max_length=255)
    organisation = forms.CharField(label="Tổ chức", max_length=255, required=False)
    fields_of_expertise = forms.MultipleChoiceField(
        label="Lĩnh vực tư vấn", choices=ConsultingField.choices, widget=forms.CheckboxSelectMultiple
    )
    phone = forms.CharField(label="Điện thoại", max_length=20, required=False)
    email = forms.EmailField(label="Thư điện tử", required=False)
    address = forms.CharField(label="Địa chỉ", max_length=255, required=False)
    unit = UnitChoiceField(queryset=AdministrativeUnit.objects.none(), label="Danh bạ của")
    is_active = forms.BooleanField(label="Đang hợp tác", required=False, initial=True)
    notes = forms.CharField(label="Ghi chú", required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = issuing_units_for(user)
        self.fields["fields_of_expertise"].widget.attrs["class"] = "form-check-input"


class EngagementForm(BootstrapFormMixin, forms.Form):
    producer = forms.ModelChoiceField(queryset=None, label="Chủ thể", empty_label="— Chọn chủ thể —")
    product = ProductChoiceField(queryset=Product.objects.none(), label="Sản phẩm", required=False, empty_label="— Không —")
    field = forms.ChoiceField(label="Lĩnh vực", choices=ConsultingField.choices)
    started_on = forms.DateField(label="Từ ngày", widget=forms.DateInput())
    ended_on = forms.DateField(label="Đến ngày", required=False, widget=forms.DateInput())
    content = forms.CharField(label="Nội dung tư vấn", widget=forms.Textarea(attrs={"rows": 2}))
    result = forms.CharField(label="Kết quả", required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        producers = producers_user_may_add_for(user)
        self.fields["producer"].queryset = producers
        self.fields["product"].queryset = Product.objects.filter(producer__in=producers).select_related("producer")


class CommunicationForm(BootstrapFormMixin, forms.ModelForm):
    unit = UnitChoiceField(queryset=AdministrativeUnit.objects.none(), label="Địa bàn")

    class Meta:
        model = CommunicationActivity
        fields = ["title", "activity_type", "held_on", "unit", "organiser", "agency", "audience", "reach", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        units = budget_units_for(user)
        self.fields["unit"].queryset = units
        self.fields["agency"].queryset = Agency.objects.order_by("name")
        self.fields["agency"].empty_label = "— Không chọn —"


class AttachmentForm(BootstrapFormMixin, forms.Form):
    file = forms.FileField(label="Tài liệu (PDF hoặc ảnh JPEG, PNG, WebP)")
    caption = forms.CharField(label="Mô tả", max_length=255, required=False)

    def clean_file(self):
        uploaded = self.cleaned_data["file"]
        check_document_upload(uploaded)
        return uploaded
