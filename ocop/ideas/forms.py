from django import forms
from django.db.models import Case, IntegerField, Q, Value, When
from django.utils import timezone

from ocop.accounts.scopes import covered_unit_ids, user_scope
from ocop.core.forms import BootstrapFormMixin
from ocop.core.text import lower_first
from ocop.core.uploads import DOCUMENT_TYPES_LABEL, check_document_upload
from ocop.ideas.models import (
    BusinessPlan,
    FundingSource,
    Idea,
    ProductSurvey,
    SupportActivity,
)
from ocop.ideas.policy import ALLOCATED_SOURCES
from ocop.producers.forms import CommuneChoiceField, commune_choices_for
from ocop.products.forms import CategoryChoiceField, producers_user_may_add_for
from ocop.products.models import Product, ProductCategory
from ocop.territory.models import AdministrativeUnit, UnitLevel


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        suffix = "" if obj.is_current else " (trước 1/7/2025)"
        parent = f" – {obj.parent.name}" if obj.parent_id else ""
        return f"{obj.name}{parent}{suffix}"


class ProductChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name} – {obj.producer.name}"


class IdeaChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name} – {obj.producer.name} ({obj.year})"


class IdeaMultipleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name} – {obj.producer.name} ({obj.commune.name}; {lower_first(obj.get_status_display())})"


def _ordered_units(queryset):
    """Today's units first, provinces before districts before communes, then by name."""
    return queryset.select_related("parent").order_by(
        Case(When(valid_to__isnull=True, then=Value(0)), default=Value(1)),
        Case(
            When(level=UnitLevel.PROVINCE, then=Value(0)),
            When(level=UnitLevel.DISTRICT, then=Value(1)),
            default=Value(2),
            output_field=IntegerField(),
        ),
        "search_text",
    )


def issuing_units_for(user):
    """Units whose yearly list, focus selection or budget a provincial officer records: its
    province(s), the provinces merged into them and their former districts (2024 decisions
    were the district's under QĐ 148/QĐ-TTg)."""
    scope = user_scope(user)
    levels = [UnitLevel.PROVINCE, UnitLevel.DISTRICT]
    units = AdministrativeUnit.objects.filter(level__in=levels)
    if scope.is_admin:
        units = units.filter(Q(level=UnitLevel.PROVINCE) | Q(valid_to__isnull=False))
    else:
        units = units.filter(pk__in=covered_unit_ids(scope.province_ids))
    return _ordered_units(units)


def budget_units_for(user):
    """Units whose budget may pay for support recorded by this user: the province's levels
    and today's communes for provincial officers; their own commune for commune officers."""
    scope = user_scope(user)
    own = AdministrativeUnit.objects.filter(pk__in=list(scope.commune_ids))
    if scope.is_admin:
        return _ordered_units(AdministrativeUnit.objects.filter(level=UnitLevel.PROVINCE))
    if not scope.province_ids:
        return _ordered_units(own)
    covered = AdministrativeUnit.objects.filter(pk__in=covered_unit_ids(scope.province_ids))
    province_levels = covered.filter(level__in=[UnitLevel.PROVINCE, UnitLevel.DISTRICT])
    communes = covered.filter(level=UnitLevel.COMMUNE, valid_to__isnull=True)
    return _ordered_units(province_levels | communes | own)


def year_choices():
    """Next year back to 2018 (the first national OCOP programme, QĐ 490/QĐ-TTg)."""
    this_year = timezone.localdate().year
    return [(year, str(year)) for year in range(this_year + 1, 2017, -1)]


class YearField(forms.TypedChoiceField):
    def __init__(self, **kwargs):
        kwargs.setdefault("label", "Năm")
        super().__init__(coerce=int, choices=year_choices(), **kwargs)


# -- ideas -------------------------------------------------------------------------------------


