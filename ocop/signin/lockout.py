"""django-axes policy: whom a run of wrong passwords locks, for how long, and what they see.

Axes counts failures per (username, client address) pair only (AXES_LOCKOUT_PARAMETERS in
settings): an attacker guessing `tinh`'s password from one address locks `tinh` from that
address only, never `tinh` from the office nor any other account. The client address is
the real one behind trusted proxies (ocop.core.requests.client_ip).

Back-off: failures count within a window of LOGIN_LOCKOUT_SECONDS; reaching
LOGIN_MAX_FAILURES locks the pair for that long, and every attempt made while locked is
counted and doubles the lock, up to LOGIN_LOCKOUT_MAX_SECONDS. A person who mistyped waits
minutes; a script that keeps going locks itself out for a day.
"""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS
from django.db.models import Sum
from django.forms.utils import ErrorDict
from django.shortcuts import render

LOCKOUT_MESSAGE = (
    "Bạn đã đăng nhập sai quá nhiều lần. Vì an toàn, tài khoản này tạm thời không đăng nhập "
    "được từ địa chỉ của bạn trong {minutes} phút. Nếu không phải bạn nhập sai, hãy báo quản trị "
    "hệ thống."
)


def pair_failures(username: str | None, ip_address: str | None) -> int:
    from axes.models import AccessAttempt

    if not username:
        return 0
    total = AccessAttempt.objects.filter(username=username, ip_address=ip_address).aggregate(
        total=Sum("failures_since_start")
    )["total"]
    return total or 0


def lock_seconds(failures: int) -> int:
    base = settings.LOGIN_LOCKOUT_SECONDS
    extra = min(max(0, failures - settings.LOGIN_MAX_FAILURES), 32)
    return min(base * 2**extra, max(base, settings.LOGIN_LOCKOUT_MAX_SECONDS))


def cool_off(request) -> timedelta:
    """AXES_COOLOFF_TIME: how long this request's (username, address) pair stays counted
    (and, past the limit, locked), growing with its failures."""
    base = timedelta(seconds=settings.LOGIN_LOCKOUT_SECONDS)
    if request is None or request.method != "POST":
        return base
    from axes.helpers import get_client_username

    username = get_client_username(request)
    ip_address = getattr(request, "axes_ip_address", None)
    return timedelta(seconds=lock_seconds(pair_failures(username, ip_address)))


def lockout_message(request) -> str:
    minutes = max(1, -(-int(cool_off(request).total_seconds()) // 60))
    return LOCKOUT_MESSAGE.format(minutes=minutes)


def lockout_response(request, original_response=None, credentials=None):
    """AXES_LOCKOUT_CALLABLE: the login page again, with the reason in Vietnamese."""
    from ocop.accounts.forms import LoginForm

    form = LoginForm(request, data=request.POST)
    # Not validated again (that would authenticate again); the password is never re-rendered.
    form._errors = ErrorDict()
    form._errors[NON_FIELD_ERRORS] = form.error_class([lockout_message(request)])
    return render(
        request,
        "accounts/login.html",
        {"form": form, "next": request.POST.get("next", ""), "locked_out": True},
        status=200,
    )


def failure_limit(request, credentials) -> int:
    """AXES_FAILURE_LIMIT, read when used so that tests and deployments can change it."""
    return settings.LOGIN_MAX_FAILURES
