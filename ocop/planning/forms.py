"""Forms of the planning pages: plans, targets, tasks, progress, report periods and reports."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from ocop.accounts.models import Agency
from ocop.accounts.scopes import covered_unit_ids, user_scope
from ocop.core.forms import BootstrapFormMixin
from ocop.core.uploads import DOCUMENT_TYPES_LABEL, check_document_upload
from ocop.planning import actuals, recurrence
from ocop.planning.models import (
    Breakdown,
    PeriodKind,
    Plan,
    ReportPeriod,
    Responsibility,
    Target,
    TaskRole,
)
from ocop.planning.rules import manager_unit_ids
from ocop.territory.models import AdministrativeUnit, UnitLevel

# Evidence files one progress update may carry.
MAX_FILES_PER_UPDATE = 5

class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field (Django's documented pattern)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data]
        return [single(data, initial)] if data else []


def issuing_units_for(user):
    """Units a user may issue plans for: the provinces and former districts they manage and
    the units under them (a commune may issue its own plan)."""
    scope = user_scope(user)
    units = AdministrativeUnit.objects.filter(level__in=[UnitLevel.PROVINCE, UnitLevel.DISTRICT])
    if not scope.is_admin:
        units = AdministrativeUnit.objects.filter(pk__in=covered_unit_ids(manager_unit_ids(scope))).exclude(
            level=UnitLevel.COMMUNE
        )
    return units.select_related("parent").order_by("valid_to", "level", "search_text")


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        suffix = "" if obj.valid_to is None else f" (đến {obj.valid_to:%d/%m/%Y})"
        return f"{obj.name}{suffix}"


class PlanForm(BootstrapFormMixin, forms.ModelForm):
    issuing_unit = UnitChoiceField(queryset=AdministrativeUnit.objects.none(), label="Địa bàn ban hành")
    bases_text = forms.CharField(
        label="Căn cứ (mỗi căn cứ một dòng)", widget=forms.Textarea(attrs={"rows": 4}), required=False
    )

    class Meta:
        model = Plan
        fields = [
            "issuing_unit", "issuer_name", "place", "year", "number", "issued_on", "title", "preamble",
            "purposes", "requirements", "general_objective", "specific_objective", "closing", "recipients",
            "signer_authority", "signer_position", "signer_name", "status", "lead_agency", "report_recipient",
        ]
        widgets = {
            "title": forms.Textarea(attrs={"rows": 2}),
            "preamble": forms.Textarea(attrs={"rows": 2}),
            "purposes": forms.Textarea(attrs={"rows": 4}),
            "requirements": forms.Textarea(attrs={"rows": 4}),
            "general_objective": forms.Textarea(attrs={"rows": 3}),
            "specific_objective": forms.Textarea(attrs={"rows": 3}),
            "closing": forms.Textarea(attrs={"rows": 2}),
            "recipients": forms.Textarea(attrs={"rows": 5}),
            "signer_authority": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["issuing_unit"].queryset = issuing_units_for(user)
        self.fields["lead_agency"].queryset = Agency.objects.order_by("name")
        self.fields["issuer_name"].required = False
        self.fields["place"].required = False
        if self.instance.pk:
            self.fields["bases_text"].initial = "\n".join(b.text for b in self.instance.bases.all())

    def bases(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data.get("bases_text", "").splitlines() if line.strip()]


class TargetForm(BootstrapFormMixin, forms.ModelForm):
    indicator = forms.ChoiceField(label="Chỉ số (cách tính số thực hiện)", choices=())

    class Meta:
        model = Target
        fields = ["indicator", "label", "breakdown", "baseline", "target_value", "target_max", "unit_label", "source"]
        widgets = {"label": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indicator"].choices = actuals.indicator_choices()
        self.fields["unit_label"].required = False
        self.fields["breakdown"].choices = Breakdown.choices


class TaskForm(BootstrapFormMixin, forms.Form):
    responsibility = forms.ModelChoiceField(
        queryset=Responsibility.objects.none(), label="Thuộc mục tổ chức thực hiện", required=False,
        empty_label="— Mục mới (nhập tên bên dưới) —",
    )
    new_heading = forms.CharField(label="Tên mục mới (cơ quan, đơn vị)", max_length=255, required=False)
    content = forms.CharField(label="Nội dung nhiệm vụ", widget=forms.Textarea(attrs={"rows": 3}))
    role = forms.ChoiceField(label="Vai trò của đơn vị được giao", choices=TaskRole.choices, initial=TaskRole.LEAD)
    deadline = forms.DateField(label="Hạn hoàn thành", required=False, widget=forms.DateInput(),
                               help_text="Để trống: ngày cuối năm kế hoạch.")
    recurrence = forms.ChoiceField(label="Lặp lại", choices=recurrence.FREQUENCY_CHOICES, required=False)
    recurrence_due_days = forms.IntegerField(label="Hạn mỗi kỳ (số ngày sau ngày cuối kỳ)", min_value=0, max_value=60, initial=5)
    agencies = forms.ModelMultipleChoiceField(queryset=Agency.objects.none(), label="Cơ quan chủ trì / thực hiện", required=False)
    communes = forms.ModelMultipleChoiceField(queryset=AdministrativeUnit.objects.none(), label="UBND xã thực hiện", required=False)
    coordinating_agencies = forms.ModelMultipleChoiceField(queryset=Agency.objects.none(), label="Cơ quan phối hợp", required=False)

    def __init__(self, *args, plan: Plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan = plan
        self.fields["responsibility"].queryset = plan.responsibilities.order_by("position")
        agencies = Agency.objects.filter(unit__in=covered_unit_ids([plan.issuing_unit_id])) | Agency.objects.filter(
            unit_id=plan.issuing_unit_id
        )
        self.fields["agencies"].queryset = agencies.distinct().order_by("name")
        self.fields["coordinating_agencies"].queryset = agencies.distinct().order_by("name")
        self.fields["communes"].queryset = plan.communes.order_by("search_text")
        for name in ("agencies", "communes", "coordinating_agencies"):
            self.fields[name].widget.attrs["size"] = 6

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("responsibility") and not (cleaned.get("new_heading") or "").strip():
            self.add_error("new_heading", "Chọn một mục có sẵn hoặc nhập tên mục mới.")
        if not cleaned.get("agencies") and not cleaned.get("communes"):
            raise ValidationError("Hãy giao nhiệm vụ cho ít nhất một cơ quan hoặc một xã.")
        return cleaned


class ProgressForm(BootstrapFormMixin, forms.Form):
    progress = forms.IntegerField(label="Tiến độ (%)", min_value=0, max_value=100,
                                  error_messages={"min_value": "Tiến độ từ 0 đến 100.", "max_value": "Tiến độ từ 0 đến 100."})
    reported_on = forms.DateField(label="Ngày báo cáo", widget=forms.DateInput())
    narrative = forms.CharField(label="Kết quả đã thực hiện", widget=forms.Textarea(attrs={"rows": 4}))
    files = MultipleFileField(label=f"Minh chứng ({DOCUMENT_TYPES_LABEL}, tối đa {MAX_FILES_PER_UPDATE} tệp)", required=False)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("reported_on", timezone.localdate())
        super().__init__(*args, **kwargs)

    def clean_files(self):
        files = self.cleaned_data.get("files") or []
        if len(files) > MAX_FILES_PER_UPDATE:
            raise ValidationError(f"Tối đa {MAX_FILES_PER_UPDATE} tệp cho một lần cập nhật.")
        for upload in files:
            check_document_upload(upload)
        return files


class CommentForm(BootstrapFormMixin, forms.Form):
    comment = forms.CharField(label="Lý do", widget=forms.Textarea(attrs={"rows": 3}))


class PeriodGenerateForm(BootstrapFormMixin, forms.Form):
    kinds = forms.MultipleChoiceField(
        label="Loại kỳ báo cáo", choices=[(k, v) for k, v in PeriodKind.choices if k != PeriodKind.MONTH],
        widget=forms.CheckboxSelectMultiple, initial=[PeriodKind.QUARTER, PeriodKind.HALF, PeriodKind.YEAR],
    )
    due_after_days = forms.IntegerField(label="Hạn nộp: số ngày sau ngày cuối kỳ", min_value=0, max_value=60, initial=5)


class PeriodForm(BootstrapFormMixin, forms.ModelForm):
    class Meta:
        model = ReportPeriod
        fields = ["label", "due_on"]


class ReportForm(BootstrapFormMixin, forms.Form):
    """The report's figures (one field per indicator; numerator and denominator for a ratio)
    and its narrative."""

    number = forms.CharField(label="Số báo cáo", max_length=50, required=False)
    narrative = forms.CharField(
        label="Kết quả thực hiện, khó khăn, vướng mắc và kiến nghị", widget=forms.Textarea(attrs={"rows": 10}), required=False
    )

    def __init__(self, *args, report, **kwargs):
        super().__init__(*args, **kwargs)
        self.report = report
        self.figure_fields: list[tuple[str, list[str]]] = []
        for key, entry in report.figures.items():
            indicator = actuals.INDICATORS.get(key)
            label = indicator.label if indicator else key
            if "denominator" in entry:
                names = [f"f_{key}_num", f"f_{key}_den"]
                self.fields[names[0]] = forms.IntegerField(label=f"{label}: số đạt", min_value=0, initial=entry.get("numerator"))
                self.fields[names[1]] = forms.IntegerField(label=f"{label}: tổng số", min_value=0, initial=entry.get("denominator"))
            else:
                names = [f"f_{key}"]
                unit = f" ({indicator.unit_label})" if indicator else ""
                self.fields[names[0]] = forms.DecimalField(label=f"{label}{unit}", min_value=0, decimal_places=2, initial=entry.get("value"))
            self.figure_fields.append((key, names))
        self.fields["number"].initial = report.number
        self.fields["narrative"].initial = report.narrative

    def figures(self) -> dict:
        result = {}
        for key, names in self.figure_fields:
            if len(names) == 2:
                result[key] = {"numerator": self.cleaned_data[names[0]] or 0, "denominator": self.cleaned_data[names[1]] or 0}
            else:
                value = self.cleaned_data[names[0]]
                result[key] = {"value": value if value is not None else Decimal(0)}
        return result

    def figure_bound_fields(self):
        return [(key, [self[name] for name in names]) for key, names in self.figure_fields]


class PlanImportForm(BootstrapFormMixin, forms.Form):
    """Step 1 of loading a plan from its text: where, when, and the text itself."""

    issuing_unit = UnitChoiceField(queryset=AdministrativeUnit.objects.none(), label="Địa bàn ban hành")
    year = forms.IntegerField(label="Năm kế hoạch", min_value=2018, max_value=2100)
    number = forms.CharField(label="Số, ký hiệu", max_length=50, required=False)
    issued_on = forms.DateField(label="Ngày ban hành", required=False, widget=forms.DateInput())
    periodic = forms.ChoiceField(
        label="Nhiệm vụ “định kỳ” lặp lại", choices=[c for c in recurrence.FREQUENCY_CHOICES if c[0]],
        initial=recurrence.QUARTERLY,
    )
    text = forms.CharField(
        label="Nội dung kế hoạch (văn bản thuần, giữ các dòng trống giữa các đoạn)",
        widget=forms.Textarea(attrs={"rows": 14}), required=False,
    )
    file = forms.FileField(label="Hoặc tải tệp văn bản (.txt, UTF-8)", required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["issuing_unit"].queryset = issuing_units_for(user)

    def clean(self):
        cleaned = super().clean()
        upload = cleaned.get("file")
        if upload:
            if upload.size > 1024 * 1024:
                raise ValidationError("Tệp văn bản quá lớn (tối đa 1 MB).")
            try:
                cleaned["text"] = upload.read().decode("utf-8")
            except UnicodeDecodeError as error:
                raise ValidationError("Tệp không phải văn bản UTF-8; hãy lưu lại dưới dạng .txt (UTF-8).") from error
        if not (cleaned.get("text") or "").strip():
            raise ValidationError("Hãy dán nội dung kế hoạch hoặc tải tệp văn bản.")
        return cleaned


class HolderForm(BootstrapFormMixin, forms.Form):
    """Step 2: which agencies (or all communes) each heading of mục IV means."""

    def __init__(self, *args, responsibilities, agencies, suggestions, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = []
        queryset = Agency.objects.filter(pk__in=[a.pk for a in agencies]).order_by("name")
        for item in responsibilities:
            agencies_name, communes_name = f"r{item.number}_agencies", f"r{item.number}_communes"
            suggested, all_communes = suggestions[item.number]
            self.fields[agencies_name] = forms.ModelMultipleChoiceField(
                queryset=queryset, required=False, label=f"IV.{item.number}. {item.heading}",
                initial=[a.pk for a in suggested],
            )
            self.fields[agencies_name].widget.attrs["size"] = 4
            self.fields[communes_name] = forms.BooleanField(
                required=False, label="Giao cho tất cả các xã theo dõi", initial=all_communes
            )
            self.rows.append((item, self[agencies_name], self[communes_name]))

    def clean(self):
        cleaned = super().clean()
        for _item, agencies_field, communes_field in self.rows:
            if not cleaned.get(agencies_field.name) and not cleaned.get(communes_field.name):
                self.add_error(agencies_field.name, "Chọn cơ quan thực hiện hoặc giao cho tất cả các xã.")
        return cleaned