class IdeaForm(BootstrapFormMixin, forms.ModelForm):
    commune = CommuneChoiceField(
        queryset=AdministrativeUnit.objects.none(),
        label="Xã, phường",
        required=False,
        help_text="Để trống nếu là xã, phường hiện nay của chủ thể.",
    )
    category = CategoryChoiceField(
        queryset=ProductCategory.objects.filter(criteria_set__isnull=False).order_by("criteria_set"),
        label="Bộ sản phẩm (Phụ lục I, QĐ 26/2026/QĐ-TTg)",
        empty_label="— Chọn bộ sản phẩm —",
    )
    year = YearField(label="Năm tham gia chu trình")
    product = ProductChoiceField(
        queryset=Product.objects.none(),
        label="Sản phẩm đã có (nếu đăng ký sản phẩm hiện có)",
        required=False,
        empty_label="— Ý tưởng mới, chưa có sản phẩm —",
    )

    class Meta:
        model = Idea
        fields = [
            "name", "producer", "commune", "category", "year", "description", "raw_materials",
            "intended_market", "product",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "raw_materials": forms.Textarea(attrs={"rows": 2}),
            "intended_market": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        producers = producers_user_may_add_for(user).select_related("commune")
        self.fields["producer"].queryset = producers
        self.fields["producer"].empty_label = "— Chọn chủ thể —"
        current = self.instance.commune_id if self.instance.pk else None
        self.fields["commune"].queryset = commune_choices_for(user, current)
        self.fields["product"].queryset = Product.objects.filter(producer__in=producers).select_related("producer")
        if not self.instance.pk:
            self.initial.setdefault("year", timezone.localdate().year)


class CommentForm(BootstrapFormMixin, forms.Form):
    comment = forms.CharField(label="Ý kiến", required=False, widget=forms.Textarea(attrs={"rows": 2}))


class MatureForm(BootstrapFormMixin, forms.Form):
    name = forms.CharField(label="Tên sản phẩm", max_length=255)


class DecisionFieldsMixin(forms.Form):
    number = forms.CharField(label="Số, ký hiệu quyết định", max_length=50, help_text="Ví dụ: 298/QĐ-UBND")
    signed_on = forms.DateField(label="Ngày ký", widget=forms.DateInput())
    issuer_name = forms.CharField(label="Cơ quan ban hành", max_length=255)
    signer_name = forms.CharField(label="Người ký", max_length=150)
    signer_position = forms.CharField(label="Chức vụ người ký", max_length=150, initial="Chủ tịch")
    notes = forms.CharField(label="Ghi chú", required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ListApprovalForm(BootstrapFormMixin, DecisionFieldsMixin):
    issuing_unit = UnitChoiceField(queryset=AdministrativeUnit.objects.none(), label="Cấp phê duyệt")
    year = YearField()
    ideas = IdeaMultipleChoiceField(
        queryset=Idea.objects.none(),
        label="Ý tưởng/sản phẩm được phê duyệt",
        widget=forms.CheckboxSelectMultiple,
    )

    field_order = ["issuing_unit", "year", "number", "signed_on", "issuer_name", "signer_name", "signer_position", "notes", "ideas"]

    def __init__(self, *args, user, eligible, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["issuing_unit"].queryset = issuing_units_for(user)
        self.fields["ideas"].queryset = eligible
        self.fields["ideas"].widget.attrs["class"] = "form-check-input"


class ListAmendmentForm(BootstrapFormMixin, DecisionFieldsMixin):
    add = IdeaMultipleChoiceField(
        queryset=Idea.objects.none(),
        label="Bổ sung vào danh sách",
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    remove = IdeaMultipleChoiceField(
        queryset=Idea.objects.none(),
        label="Đưa ra khỏi danh sách",
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    removal_reason = forms.CharField(
        label="Lý do đưa ra khỏi danh sách",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Bắt buộc khi có ý tưởng/sản phẩm bị đưa ra.",
    )

    def __init__(self, *args, eligible, in_list, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["add"].queryset = eligible
        self.fields["remove"].queryset = in_list
        for name in ("add", "remove"):
            self.fields[name].widget.attrs["class"] = "form-check-input"

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("remove") and not (cleaned.get("removal_reason") or "").strip():
            self.add_error("removal_reason", "Vui lòng ghi lý do đưa ra khỏi danh sách.")
        return cleaned


# -- business plans ----------------------------------------------------------------------------


class PlanForm(BootstrapFormMixin, forms.ModelForm):
    idea = IdeaChoiceField(queryset=Idea.objects.none(), label="Ý tưởng", required=False, empty_label="— Không —")
    product = ProductChoiceField(queryset=Product.objects.none(), label="Sản phẩm", required=False, empty_label="— Không —")

    class Meta:
        model = BusinessPlan
        fields = [
            "title", "producer", "idea", "product", "market", "production_organisation",
            "raw_materials", "support_needed",
        ]
        widgets = {
            name: forms.Textarea(attrs={"rows": 3})
            for name in ("market", "production_organisation", "raw_materials", "support_needed")
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        producers = producers_user_may_add_for(user).select_related("commune")
        self.fields["producer"].queryset = producers
        self.fields["producer"].empty_label = "— Chọn chủ thể —"
        self.fields["idea"].queryset = Idea.objects.filter(producer__in=producers).select_related("producer")
        self.fields["product"].queryset = Product.objects.filter(producer__in=producers).select_related("producer")

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("idea") and not cleaned.get("product"):
            self.add_error("idea", "Hãy chọn ý tưởng hoặc sản phẩm mà phương án phục vụ.")
        return cleaned


class InvestmentRowForm(BootstrapFormMixin, forms.Form):
    item = forms.CharField(label="Hạng mục đầu tư", max_length=255, required=False)
    amount = forms.IntegerField(label="Kinh phí (đồng)", min_value=0, required=False)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("item") and cleaned.get("amount") is None:
            self.add_error("amount", "Vui lòng nhập kinh phí của hạng mục.")
        if cleaned.get("amount") and not cleaned.get("item"):
            self.add_error("item", "Vui lòng nhập tên hạng mục.")
        return cleaned


class PlanYearRowForm(BootstrapFormMixin, forms.Form):
    year = forms.IntegerField(label="Năm", min_value=2018, max_value=2100, required=False)
    revenue = forms.IntegerField(label="Doanh thu (đồng)", min_value=0, required=False)
    cost = forms.IntegerField(label="Chi phí (đồng)", min_value=0, required=False)

    def clean(self):
        cleaned = super().clean()
        values = [cleaned.get("year"), cleaned.get("revenue"), cleaned.get("cost")]
        if any(v is not None for v in values) and not all(v is not None for v in values):
            raise forms.ValidationError("Mỗi dòng cần đủ năm, doanh thu và chi phí.")
        return cleaned


class BaseRowFormSet(forms.BaseFormSet):
    def rows(self, *names):
        return [
            tuple(form.cleaned_data.get(name) for name in names)
            for form in self.forms
            if form.cleaned_data and form.cleaned_data.get(names[0]) not in (None, "")
        ]


class BaseYearFormSet(BaseRowFormSet):
    def clean(self):
        if any(self.errors):
            return
        years = [year for year, *_ in self.rows("year", "revenue", "cost")]
        duplicates = sorted({y for y in years if years.count(y) > 1})
        if duplicates:
            raise forms.ValidationError(f"Năm {', '.join(map(str, duplicates))} được nhập nhiều lần.")


InvestmentFormSet = forms.formset_factory(InvestmentRowForm, formset=BaseRowFormSet, extra=3, max_num=30)
PlanYearFormSet = forms.formset_factory(PlanYearRowForm, formset=BaseYearFormSet, extra=3, max_num=10)


def row_formset(formset_class, data, prefix: str, initial=None):
    """A formset bound to POST data, or unbound with the record's rows as initial values."""
    if data is not None:
        return formset_class(data, prefix=prefix)
    return formset_class(prefix=prefix, initial=initial or [])


class AttachmentForm(BootstrapFormMixin, forms.Form):
    file = forms.FileField(label="Tệp đính kèm (PDF hoặc ảnh JPEG, PNG, WebP)", help_text=f"Chỉ nhận {DOCUMENT_TYPES_LABEL}.")
    caption = forms.CharField(label="Mô tả tệp", max_length=255, required=False)

    def clean_file(self):
        uploaded = self.cleaned_data["file"]
        self.detected_kind = check_document_upload(uploaded).extension
        return uploaded


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
            "surveyed_on": forms.DateInput(),
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
            "provided_on": forms.DateInput(),
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

