"""A test client signed in as a user who finished the whole login, second factor included."""

from __future__ import annotations


def mark_second_factor_passed(client, user) -> None:
    """After `client.force_login(user)`: when the session owes the second factor (ocop/signin),
    mark it verified with the user's authenticator (one is created if they have none)."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from ocop.signin.policy import OTP_NEEDED_SESSION_KEY

    session = client.session
    if session.get(OTP_NEEDED_SESSION_KEY):
        device = TOTPDevice.objects.filter(user=user, confirmed=True).first() or TOTPDevice.objects.create(
            user=user, name="Kiểm thử", confirmed=True
        )
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
