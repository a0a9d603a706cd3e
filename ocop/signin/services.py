"""Writes of the signin app: the login history, lockout notices, two-factor devices."""

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from ocop.accounts.models import Role
from ocop.core.requests import client_ip
from ocop.notifications.services import notify
from ocop.signin.models import LoginEvent, LoginEventKind
from ocop.signin.policy import OTP_NEEDED_SESSION_KEY, two_factor_required

logger = logging.getLogger(__name__)

RECOVERY_CODE_COUNT = 10
TOTP_DEVICE_NAME = "Ứng dụng xác thực"
RECOVERY_DEVICE_NAME = "Mã khôi phục"


def login_event_record(*, request, kind: str, user=None, username: str = "") -> LoginEvent:
    """One row of the login history, with the real client address and the browser."""
    meta = request.META if request is not None else {}
    return LoginEvent.objects.create(
        user=user,
        username=(username or (user.get_username() if user else ""))[:150],
        kind=kind,
        ip_address=client_ip(request),
        user_agent=meta.get("HTTP_USER_AGENT", "")[:255],
    )


def admin_recipients():
    User = get_user_model()
    return User.objects.filter(
        Q(is_superuser=True) | Q(roles__role=Role.ADMIN), is_active=True
    ).distinct()


def lockout_notify(*, request, username: str) -> None:
    """Tell the account's owner and the administrators that a lock has started.

    Sent once per lock (when the limit is reached), not for every attempt made while
    locked. E-mailed too when the site sends e-mail (ocop.notifications)."""
    User = get_user_model()
    address = client_ip(request) or "không rõ"
    owner = User.objects.filter(username=username, is_active=True).first()
    minutes = max(1, settings.LOGIN_LOCKOUT_SECONDS // 60)
    if owner is not None:
        notify(
            recipients=[owner],
            title="Tài khoản của bạn bị tạm khóa đăng nhập từ một địa chỉ lạ",
            body=(
                f"Có {settings.LOGIN_MAX_FAILURES} lần nhập sai mật khẩu liên tiếp cho tài khoản "
                f"“{username}” từ địa chỉ {address}. Đăng nhập từ địa chỉ đó bị tạm khóa ít nhất "
                f"{minutes} phút; bạn vẫn đăng nhập được từ nơi khác. Nếu không phải bạn, hãy đổi "
                "mật khẩu và báo quản trị hệ thống."
            ),
            url=reverse("signin:history"),
        )
    notify(
        recipients=admin_recipients(),
        title=f"Tạm khóa đăng nhập: {username[:60]} từ {address}",
        body=(
            f"Tên đăng nhập “{username}” (tài khoản {'có' if owner else 'không'} tồn tại) bị nhập sai "
            f"mật khẩu {settings.LOGIN_MAX_FAILURES} lần từ địa chỉ {address}. Chỉ cặp tên đăng nhập "
            "– địa chỉ này bị khóa; mở khóa sớm: Quản trị › Access attempts."
        ),
        url=reverse("signin:history_all") + f"?q={username[:60]}",
    )


def session_mark_login(*, request, user) -> None:
    """At login: a password alone never carries an earlier verification over, and the session
    records whether this user needs the second step."""
    from ocop.signin.policy import has_two_factor

    request.session.pop(DEVICE_ID_SESSION_KEY, None)
    request.session[OTP_NEEDED_SESSION_KEY] = two_factor_required(user) or has_two_factor(user)


@transaction.atomic
def otp_setup_start(*, actor) -> TOTPDevice:
    """A new, unconfirmed authenticator for `actor` (any earlier unconfirmed one is dropped)."""
    TOTPDevice.objects.filter(user=actor, confirmed=False).delete()
    return TOTPDevice.objects.create(user=actor, name=TOTP_DEVICE_NAME, confirmed=False)


@transaction.atomic
def otp_setup_confirm(*, actor, request, token: str) -> list[str]:
    """Confirm the pending authenticator with a code it shows; returns new recovery codes.

    The earlier authenticator (if any) is replaced: one phone per account."""
    device = (
        TOTPDevice.objects.select_for_update().filter(user=actor, confirmed=False).order_by("-pk").first()
    )
    if device is None:
        raise ValidationError({"token": "Chưa bắt đầu cài đặt. Hãy tải lại trang cài đặt."})
    if not device.verify_token(_clean_token(token)):
        raise ValidationError({"token": "Mã xác thực không đúng hoặc đã hết hạn. Hãy nhập mã đang hiện."})
    TOTPDevice.objects.filter(user=actor, confirmed=True).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    codes = recovery_codes_regenerate(actor=actor)
    request.session[OTP_NEEDED_SESSION_KEY] = True
    otp_login(request, device)
    login_event_record(request=request, kind=LoginEventKind.OTP_SUCCESS, user=actor)
    return codes


@transaction.atomic
def recovery_codes_regenerate(*, actor) -> list[str]:
    """Ten new single-use recovery codes; the old ones stop working."""
    device, _ = StaticDevice.objects.get_or_create(
        user=actor, name=RECOVERY_DEVICE_NAME, defaults={"confirmed": True}
    )
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return codes


def otp_verify(*, request, token: str) -> bool:
    """Check a code from the authenticator, or a recovery code (used up by this check).

    Each device throttles its own failures (django-otp: the wait doubles after each wrong
    code), so six digits cannot be guessed by trying them all."""
    from django_otp import match_token

    user = request.user
    device = match_token(user, _clean_token(token))
    if device is None:
        login_event_record(request=request, kind=LoginEventKind.OTP_FAILURE, user=user)
        return False
    # A new session key once fully signed in, as Django does after the password: a key
    # planted or seen before this point is worth nothing afterwards.
    request.session.cycle_key()
    otp_login(request, device)
    login_event_record(request=request, kind=LoginEventKind.OTP_SUCCESS, user=user)
    return True


@transaction.atomic
def otp_disable(*, actor, request) -> None:
    """Turn two-factor off (only for accounts whose role does not require it)."""
    if two_factor_required(actor):
        raise ValidationError("Vai trò của bạn bắt buộc xác thực hai lớp; không thể tắt.")
    TOTPDevice.objects.filter(user=actor).delete()
    StaticDevice.objects.filter(user=actor).delete()
    request.session[OTP_NEEDED_SESSION_KEY] = False
    request.session.pop(DEVICE_ID_SESSION_KEY, None)


def recovery_codes_left(*, actor) -> int:
    return StaticToken.objects.filter(device__user=actor, device__confirmed=True).count()


def _clean_token(token: str) -> str:
    return "".join((token or "").split()).lower()
