from django import forms
from django.db.models import Q

from ocop.accounts.models import Agency
from ocop.accounts.scopes import covered_unit_ids, user_scope
from ocop.core.forms import BootstrapFormMixin
from ocop.core.uploads import check_document_upload
from ocop.monitoring.models import ComplianceDocument, InspectionPlan, InspectionRecord
from ocop.territory.models import AdministrativeUnit, UnitLevel


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name} – {obj.parent.name}" if obj.parent_id else obj.name


def plan_unit_choices(user):
    """Today's province(s) of a provincial office and their communes (admin: provinces)."""
    scope = user_scope(user)
    current = AdministrativeUnit.objects.filter(valid_to__isnull=True)
    if scope.is_admin:
        queryset = current.filter(level=UnitLevel.PROVINCE)
    else:
        provinces = list(scope.province_ids)
        queryset = current.filter(Q(pk__in=provinces) | Q(parent_id__in=provinces, level=UnitLevel.COMMUNE))
    return queryset.select_related("parent").order_by("level", "search_text")


class InspectionPlanForm(BootstrapFormMixin, forms.ModelForm):
    unit = UnitChoiceField(queryset=AdministrativeUnit.objects.none(), label="Địa bàn")

    class Meta:
        model = InspectionPlan
        fields = ["title", "kind", "period_start", "period_end", "unit", "lead_agency", "lead_agency_name", "content"]
        widgets = {"content": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = plan_unit_choices(user)
        scope = user_scope(user)
        agencies = Agency.objects.all()
        if not scope.is_admin:
            agencies = agencies.filter(unit__in=covered_unit_ids(scope.province_ids))
        self.fields["lead_agency"].queryset = agencies.order_by("name")
        self.fields["kind"].choices = [("", "— Chọn hình thức —"), *self.fields["kind"].choices[1:]]


CHECK_FIELDS = ["criteria_maintained", "mark_use", "labels", "food_safety"]


class InspectionRecordForm(BootstrapFormMixin, forms.ModelForm):
    class Meta:
        model = InspectionRecord
        fields = [
            "plan", "inspected_on", "inspectors", *CHECK_FIELDS, "findings", "follow_up", "follow_up_deadline",
        ]
        widgets = {
            "findings": forms.Textarea(attrs={"rows": 3}),
            "follow_up": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, plans, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["plan"].queryset = plans
        self.fields["plan"].required = False


class LabelCheckForm(BootstrapFormMixin, forms.ModelForm):
    class Meta:
        model = InspectionRecord
        fields = ["inspected_on", "inspectors", "mark_use", "labels", "findings", "follow_up", "follow_up_deadline"]
        widgets = {
            "findings": forms.Textarea(attrs={"rows": 3}),
            "follow_up": forms.Textarea(attrs={"rows": 2}),
        }
        labels = {
            "mark_use": "Sử dụng nhãn hiệu, dấu OCOP đúng quy định (đúng sản phẩm, đúng hạng sao, còn hiệu lực)",
            "labels": "Nhãn hàng hóa đúng quy định",
        }


class ComplianceDocumentForm(BootstrapFormMixin, forms.ModelForm):
    file = forms.FileField(label="Tệp (PDF hoặc ảnh)", required=False)

    class Meta:
        model = ComplianceDocument
        fields = ["kind", "number", "issuer", "issued_on", "expires_on", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 2})}

    def clean_file(self):
        uploaded = self.cleaned_data.get("file")
        if uploaded:
            check_document_upload(uploaded)
        return uploaded
