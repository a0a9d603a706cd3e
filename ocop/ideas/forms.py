from django import forms
from django.db.models import Case, IntegerField, Q, Value, When
from django.utils import timezone

from ocop.accounts.scopes import covered_unit_ids, user_scope
from ocop.core.forms import BootstrapFormMixin
from ocop.core.text import lower_first
from ocop.ideas.models import Idea
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


def programme_years(request=None) -> list[int]:
    """The years of `year_choices`, for a list's year filter (`YearFilter(programme_years)`)."""
    return [year for year, _ in year_choices()]


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

    DECISION_FIELDS = ("number", "signed_on", "issuer_name", "signer_name", "signer_position", "notes")

    def decision_fields(self) -> dict:
        """The decision's own fields, as the services `idea_list_approve` / `idea_list_amend` take them."""
        return {name: self.cleaned_data[name] for name in self.DECISION_FIELDS}


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


class BaseRowFormSet(forms.BaseFormSet):
    def rows(self, *names):
        return [
            tuple(form.cleaned_data.get(name) for name in names)
            for form in self.forms
            if form.cleaned_data and form.cleaned_data.get(names[0]) not in (None, "")
        ]


def row_formset(formset_class, data, prefix: str, initial=None):
    """A formset bound to POST data, or unbound with the record's rows as initial values."""
    if data is not None:
        return formset_class(data, prefix=prefix)
    return formset_class(prefix=prefix, initial=initial or [])
