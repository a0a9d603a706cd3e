"""Two-factor authentication: compulsory for province, council and admin accounts, optional
for the others, recovery codes used once, the demo accounts' published keys."""

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from ocop.accounts.demo import DEMO_ACCOUNTS
from ocop.accounts.models import Role, User
from ocop.accounts.services import role_assign
from ocop.core.demo import DEMO_PASSWORD
from ocop.signin.demo import unused_code
from ocop.signin.models import LoginEvent, LoginEventKind
from ocop.signin.policy import TWO_FACTOR_ROLES

PASSWORD = "Mat-khau-dung-2026"


def later(**delta):
    return time_machine.travel(timezone.now() + timedelta(**delta), tick=False)


def password_login(client, username, password=PASSWORD):
    response = client.post(reverse("accounts:login"), {"username": username, "password": password})
    assert response.status_code == 302, response.content.decode()[:500]
    return response


def enter_code(client, code, url="signin:verify"):
    return client.post(reverse(url), {"token": code, "next": reverse("core:home")})


@pytest.fixture
def officer(db, demo):
    """A province officer without an authenticator yet."""
    user = User.objects.create_user(username="tinh2", password=PASSWORD)
    role_assign(actor=None, user=user, role=Role.PROVINCE_OFFICE, unit=demo["users"]["tinh"].roles.get().unit)
    return user


def set_up_authenticator(client) -> tuple[TOTPDevice, list[str]]:
    assert client.get(reverse("signin:setup")).status_code == 200
    device = TOTPDevice.objects.get(user_id=client.session["_auth_user_id"], confirmed=False)
    response = enter_code(client, unused_code(device), "signin:setup")
    assert response.status_code == 200
    codes = response.context["codes"]
    return TOTPDevice.objects.get(pk=device.pk), codes


@pytest.mark.django_db
@pytest.mark.parametrize("username", [account.username for account in DEMO_ACCOUNTS])
def test_it_lets_every_demo_account_log_in(client, demo, username):
    response = client.post(reverse("accounts:login"), {"username": username, "password": DEMO_PASSWORD})
    assert response.status_code == 302, response.content.decode()[:500]
    account = next(a for a in DEMO_ACCOUNTS if a.username == username)
    if account.role in TWO_FACTOR_ROLES:
        # The demo's published authenticator key (ocop/signin/demo.py) gives the code.
        assert client.get(reverse("core:home")).status_code == 302
        device = TOTPDevice.objects.get(user__username=username)
        assert enter_code(client, unused_code(device)).status_code == 302
    assert client.get(reverse("core:home")).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("username", ["tinh", "hoidong1", "hoidong2", "admin"])
def test_it_requires_a_code_from_province_council_and_admin_accounts(client, demo, username):
    password_login(client, username, DEMO_PASSWORD)
    response = client.get(reverse("producers:list"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("signin:verify"))
    assert enter_code(client, "000000").status_code == 200
    assert client.get(reverse("producers:list")).status_code == 302
    assert LoginEvent.objects.filter(username=username, kind=LoginEventKind.OTP_FAILURE).count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize("username", ["xa.dakkoi", "chuthe1", "nganh.congthuong", "tuvan1"])
def test_it_leaves_two_factor_optional_for_other_accounts(client, demo, username):
    password_login(client, username, DEMO_PASSWORD)
    assert client.get(reverse("core:home")).status_code == 200
    assert "Chưa bật" in client.get(reverse("signin:manage")).content.decode()


@pytest.mark.django_db
def test_it_makes_a_new_province_officer_set_up_an_authenticator(client, officer):
    password_login(client, "tinh2")
    response = client.get(reverse("core:home"))
    assert response["Location"].startswith(reverse("signin:setup"))
    html = client.get(reverse("signin:setup")).content.decode()
    assert "Cài đặt xác thực hai lớp" in html and "<svg" in html and "bắt buộc" in html
    device, codes = set_up_authenticator(client)
    assert device.confirmed and len(codes) == 10
    assert client.get(reverse("core:home")).status_code == 200
    # Next time: the password, then a code.
    client.post(reverse("accounts:logout"))
    password_login(client, "tinh2")
    assert client.get(reverse("core:home"))["Location"].startswith(reverse("signin:verify"))
    assert enter_code(client, unused_code(device)).status_code == 302
    assert client.get(reverse("core:home")).status_code == 200


@pytest.mark.django_db
def test_it_refuses_a_wrong_code_when_setting_up(client, officer):
    password_login(client, "tinh2")
    client.get(reverse("signin:setup"))
    response = enter_code(client, "123456", "signin:setup")
    assert "Mã xác thực không đúng" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=officer, confirmed=True).exists()


