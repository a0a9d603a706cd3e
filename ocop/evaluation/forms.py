from dataclasses import dataclass

from django import forms
from django.db.models import Q

from ocop.accounts.scopes import covered_unit_ids, user_scope
from ocop.core.forms import BootstrapFormMixin
from ocop.core.uploads import DOCUMENT_TYPES_LABEL
from ocop.criteria.regimes import get_regime
from ocop.evaluation import legal
from ocop.evaluation.checklist import checklist_for
from ocop.evaluation.models import (
    CLOSED_STATES,
    CalendarDay,
    CalendarDayKind,
    CommuneReport,
    Dossier,
    DossierKind,
    EvaluationLevel,
    EvaluationRound,
    RoundStatus,
)
from ocop.products.models import Product
from ocop.products.selectors import product_visible_queryset
from ocop.territory.models import AdministrativeUnit, UnitLevel


def products_user_may_file_for(user):
    """Products without an open dossier that the user may file for: their own (producer),
    or those of their commune and the legacy communes merged into it (commune officer)."""
    scope = user_scope(user)
    queryset = product_visible_queryset(actor=user)
    if not scope.is_admin:
        condition = Q(producer_id__in=list(scope.producer_ids))
        if scope.commune_ids:
            condition |= Q(commune__in=covered_unit_ids(scope.commune_ids))
        queryset = queryset.filter(condition)
    open_products = Dossier.objects.exclude(state__in=sorted(CLOSED_STATES)).values("product_id")
    return queryset.exclude(pk__in=open_products).select_related("producer").order_by("name", "id")


class ProductChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name} – {obj.producer.name}"


