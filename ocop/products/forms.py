from django import forms

from ocop.accounts.scopes import user_scope
from ocop.core.forms import BootstrapFormMixin
from ocop.core.uploads import validate_image_upload
from ocop.producers.forms import CommuneChoiceField, commune_choices_for
from ocop.producers.selectors import producer_visible_queryset
from ocop.products.models import Product, ProductCategory
from ocop.territory.models import AdministrativeUnit


class CategoryChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.criteria_set}. {obj.criteria_set_name}"


def producers_user_may_add_for(user):
    scope = user_scope(user)
    queryset = producer_visible_queryset(actor=user)
    if scope.is_admin:
        return queryset
    from django.db.models import Q

    from ocop.accounts.scopes import covered_unit_ids

    condition = Q(pk__in=list(scope.producer_ids)) | Q(commune_id__in=list(scope.commune_ids))
    if scope.province_ids:
        condition |= Q(commune__in=covered_unit_ids(scope.province_ids))
    return queryset.filter(condition)


class ProductForm(BootstrapFormMixin, forms.ModelForm):
    commune = CommuneChoiceField(
        queryset=AdministrativeUnit.objects.none(),
        label="Xã, phường sản xuất",
        required=False,
        help_text="Để trống nếu sản xuất tại xã, phường của chủ thể.",
    )
    category = CategoryChoiceField(
        queryset=ProductCategory.objects.filter(criteria_set__isnull=False).order_by("criteria_set"),
        label="Bộ sản phẩm (Phụ lục I, QĐ 26/2026/QĐ-TTg)",
        empty_label="— Chọn bộ sản phẩm —",
    )

    class Meta:
        model = Product
        fields = ["name", "producer", "commune", "category", "status", "description", "story"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "story": forms.Textarea(attrs={"rows": 6}),
        }
        help_texts = {
            "story": "Câu chuyện về nguồn gốc, truyền thống, giá trị văn hóa gắn với sản phẩm (tiêu chí 5).",
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["producer"].queryset = producers_user_may_add_for(user).select_related("commune")
        self.fields["producer"].empty_label = "— Chọn chủ thể —"
        current = self.instance.commune_id if self.instance.pk else None
        self.fields["commune"].queryset = commune_choices_for(user, current)

    def clean(self):
        cleaned = super().clean()
        producer = cleaned.get("producer")
        if producer is not None and cleaned.get("commune") is None:
            cleaned["commune"] = producer.commune
            self.instance.commune = producer.commune
        return cleaned


class ProductPhotoForm(BootstrapFormMixin, forms.Form):
    image = forms.ImageField(
        label="Ảnh sản phẩm (JPEG, PNG, WebP)",
        error_messages={
            "invalid_image": "Tệp tải lên không phải là ảnh hợp lệ. Chỉ nhận ảnh JPEG, PNG hoặc WebP.",
            "empty": "Tệp tải lên bị rỗng.",
        },
    )
    caption = forms.CharField(label="Chú thích", max_length=255, required=False)

    def clean_image(self):
        image = self.cleaned_data["image"]
        validate_image_upload(image)
        return image