@pytest.mark.django_db
def test_it_uses_a_recovery_code_once(client, officer):
    password_login(client, "tinh2")
    _device, codes = set_up_authenticator(client)
    for expected in (302, 200):
        client.post(reverse("accounts:logout"))
        password_login(client, "tinh2")
        response = enter_code(client, codes[0].upper())
        assert response.status_code == expected
    assert "Mã không đúng" in response.content.decode()
    with later(seconds=5):  # after a wrong code django-otp waits before the next try
        assert enter_code(client, codes[1]).status_code == 302


@pytest.mark.django_db
def test_it_replaces_recovery_codes(client, officer):
    password_login(client, "tinh2")
    _device, old = set_up_authenticator(client)
    new = client.post(reverse("signin:recovery_codes")).context["codes"]
    assert not set(old) & set(new)
    client.post(reverse("accounts:logout"))
    password_login(client, "tinh2")
    assert enter_code(client, old[0]).status_code == 200
    with later(seconds=5):  # after a wrong code django-otp waits before the next try
        assert enter_code(client, new[0]).status_code == 302


@pytest.mark.django_db
def test_it_never_lets_a_password_alone_replace_the_authenticator(client, demo):
    password_login(client, "tinh", DEMO_PASSWORD)
    response = client.get(reverse("signin:setup"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("signin:verify"))
    assert not TOTPDevice.objects.filter(user__username="tinh", confirmed=False).exists()


@pytest.mark.django_db
def test_it_lets_an_optional_user_turn_two_factor_on_and_off(client, demo):
    password_login(client, "chuthe1", DEMO_PASSWORD)
    device, _codes = set_up_authenticator(client)
    client.post(reverse("accounts:logout"))
    password_login(client, "chuthe1", DEMO_PASSWORD)
    assert client.get(reverse("core:home")).status_code == 302  # now a code is needed
    assert enter_code(client, unused_code(device)).status_code == 302
    client.post(reverse("signin:disable"))
    assert not TOTPDevice.objects.filter(user__username="chuthe1").exists()
    client.post(reverse("accounts:logout"))
    password_login(client, "chuthe1", DEMO_PASSWORD)
    assert client.get(reverse("core:home")).status_code == 200


@pytest.mark.django_db
def test_it_does_not_let_a_province_officer_turn_two_factor_off(client, demo):
    password_login(client, "tinh", DEMO_PASSWORD)
    enter_code(client, unused_code(TOTPDevice.objects.get(user__username="tinh")))
    response = client.post(reverse("signin:disable"), follow=True)
    assert "bắt buộc xác thực hai lớp" in response.content.decode()
    assert TOTPDevice.objects.filter(user__username="tinh", confirmed=True).exists()


@pytest.mark.django_db
def test_it_can_be_switched_off_for_a_local_demo(client, demo, settings):
    settings.OCOP_TWO_FACTOR_REQUIRED = False
    password_login(client, "hoidong1", DEMO_PASSWORD)
    # The demo device exists, so the user who has one is still asked; a required-role
    # account without one is not.
    assert client.get(reverse("core:home")).status_code == 302
    TOTPDevice.objects.filter(user__username="hoidong1").delete()
    client.post(reverse("accounts:logout"))
    password_login(client, "hoidong1", DEMO_PASSWORD)
    assert client.get(reverse("core:home")).status_code == 200


@pytest.mark.django_db
def test_it_prints_the_demo_code(demo):
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("ocop_demo_otp_code", "tinh", stdout=out)
    device = TOTPDevice.objects.get(user__username="tinh")
    assert out.getvalue().strip() == unused_code(device)


@pytest.mark.django_db
def test_it_gives_the_session_a_new_key_once_the_code_is_entered(client, demo):
    password_login(client, "tinh", DEMO_PASSWORD)
    before = client.session.session_key
    assert enter_code(client, unused_code(TOTPDevice.objects.get(user__username="tinh"))).status_code == 302
    assert client.session.session_key != before
    assert client.get(reverse("core:home")).status_code == 200
