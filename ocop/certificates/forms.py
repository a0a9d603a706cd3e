from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone

from ocop.certificates import legal
from ocop.certificates.uploads import register_file_kind
from ocop.core.forms import BootstrapFormMixin
from ocop.core.uploads import check_document_upload


class ImportUploadForm(BootstrapFormMixin, forms.Form):
    file = forms.FileField(
        label="Tệp danh sách (.xlsx hoặc .csv UTF-8)",
        help_text="Mỗi dòng một giấy chứng nhận; xem mẫu và hướng dẫn bên dưới.",
    )

    def clean_file(self):
        uploaded = self.cleaned_data["file"]
        if uploaded.size > settings.MAX_DOCUMENT_UPLOAD_BYTES:
            limit = settings.MAX_DOCUMENT_UPLOAD_BYTES // (1024 * 1024)
            raise ValidationError(f"Tệp quá lớn; dung lượng tối đa là {limit} MB.")
        data = uploaded.read()
        self.cleaned_data["kind"] = register_file_kind(uploaded.name, data)
        self.cleaned_data["data"] = data
        return uploaded


class ReevaluationFiledForm(BootstrapFormMixin, forms.Form):
    filed_on = forms.DateField(label="Ngày nộp hồ sơ đánh giá lại", widget=forms.DateInput())
    reference = forms.CharField(
        label="Hồ sơ (số, nơi nhận)", max_length=255, required=False,
        help_text="Ví dụ: hồ sơ nộp tại UBND xã Đăk Kôi, số tiếp nhận 12.",
    )

    def clean_filed_on(self):
        filed_on = self.cleaned_data["filed_on"]
        if filed_on > timezone.localdate():
            raise ValidationError("Ngày nộp không được ở tương lai.")
        return filed_on


class RevocationProposeForm(BootstrapFormMixin, forms.Form):
    ground = forms.ChoiceField(label="Căn cứ thu hồi (khoản 1 Điều 8 QĐ 26/2026/QĐ-TTg)", widget=forms.RadioSelect)
    facts = forms.CharField(label="Nội dung vi phạm, kết quả kiểm tra, xác minh", widget=forms.Textarea(attrs={"rows": 4}))
    conclusion_reference = forms.CharField(
        label="Văn bản kết luận", max_length=255,
        help_text="Kết luận của cơ quan có thẩm quyền, hoặc xác nhận của UBND xã về việc chủ thể ngừng sản xuất (Điều 8.4).",
    )
    conclusion_on = forms.DateField(label="Ngày có kết luận", widget=forms.DateInput())
    evidence = forms.FileField(
        label="Tệp minh chứng (PDF hoặc ảnh)", required=False,
        help_text="PDF, JPEG, PNG hoặc WebP; kiểm tra theo nội dung tệp.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ground"].choices = legal.revocation_ground_choices()
        self.fields["ground"].widget.attrs["class"] = "form-check-input"

    def clean_evidence(self):
        evidence = self.cleaned_data.get("evidence")
        if evidence:
            check_document_upload(evidence)
        return evidence


class RevocationDecideForm(BootstrapFormMixin, forms.Form):
    decision_number = forms.CharField(label="Số quyết định thu hồi", max_length=100)
    decided_on = forms.DateField(label="Ngày quyết định", widget=forms.DateInput())
    signer = forms.CharField(label="Người ký", max_length=150, required=False)


class RevocationCancelForm(BootstrapFormMixin, forms.Form):
    reason = forms.CharField(label="Lý do hủy đề nghị", widget=forms.Textarea(attrs={"rows": 2}))


class DocumentVerifyForm(BootstrapFormMixin, forms.Form):
    """Public check of a document: the PDF itself, or its SHA-256 (docs/signing.md)."""

    file = forms.FileField(
        label="Tệp PDF cần kiểm tra", required=False,
        help_text="Giấy chứng nhận, quyết định công nhận hoặc biên bản dạng PDF nhận được (tối đa 20 MB).",
    )
    sha256 = forms.CharField(
        label="Hoặc mã SHA-256 của tệp", required=False, max_length=100,
        help_text="64 ký tự 0–9, a–f (ví dụ lấy bằng lệnh sha256sum hoặc certutil -hashfile tệp.pdf SHA256).",
    )

    def clean(self):
        from ocop.certificates.verification import sha256_clean, upload_read

        cleaned = super().clean()
        uploaded, digest = cleaned.get("file"), (cleaned.get("sha256") or "").strip()
        if uploaded is None and not digest:
            raise ValidationError("Chọn tệp PDF hoặc nhập mã SHA-256 của tệp.")
        if uploaded is not None:
            cleaned["data"] = upload_read(uploaded)
        else:
            cleaned["sha256"] = sha256_clean(digest)
            cleaned["data"] = None
        return cleaned
