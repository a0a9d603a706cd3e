"""Who must use two-factor authentication, and what the session remembers about it.

Province officers, council members and administrators decide on certifications and hold
the whole province's data, so a stolen password alone must not open their accounts: they
must verify a one-time code (TOTP) after the password. Everyone else may turn it on.
`OCOP_TWO_FACTOR_REQUIRED` (on unless switched off) lets a local demo run without it.
"""

from django.conf import settings

from ocop.accounts.models import Role
from ocop.accounts.scopes import user_scope

TWO_FACTOR_ROLES = frozenset({Role.ADMIN, Role.PROVINCE_OFFICE, Role.COUNCIL_CHAIR, Role.COUNCIL_MEMBER})

# Session keys. django-otp's own key (django_otp.DEVICE_ID_SESSION_KEY) marks a verified
# session; ours records, at login, whether this session must be verified at all, so that
# the middleware needs no query on each request.
OTP_NEEDED_SESSION_KEY = "signin_otp_needed"


def two_factor_required(user) -> bool:
    """The user's role makes the second factor compulsory."""
    if not getattr(settings, "OCOP_TWO_FACTOR_REQUIRED", True):
        return False
    scope = user_scope(user)
    return bool(user.is_superuser or scope.is_admin or TWO_FACTOR_ROLES & scope.roles)


def has_two_factor(user) -> bool:
    from django_otp.plugins.otp_totp.models import TOTPDevice

    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def otp_needed(user) -> bool:
    """This user's logins need a second factor: compulsory for the role, or chosen."""
    return two_factor_required(user) or has_two_factor(user)
