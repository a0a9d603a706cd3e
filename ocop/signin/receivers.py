"""Login signals → the login history and lockout notices.

Connected after django-axes' own receivers (axes comes first in INSTALLED_APPS), so when
`user_login_failed` reaches us axes has already counted the failure and marked the request
(`axes_locked_out`, `axes_failures_since_start`).
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from ocop.signin import services
from ocop.signin.models import LoginEventKind


@receiver(user_logged_in, dispatch_uid="signin_logged_in")
def on_logged_in(sender, request, user, **kwargs):
    if request is None:
        return
    services.session_mark_login(request=request, user=user)
    services.login_event_record(request=request, kind=LoginEventKind.SUCCESS, user=user)


@receiver(user_login_failed, dispatch_uid="signin_login_failed")
def on_login_failed(sender, credentials, request=None, **kwargs):
    if request is None:
        return
    username = (credentials or {}).get("username") or ""
    user = get_user_model().objects.filter(username=username).first() if username else None
    locked = bool(getattr(request, "axes_locked_out", False))
    services.login_event_record(
        request=request,
        kind=LoginEventKind.LOCKOUT if locked else LoginEventKind.FAILURE,
        user=user,
        username=username,
    )
    # The attempt that reaches the limit starts the lock: notify once, not on every attempt
    # made while locked (those only lengthen it).
    if locked and getattr(request, "axes_failures_since_start", 0) == settings.LOGIN_MAX_FAILURES:
        services.lockout_notify(request=request, username=username)


@receiver(user_logged_out, dispatch_uid="signin_logged_out")
def on_logged_out(sender, request, user, **kwargs):
    if request is None or user is None:
        return
    services.login_event_record(request=request, kind=LoginEventKind.LOGOUT, user=user)
