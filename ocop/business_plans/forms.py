from django import forms

from ocop.business_plans.models import BusinessPlan
from ocop.core.forms import BootstrapFormMixin
from ocop.core.uploads import DOCUMENT_TYPES_LABEL, check_document_upload
from ocop.ideas.forms import BaseRowFormSet, IdeaChoiceField, ProductChoiceField
from ocop.ideas.models import Idea
from ocop.products.forms import producers_user_may_add_for
from ocop.products.models import Product

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


class AttachmentForm(BootstrapFormMixin, forms.Form):
    file = forms.FileField(label="Tệp đính kèm (PDF hoặc ảnh JPEG, PNG, WebP)", help_text=f"Chỉ nhận {DOCUMENT_TYPES_LABEL}.")
    caption = forms.CharField(label="Mô tả tệp", max_length=255, required=False)

    def clean_file(self):
        uploaded = self.cleaned_data["file"]
        self.detected_kind = check_document_upload(uploaded).extension
        return uploaded
