from django import forms
from django.db.models import Q

from ocop.accounts.scopes import covered_unit_ids, user_scope
from ocop.core.forms import BootstrapFormMixin
from ocop.ideas.forms import (
    BaseRowFormSet,
    IdeaChoiceField,
    ProductChoiceField,
    UnitChoiceField,
    YearField,
    budget_units_for,
    issuing_units_for,
)
from ocop.ideas.models import Idea
from ocop.products.forms import producers_user_may_add_for
from ocop.products.models import Product
from ocop.support.models import FundingSource, ProductSurvey, SupportActivity
from ocop.support.policy import ALLOCATED_SOURCES
from ocop.territory.models import AdministrativeUnit

# -- surveys, focus ----------------------------------------------------------------------------


def products_user_may_survey(user):
    from ocop.products.selectors import product_visible_queryset

    scope = user_scope(user)
    queryset = product_visible_queryset(actor=user)
    if scope.is_admin:
        return queryset
    condition = Q(commune_id__in=list(scope.commune_ids))
    if scope.province_ids:
        condition |= Q(commune__in=covered_unit_ids(scope.province_ids))
    return queryset.filter(condition)


class SurveyForm(BootstrapFormMixin, forms.ModelForm):
    product = ProductChoiceField(queryset=Product.objects.none(), label="Sản phẩm", empty_label="— Chọn sản phẩm —")

    class Meta:
        model = ProductSurvey
        fields = [
            "product", "surveyed_on", "surveyor", "current_state", "strengths", "competitiveness",
            "development_direction", "proposed_support",
        ]
        widgets = {
            **{
                name: forms.Textarea(attrs={"rows": 3})
                for name in ("current_state", "strengths", "competitiveness", "development_direction", "proposed_support")
            },
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["product"].queryset = products_user_may_survey(user).select_related("producer")


class FocusSelectionForm(BootstrapFormMixin, forms.Form):
    issuing_unit = UnitChoiceField(queryset=AdministrativeUnit.objects.none(), label="Cấp lựa chọn")
    year = YearField()
    basis = forms.CharField(label="Căn cứ", max_length=500, required=False)
    notes = forms.CharField(label="Ghi chú", required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["issuing_unit"].queryset = issuing_units_for(user)


class FocusItemForm(BootstrapFormMixin, forms.Form):
    idea = IdeaChoiceField(queryset=Idea.objects.none(), label="Ý tưởng trong danh sách", required=False, empty_label="— Không —")
    product = ProductChoiceField(queryset=Product.objects.none(), label="hoặc sản phẩm hiện có", required=False, empty_label="— Không —")
    reason = forms.CharField(label="Lý do lựa chọn", widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, ideas, products, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["idea"].queryset = ideas
        self.fields["product"].queryset = products

    def clean(self):
        cleaned = super().clean()
        if bool(cleaned.get("idea")) == bool(cleaned.get("product")):
            raise forms.ValidationError("Hãy chọn một ý tưởng hoặc một sản phẩm (không chọn cả hai).")
        return cleaned


class FocusApproveForm(BootstrapFormMixin, forms.Form):
    approved_on = forms.DateField(label="Ngày phê duyệt", widget=forms.DateInput())


# -- support and budgets -----------------------------------------------------------------------


class SupportForm(BootstrapFormMixin, forms.ModelForm):
    budget_unit = UnitChoiceField(queryset=AdministrativeUnit.objects.none(), label="Cấp bố trí kinh phí")
    product = ProductChoiceField(queryset=Product.objects.none(), label="Sản phẩm", required=False, empty_label="— Không —")
    idea = IdeaChoiceField(queryset=Idea.objects.none(), label="Ý tưởng", required=False, empty_label="— Không —")

    class Meta:
        model = SupportActivity
        fields = [
            "producer", "product", "idea", "support_type", "content", "provided_on", "budget_unit",
            "provider", "status", "notes",
        ]
        widgets = {
            "content": forms.Textarea(attrs={"rows": 3}),
            "notes": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        producers = producers_user_may_add_for(user).select_related("commune")
        self.fields["producer"].queryset = producers
        self.fields["producer"].empty_label = "— Chọn chủ thể —"
        self.fields["product"].queryset = Product.objects.filter(producer__in=producers).select_related("producer")
        self.fields["idea"].queryset = Idea.objects.filter(producer__in=producers).select_related("producer")
        self.fields["budget_unit"].queryset = budget_units_for(user)


class FundingRowForm(BootstrapFormMixin, forms.Form):
    source = forms.ChoiceField(label="Nguồn kinh phí", choices=[("", "—"), *FundingSource.choices], required=False)
    amount = forms.IntegerField(label="Số tiền (đồng)", min_value=1, required=False)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("source") and not cleaned.get("amount"):
            self.add_error("amount", "Vui lòng nhập số tiền.")
        if cleaned.get("amount") and not cleaned.get("source"):
            self.add_error("source", "Vui lòng chọn nguồn kinh phí.")
        return cleaned


FundingFormSet = forms.formset_factory(FundingRowForm, formset=BaseRowFormSet, extra=3, max_num=len(FundingSource.choices))


class AllocationForm(BootstrapFormMixin, forms.Form):
    unit = UnitChoiceField(queryset=AdministrativeUnit.objects.none(), label="Cấp bố trí kinh phí")
    year = YearField()
    source = forms.ChoiceField(
        label="Nguồn kinh phí",
        choices=[(value, label) for value, label in FundingSource.choices if value in ALLOCATED_SOURCES],
    )
    amount = forms.IntegerField(label="Dự toán (đồng)", min_value=0)
    reference = forms.CharField(label="Căn cứ giao dự toán", max_length=255, required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = budget_units_for(user)
