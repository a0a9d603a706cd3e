from django import forms

from ocop.accounts.models import User
from ocop.core.uploads import validate_image_upload
from ocop.councils.models import AdvisoryRecordKind, CouncilKind, CouncilLevel, Position


class DateInput(forms.DateInput):
    input_type = "date"


class CouncilForm(forms.Form):
    kind = forms.ChoiceField(label="Loại", choices=CouncilKind.choices)
    level = forms.ChoiceField(label="Cấp", choices=CouncilLevel.choices, initial=CouncilLevel.PROVINCE)
    year = forms.IntegerField(label="Năm", min_value=2018, max_value=2100)
    name = forms.CharField(label="Tên", max_length=255)
    decision_number = forms.CharField(label="Số quyết định thành lập", max_length=60, required=False)
    decision_date = forms.DateField(label="Ngày quyết định", required=False, widget=DateInput)


class MemberForm(forms.Form):
    user = forms.ModelChoiceField(label="Người dùng", queryset=User.objects.filter(is_active=True).order_by("username"))
    position = forms.ChoiceField(label="Chức danh", choices=Position.choices, initial=Position.MEMBER)
    agency = forms.CharField(label="Cơ quan công tác", max_length=255, required=False)


class CloseForm(forms.Form):
    minutes_number = forms.CharField(label="Số biên bản", max_length=60, required=False)
    conclusion = forms.CharField(label="Kết luận của Hội đồng", widget=forms.Textarea(attrs={"rows": 2}), required=False)
    accept_divergence = forms.BooleanField(label="Đã thảo luận, chấm lại; Hội đồng thống nhất kết quả", required=False)


class ReasonForm(forms.Form):
    reason = forms.CharField(label="Lý do", widget=forms.Textarea(attrs={"rows": 2}))


class UpperResultForm(forms.Form):
    total = forms.DecimalField(label="Điểm của cấp trên", min_value=0, max_value=100, decimal_places=2)
    stars = forms.IntegerField(label="Hạng sao của cấp trên", min_value=0, max_value=5)
    reference = forms.CharField(label="Văn bản kết quả", max_length=255)


class DecisionForm(forms.Form):
    number = forms.CharField(label="Số quyết định", max_length=60)
    decided_on = forms.DateField(label="Ngày quyết định", widget=DateInput, input_formats=["%Y-%m-%d", "%d/%m/%Y"])
    signer = forms.CharField(label="Người ký", max_length=150, required=False)


class AdvisoryRecordForm(forms.Form):
    kind = forms.ChoiceField(label="Loại", choices=AdvisoryRecordKind.choices)
    happened_on = forms.DateField(label="Ngày", widget=DateInput, input_formats=["%Y-%m-%d", "%d/%m/%Y"])
    people = forms.CharField(label="Thành phần", max_length=500, required=False)
    text = forms.CharField(label="Nội dung, phát hiện", widget=forms.Textarea(attrs={"rows": 3}))
    photo = forms.ImageField(label="Ảnh", required=False)

    def clean_photo(self):
        photo = self.cleaned_data.get("photo")
        if photo:
            validate_image_upload(photo)
        return photo
