"""Two-factor pages (verify, set up, manage) and the login history."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from ocop.accounts.scopes import user_scope
from ocop.core.paging import paginate, query_without_page
from ocop.core.qr import qr_svg
from ocop.signin import selectors, services
from ocop.signin.forms import HistoryFilterForm, SetupForm, TokenForm
from ocop.signin.policy import two_factor_required


def _next_url(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, require_https=request.is_secure()):
        return target
    return reverse("core:home")


def _verified(request) -> bool:
    return DEVICE_ID_SESSION_KEY in request.session


@login_required
def verify(request):
    if not TOTPDevice.objects.filter(user=request.user, confirmed=True).exists():
        return redirect(reverse("signin:setup") + "?" + request.GET.urlencode())
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if services.otp_verify(request=request, token=form.cleaned_data["token"]):
            return redirect(_next_url(request))
        form.add_error(
            "token",
            "Mã không đúng, đã hết hạn hoặc đã dùng. Sau nhiều lần sai, hệ thống chờ lâu dần trước khi "
            "nhận mã tiếp theo.",
        )
    return render(request, "signin/verify.html", {"form": form, "next": _next_url(request)})


@login_required
def setup(request):
    """Pair an authenticator app: QR code and key, then one code to confirm.

    Replacing an existing authenticator needs a verified session: a password alone must
    never be enough to attach the attacker's phone to an account."""
    has_device = TOTPDevice.objects.filter(user=request.user, confirmed=True).exists()
    if has_device and not _verified(request):
        return redirect(reverse("signin:verify") + "?" + request.GET.urlencode())
    form = SetupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            codes = services.otp_setup_confirm(actor=request.user, request=request, token=form.cleaned_data["token"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return render(request, "signin/recovery_codes.html", {"codes": codes, "next": _next_url(request)})
    device = TOTPDevice.objects.filter(user=request.user, confirmed=False).order_by("-pk").first()
    if device is None or request.method == "GET":
        device = services.otp_setup_start(actor=request.user)
    secret = _base32(device.bin_key)
    return render(
        request,
        "signin/setup.html",
        {
            "form": form,
            "secret": " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
            "qr": qr_svg(device.config_url),
            "required": two_factor_required(request.user),
            "next": _next_url(request),
        },
    )


@login_required
def manage(request):
    return render(
        request,
        "signin/manage.html",
        {
            "enabled": TOTPDevice.objects.filter(user=request.user, confirmed=True).exists(),
            "required": two_factor_required(request.user),
            "codes_left": services.recovery_codes_left(actor=request.user),
        },
    )


@login_required
@require_POST
def recovery_codes(request):
    if not _verified(request):
        return redirect(reverse("signin:verify") + "?next=" + reverse("signin:manage"))
    codes = services.recovery_codes_regenerate(actor=request.user)
    return render(request, "signin/recovery_codes.html", {"codes": codes, "next": reverse("signin:manage")})


@login_required
@require_POST
def disable(request):
    if not _verified(request):
        return redirect(reverse("signin:verify") + "?next=" + reverse("signin:manage"))
    try:
        services.otp_disable(actor=request.user, request=request)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "Đã tắt xác thực hai lớp.")
    return redirect("signin:manage")


@login_required
def history(request):
    page_obj = paginate(request, selectors.login_event_list(actor=request.user))
    return render(
        request, "signin/history.html", {"page_obj": page_obj, "everyone": False, "is_admin": user_scope(request.user).is_admin}
    )


@login_required
def history_all(request):
    if not user_scope(request.user).is_admin:
        raise PermissionDenied("Chỉ quản trị hệ thống xem được lịch sử đăng nhập của mọi tài khoản.")
    form = HistoryFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    events = selectors.login_event_list(
        actor=request.user, everyone=True, q=filters.get("q", ""), kind=filters.get("kind", "")
    )
    return render(
        request,
        "signin/history.html",
        {
            "page_obj": paginate(request, events),
            "everyone": True,
            "form": form,
            "base_query": query_without_page(request),
        },
    )


def _base32(key: bytes) -> str:
    from base64 import b32encode

    return b32encode(key).decode("ascii").rstrip("=")
