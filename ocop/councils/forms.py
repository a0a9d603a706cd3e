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


class CandidateField(forms.ModelChoiceField):
    """A council member candidate, with a warning in the label when a conflict of interest
    is possible (`flags`: user id → reasons)."""

    flags: dict[int, list[str]] = {}

    def label_from_instance(self, user):
        label = f"{user} ({user.username})"
        reasons = self.flags.get(user.pk)
        return f"{label} – cần lưu ý: {'; '.join(reasons)}" if reasons else label


class MemberForm(forms.Form):
    user = CandidateField(
        label="Người dùng", queryset=User.objects.none(), empty_label="— Chọn thành viên —",
        error_messages={
            "required": "Người dùng: chọn người được thêm vào hội đồng.",
            "invalid_choice": "Người dùng: người này không thuộc danh sách được chọn (cán bộ, chuyên gia, thành viên "
                              "hội đồng, tổ tư vấn ở cấp và địa bàn của hội đồng; không phải chủ thể OCOP, quản trị).",
        },
    )
    position = forms.ChoiceField(label="Chức danh", choices=Position.choices, initial=Position.MEMBER)
    agency = forms.CharField(label="Cơ quan công tác", max_length=255, required=False)

    def __init__(self, *args, council, **kwargs):
        from ocop.councils.selectors import council_member_candidates, member_conflicts

        super().__init__(*args, **kwargs)
        candidates = council_member_candidates(council)
        field = self.fields["user"]
        field.queryset = candidates
        field.flags = {}
        self.conflicts = []
        if not self.is_bound:
            people = list(candidates)
            field.flags = member_conflicts(council, people)
            self.conflicts = [(user, field.flags[user.pk]) for user in people if user.pk in field.flags]


class CloseForm(forms.Form):
    minutes_number = forms.CharField(label="Số biên bản", max_length=60, required=False)
    conclusion = forms.CharField(label="Kết luận của Hội đồng", widget=forms.Textarea(attrs={"rows": 2}), required=False)


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


class AgreedResultForm(forms.Form):
    """The council's agreed result after a refused close, with its minutes."""

    minutes_number = forms.CharField(label="Số biên bản họp Hội đồng", max_length=60)
    meeting_on = forms.DateField(label="Ngày họp", widget=DateInput, input_formats=["%Y-%m-%d", "%d/%m/%Y"], required=False)
    minutes_text = forms.CharField(label="Nội dung Hội đồng thống nhất (theo biên bản)", widget=forms.Textarea(attrs={"rows": 3}))
    minutes_file = forms.FileField(label="Biên bản đã ký (PDF hoặc ảnh, không bắt buộc)", required=False)
