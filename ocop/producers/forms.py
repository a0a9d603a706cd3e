from django import forms

from ocop.accounts.scopes import user_scope
from ocop.core.forms import BootstrapFormMixin
from ocop.producers.models import Producer, ProducerType
from ocop.territory.models import AdministrativeUnit, UnitLevel


def commune_choices_for(user, current=None):
    """Communes a user may file records under: today's communes in their scope.

    The record's present unit stays selectable even when it is a legacy one, so editing an
    old record does not silently move it.
    """
    scope = user_scope(user)
    queryset = AdministrativeUnit.objects.filter(level=UnitLevel.COMMUNE, valid_to__isnull=True)
    if not scope.is_admin:
        allowed = queryset.filter(pk__in=list(scope.commune_ids))
        if scope.province_ids:
            allowed = allowed | queryset.filter(parent_id__in=list(scope.province_ids))
        queryset = allowed
    if current is not None:
        queryset = queryset | AdministrativeUnit.objects.filter(pk=current)
    return queryset.select_related("parent").order_by("name")


class CommuneChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name} – {obj.parent.name}" if obj.parent_id else obj.name


class ProducerForm(BootstrapFormMixin, forms.ModelForm):
    commune = CommuneChoiceField(queryset=AdministrativeUnit.objects.none(), label="Xã, phường")

    class Meta:
        model = Producer
        fields = [
            "name", "producer_type", "business_registration_number", "registration_date",
            "registration_issuer", "tax_code", "representative_name", "representative_gender",
            "representative_ethnicity", "representative_disability", "address", "commune",
            "phone", "email", "public_contact", "founded_on", "workforce_total",
            "workforce_local", "community_capital_share", "latitude", "longitude", "notes",
        ]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}
        help_texts = {
            "tax_code": "10 chữ số, hoặc 10 chữ số-3 chữ số đối với đơn vị phụ thuộc.",
            "representative_ethnicity": "Dùng cho tiêu chí 3.2 (lao động nữ, dân tộc thiểu số, người khuyết tật).",
            "latitude": "Không bắt buộc, dùng cho bản đồ (ví dụ 14.6123).",
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        current = self.instance.commune_id if self.instance.pk else None
        self.fields["commune"].queryset = commune_choices_for(user, current)
        self.fields["producer_type"].choices = [("", "— Chọn loại hình —"), *ProducerType.choices]
