from django import forms

from ocop.core.forms import BootstrapFormMixin


class TokenForm(BootstrapFormMixin, forms.Form):
    token = forms.CharField(
        label="Mã xác thực",
        max_length=16,
        help_text="6 chữ số trên ứng dụng xác thực, hoặc một mã khôi phục (8 ký tự).",
        error_messages={"required": "Hãy nhập mã xác thực."},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        widget = self.fields["token"].widget
        widget.attrs.update({"autocomplete": "one-time-code", "autofocus": True, "inputmode": "text"})


class SetupForm(TokenForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["token"].help_text = "Mã 6 chữ số ứng dụng xác thực đang hiện cho OCOP."
        self.fields["token"].widget.attrs["inputmode"] = "numeric"


class HistoryFilterForm(BootstrapFormMixin, forms.Form):
    q = forms.CharField(label="Tên đăng nhập", required=False)
    kind = forms.ChoiceField(label="Sự kiện", required=False)

    def __init__(self, *args, **kwargs):
        from ocop.signin.models import LoginEventKind

        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", "Tất cả")] + list(LoginEventKind.choices)