class DossierCreateForm(BootstrapFormMixin, forms.Form):
    product = ProductChoiceField(
        queryset=Product.objects.none(), label="Sản phẩm", empty_label="— Chọn sản phẩm —"
    )
    kind = forms.ChoiceField(
        label="Lần đăng ký đánh giá",
        choices=DossierKind.choices,
        help_text="Lần đầu; nâng hạng (sản phẩm đã được công nhận, nay đăng ký hạng cao hơn); "
        "đánh giá lại (khi giấy chứng nhận sắp hết hạn 36 tháng).",
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["product"].queryset = products_user_may_file_for(user)


class Mau01Form(BootstrapFormMixin, forms.ModelForm):
    class Meta:
        model = Dossier
        fields = ["representative_name", "representative_title", "contact_address", "phone", "email", "samples_offered"]
        labels = {"samples_offered": "Sản phẩm mẫu (số lượng)"}
        help_texts = {
            "representative_title": "Ví dụ: Giám đốc, Chủ hộ kinh doanh.",
            "samples_offered": "05 sản phẩm mẫu; dịch vụ du lịch (bộ 26) không gửi mẫu (QĐ 26/2026 Điều 6.2.d).",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("representative_title", "phone", "samples_offered"):
            self.fields[name].required = True

    def service_fields(self) -> dict:
        return dict(self.cleaned_data)


@dataclass(frozen=True)
class Step:
    key: str
    title: str
    fields: tuple[str, ...]


# The long forms in steps, following the sections of QĐ 26/2026 Phụ lục III.
MAU01_STEPS = (
    Step("don-vi", "1. Thông tin về đơn vị đăng ký", (
        "representative_name", "representative_title", "contact_address", "phone", "email",
    )),
    Step("tai-lieu", "2–5. Sản phẩm, lần đăng ký và tài liệu kèm theo", ("samples_offered",)),
)
MAU02_STEPS = (
    Step("nguoi-dai-dien", "Phần I (mục 1–6). Chủ thể và người đại diện pháp luật", (
        "representative_gender", "representative_ethnicity", "representative_residence",
    )),
    Step("san-pham", "Phần I (mục 7–9). Sản phẩm, lịch sử và cơ cấu tổ chức", (
        "product_specification", "producer_history", "organisation_structure",
    )),
    Step("ket-qua", "Phần II. Kết quả thực hiện phương án sản xuất kinh doanh", (
        "results_production", "results_quality", "results_market", "results_business", "changes_summary",
    )),
    Step("tu-danh-gia", "Phần III. Đánh giá theo Bộ tiêu chí sản phẩm OCOP", (
        "self_assessment", "part_a", "part_b", "part_c",
    )),
    Step("ke-hoach", "Phần IV. Kế hoạch sản xuất, kinh doanh", ("business_plan",)),
)


def restrict_to_step(form, step: Step, *, draft: bool):
    """Keep only the step's fields. A draft checks each value's type (a number is a number,
    an e-mail an e-mail) but not whether it is filled in: what is missing is listed on the
    dossier page and refused at submission (completeness.dossier_missing)."""
    for name in list(form.fields):
        if name not in step.fields:
            del form.fields[name]
    if draft:
        for field in form.fields.values():
            field.required = False
    return form


class SelfAssessmentChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"Phiếu ngày {obj.created_at:%d/%m/%Y %H:%M} – {obj.total} điểm, {obj.stars} sao"


class Mau02Form(BootstrapFormMixin, forms.ModelForm):
    self_assessment = SelfAssessmentChoiceField(
        queryset=None, required=False, label="Phiếu tự đánh giá (Phần III)",
        empty_label="— Chưa chọn —",
    )
    part_a = forms.DecimalField(label="Điểm tự đánh giá Phần A", required=False, min_value=0, max_value=40, decimal_places=2)
    part_b = forms.DecimalField(label="Điểm tự đánh giá Phần B", required=False, min_value=0, max_value=25, decimal_places=2)
    part_c = forms.DecimalField(label="Điểm tự đánh giá Phần C", required=False, min_value=0, max_value=35, decimal_places=2)

    class Meta:
        model = Dossier
        fields = [
            "representative_gender", "representative_ethnicity", "representative_residence",
            "product_specification", "producer_history", "organisation_structure",
            "results_production", "results_quality", "results_market", "results_business",
            "changes_summary", "self_assessment", "business_plan",
        ]
        widgets = {
            name: forms.Textarea(attrs={"rows": 3})
            for name in (
                "product_specification", "producer_history", "organisation_structure",
                "results_production", "results_quality", "results_market", "results_business",
                "changes_summary", "business_plan",
            )
        }
        labels = {
            "representative_gender": "Giới tính người đại diện (Nam/nữ)",
            "product_specification": "7. Tên sản phẩm/dịch vụ, mô tả quy cách sản phẩm, tiêu chuẩn",
            "producer_history": "8. Lịch sử hình thành của chủ thể (các giai đoạn hình thành và phát triển)",
            "organisation_structure": "9. Cơ cấu tổ chức của chủ thể",
            "business_plan": "Phần IV. Kế hoạch sản xuất, kinh doanh (định hướng phát triển sản phẩm, tổ chức sản xuất, thị trường)",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        dossier = self.instance
        regime = get_regime(dossier.regime_key)
        self.option_level = regime.granularity == "options"
        if self.option_level:
            self.fields["self_assessment"].queryset = dossier.product.self_assessments.filter(
                criteria_version=regime.criteria_version,
                criteria_set=dossier.product.category.criteria_set,
            ).order_by("-created_at", "-id")
            for name in ("part_a", "part_b", "part_c"):
                del self.fields[name]
        else:
            del self.fields["self_assessment"]
            totals = dossier.self_part_totals or {}
            for code in ("A", "B", "C"):
                self.fields[f"part_{code.lower()}"].initial = totals.get(code)
                self.fields[f"part_{code.lower()}"].required = True
        if dossier.kind == DossierKind.FIRST:
            del self.fields["changes_summary"]

    def service_fields(self) -> dict:
        data = {name: value for name, value in self.cleaned_data.items() if not name.startswith("part_")}
        if not self.option_level and any(name.startswith("part_") for name in self.cleaned_data):
            # A step may hold the part totals or not; a draft may leave some empty.
            totals = dict(self.instance.self_part_totals or {})
            for code in ("A", "B", "C"):
                name = f"part_{code.lower()}"
                if name in self.cleaned_data:
                    value = self.cleaned_data[name]
                    if value is None:
                        totals.pop(code, None)
                    else:
                        totals[code] = str(value)
            data["self_part_totals"] = totals
        return data


class EvidenceUploadForm(BootstrapFormMixin, forms.Form):
    item_key = forms.ChoiceField(label="Mục minh chứng")
    file = forms.FileField(
        label=f"Tệp ({DOCUMENT_TYPES_LABEL})",
        error_messages={"empty": "Tệp tải lên bị rỗng.", "invalid": "Không đọc được tệp tải lên."},
    )
    title = forms.CharField(label="Tên tài liệu", max_length=255, required=False)
    subtype = forms.ChoiceField(label="Loại giấy tờ", required=False)
    issued_on = forms.DateField(label="Ngày cấp", required=False, widget=forms.DateInput())
    expires_on = forms.DateField(
        label="Hiệu lực đến ngày", required=False, widget=forms.DateInput(),
        help_text="Với giấy tờ có thời hạn; hết hạn thì không được tính là đủ hồ sơ.",
    )

    def __init__(self, *args, regime_key, item_key=None, **kwargs):
        super().__init__(*args, **kwargs)
        items = checklist_for(regime_key).items
        self.fields["item_key"].choices = [(item.key, f"{item.row}. {item.title}") for item in items]
        subtypes = [("", "—")]
        for item in items:
            subtypes.extend((s.key, f"{item.title}: {s.label}") for s in item.subtypes)
        self.fields["subtype"].choices = subtypes
        if item_key:
            self.fields["item_key"].initial = item_key


class CommuneReportForm(BootstrapFormMixin, forms.ModelForm):
    class Meta:
        model = CommuneReport
        fields = [
            "report_number", "report_date", "local_materials", "local_labour", "idea_origin",
            "local_identity", "meeting_held", "signer_name", "signer_title",
        ]
        widgets = {
            **{
                name: forms.Textarea(attrs={"rows": 4})
                for name in ("local_materials", "local_labour", "idea_origin", "local_identity")
            },
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for content in legal.commune_report_contents():
            field = self.fields[content["key"]]
            field.label = f"{content['number']}. {content['title']}"
            field.help_text = content["guidance"]


class TransitionForm(BootstrapFormMixin, forms.Form):
    comment = forms.CharField(label="Ý kiến", required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ForwardForm(TransitionForm):
    letter_number = forms.CharField(label="Số văn bản đề nghị", max_length=60)
    letter_date = forms.DateField(label="Ngày văn bản", widget=forms.DateInput())
    samples_count = forms.IntegerField(label="Số sản phẩm mẫu gửi kèm", min_value=0, max_value=100)


class RoundChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        parts = [obj.name]
        if obj.held_before:
            parts.append(f"tổ chức trước {obj.held_before:%d/%m/%Y}")
        return " – ".join(parts)


class AcceptForm(TransitionForm):
    round = RoundChoiceField(queryset=EvaluationRound.objects.none(), label="Đợt đánh giá", empty_label="— Chọn đợt —")

    def __init__(self, *args, rounds, suggested=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["round"].queryset = rounds
        if suggested is not None:
            self.fields["round"].initial = suggested.pk
            self.fields["round"].help_text = (
                f"Gợi ý theo ngày xã đề nghị (QĐ 26/2026 Điều 5): {suggested.name}."
            )


def transition_form_class(action: str):
    return {"forward": ForwardForm, "reforward": ForwardForm, "accept": AcceptForm}.get(action, TransitionForm)


class RoundForm(BootstrapFormMixin, forms.Form):
    level = forms.ChoiceField(label="Cấp đánh giá", choices=EvaluationLevel.choices)
    unit = forms.ModelChoiceField(queryset=AdministrativeUnit.objects.none(), label="Địa bàn tổ chức", required=False)
    year = forms.IntegerField(label="Năm", min_value=2023, max_value=2100)
    number = forms.IntegerField(label="Đợt số", min_value=1, max_value=20)
    is_extra = forms.BooleanField(label="Đợt bổ sung (ngoài 02 đợt theo Điều 5)", required=False)
    name = forms.CharField(label="Tên đợt", max_length=255, required=False, help_text="Để trống để phần mềm tự đặt tên.")
    proposed_before = forms.DateField(label="Nhận hồ sơ đề nghị trước ngày", required=False, widget=forms.DateInput(),
                                      help_text="Để trống với đợt thường: lấy theo QĐ 26/2026 Điều 5.")
    held_before = forms.DateField(label="Tổ chức trước ngày", required=False, widget=forms.DateInput())
    scheduled_on = forms.DateField(label="Ngày dự kiến họp hội đồng", required=False, widget=forms.DateInput())
    notes = forms.CharField(label="Ghi chú", required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        scope = user_scope(user)
        units = AdministrativeUnit.objects.filter(level__in=[UnitLevel.PROVINCE, UnitLevel.DISTRICT])
        if not scope.is_admin:
            from ocop.accounts.models import Role

            units = units.filter(pk__in=list(scope.province_ids | scope.unit_ids(Role.DISTRICT_OFFICE)))
            allowed_levels = []
            if scope.unit_ids(Role.DISTRICT_OFFICE):
                allowed_levels.append(EvaluationLevel.DISTRICT)
            if scope.province_ids:
                allowed_levels.append(EvaluationLevel.PROVINCE)
            self.fields["level"].choices = [(k, v) for k, v in EvaluationLevel.choices if k in allowed_levels]
        self.fields["unit"].queryset = units.order_by("valid_to", "name")


class RoundEditForm(BootstrapFormMixin, forms.ModelForm):
    class Meta:
        model = EvaluationRound
        fields = ["name", "proposed_before", "held_before", "scheduled_on", "status", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = RoundStatus.choices


class CalendarDayForm(BootstrapFormMixin, forms.ModelForm):
    class Meta:
        model = CalendarDay
        fields = ["day", "kind", "province", "reason"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = CalendarDayKind.choices
        scope = user_scope(user)
        provinces = AdministrativeUnit.objects.filter(level=UnitLevel.PROVINCE, valid_to__isnull=True)
        if not scope.is_admin:
            provinces = provinces.filter(pk__in=list(scope.province_ids))
            self.fields["province"].required = True
            self.fields["province"].empty_label = None
        else:
            self.fields["province"].empty_label = "Toàn quốc"
        self.fields["province"].queryset = provinces.order_by("name")

    def validate_unique(self):
        # The service updates an existing adjustment of the same day instead of refusing it.
        pass
