from django import forms
from django.contrib.auth.forms import AuthenticationForm

from ocop.accounts import services
from ocop.core.forms import BootstrapFormMixin


def client_ip(request) -> str | None:
    return request.META.get("REMOTE_ADDR") if request else None


class ThrottledLoginForm(BootstrapFormMixin, AuthenticationForm):
    """Django's login form, refusing further attempts after repeated failures."""

    error_messages = {
        "invalid_login": "Tên đăng nhập hoặc mật khẩu không đúng. Lưu ý chữ hoa, chữ thường.",
        "inactive": "Tài khoản này đã bị khóa.",
    }

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        self.fields["username"].label = "Tên đăng nhập"
        self.fields["password"].label = "Mật khẩu"
        self.fields["username"].widget.attrs["autocomplete"] = "username"
        self.fields["password"].widget.attrs["autocomplete"] = "current-password"

    def clean(self):
        username = (self.cleaned_data.get("username") or "").strip()
        ip_address = client_ip(self.request)
        if username and services.login_is_throttled(username=username, ip_address=ip_address):
            raise forms.ValidationError(services.throttle_message(), code="throttled")
        try:
            cleaned = super().clean()
        except forms.ValidationError:
            if username:
                services.login_failure_record(username=username, ip_address=ip_address)
            raise
        services.login_success_record(username=username)
        return cleaned
