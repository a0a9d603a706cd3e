"""Account actions: login throttling and role assignment."""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from ocop.accounts.models import ROLE_SCOPE, LoginFailure, RoleAssignment, User

THROTTLE_MESSAGE = (
    "Bạn đã đăng nhập sai quá nhiều lần. Vì an toàn, vui lòng thử lại sau {minutes} phút."
)


def login_is_throttled(*, username: str, ip_address: str | None) -> bool:
    since = timezone.now() - timedelta(seconds=settings.LOGIN_FAILURE_WINDOW_SECONDS)
    condition = Q(username__iexact=username)
    if ip_address:
        condition |= Q(ip_address=ip_address)
    failures = LoginFailure.objects.filter(condition, attempted_at__gte=since).count()
    return failures >= settings.LOGIN_MAX_FAILURES


def throttle_message() -> str:
    return THROTTLE_MESSAGE.format(minutes=max(1, settings.LOGIN_FAILURE_WINDOW_SECONDS // 60))


def login_failure_record(*, username: str, ip_address: str | None) -> None:
    LoginFailure.objects.create(username=username[:150], ip_address=ip_address)


def login_success_record(*, username: str) -> None:
    LoginFailure.objects.filter(username__iexact=username).delete()


@transaction.atomic
def role_assign(
    *, actor: User | None, user: User, role: str, unit=None, agency=None, producer=None
) -> RoleAssignment:
    """Give `user` a role with the scope that role needs (see ROLE_SCOPE)."""
    needed = ROLE_SCOPE[role]
    given = {"unit": unit, "agency": agency, "producer": producer}
    if needed and given[needed] is None:
        labels = {"unit": "địa bàn", "agency": "cơ quan", "producer": "chủ thể"}
        raise ValidationError({needed: f"Vai trò này cần chọn {labels[needed]}."})
    assignment = RoleAssignment(user=user, role=role, **{k: v for k, v in given.items() if k == needed})
    assignment.full_clean()
    assignment.save()
    if role == "admin" and not (user.is_staff and user.is_superuser):
        user.is_staff = user.is_superuser = True
        user.save(update_fields=["is_staff", "is_superuser"])
    return assignment
