"""Login lockout (django-axes per username–address pair), client addresses behind proxies,
the login history and lockout notices."""

from datetime import timedelta

import pytest
import time_machine
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from ocop.accounts.models import Role, User
from ocop.accounts.services import role_assign
from ocop.core.requests import client_ip
from ocop.notifications.models import Notification
from ocop.signin.models import LoginEvent, LoginEventKind

PASSWORD = "Mat-khau-dung-2026"
ATTACKER = "203.0.113.66"
OFFICE = "198.51.100.10"


@pytest.fixture
def people(db):
    alice = User.objects.create_user(username="alice", password=PASSWORD, full_name="Alice")
    bob = User.objects.create_user(username="bob", password=PASSWORD, full_name="Bob")
    admin = User.objects.create_user(username="quantri", password=PASSWORD)
    role_assign(actor=None, user=admin, role=Role.ADMIN)
    return {"alice": alice, "bob": bob, "admin": admin}


def attempt(client, username, password, address, **extra):
    return client.post(
        reverse("accounts:login"), {"username": username, "password": password}, REMOTE_ADDR=address, **extra
    )


def logs_in(client, username, address, **extra) -> bool:
    client.logout()
    response = attempt(client, username, PASSWORD, address, **extra)
    return response.status_code == 302 and "_auth_user_id" in client.session


@pytest.mark.django_db
def test_it_locks_only_the_attackers_pair_after_30_wrong_passwords(client, people):
    for _ in range(30):
        response = attempt(client, "alice", "doan-mo", ATTACKER)
        assert "_auth_user_id" not in client.session
    # The lock works against the attacker: even the right password is refused from there.
    response = attempt(client, "alice", PASSWORD, ATTACKER)
    assert response.status_code == 200
    assert "đăng nhập sai quá nhiều lần" in response.content.decode()
    assert "_auth_user_id" not in client.session
    # Nobody else is locked: another user from the attacker's address, alice from her office.
    assert logs_in(client, "bob", ATTACKER)
    assert logs_in(client, "alice", OFFICE)
    # And still the attacker's pair stays locked.
    assert not logs_in(client, "alice", ATTACKER)


@pytest.mark.django_db
def test_it_lets_a_mistyping_user_in_after_the_short_lock(client, people, settings):
    settings.LOGIN_MAX_FAILURES = 5
    settings.LOGIN_LOCKOUT_SECONDS = 900
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        for _ in range(5):
            response = attempt(client, "alice", "sai", OFFICE)
        assert "đăng nhập sai quá nhiều lần" in response.content.decode()
    # Waiting out the lock without trying again is enough.
    with time_machine.travel(start + timedelta(minutes=16), tick=False):
        assert logs_in(client, "alice", OFFICE)


@pytest.mark.django_db
def test_it_backs_off_an_attacker_who_keeps_trying(client, people, settings):
    settings.LOGIN_MAX_FAILURES = 5
    settings.LOGIN_LOCKOUT_SECONDS = 900
    settings.LOGIN_LOCKOUT_MAX_SECONDS = 86400
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        for _ in range(30):
            attempt(client, "alice", "sai", ATTACKER)
    # 25 attempts past the limit: the lock doubled up to the one-day ceiling, and each
    # attempt while locked starts it again.
    with time_machine.travel(start + timedelta(hours=6), tick=False):
        assert not logs_in(client, "alice", ATTACKER)
    with time_machine.travel(start + timedelta(hours=29), tick=False):
        assert not logs_in(client, "alice", ATTACKER)
    with time_machine.travel(start + timedelta(hours=53, minutes=1), tick=False):
        assert logs_in(client, "alice", ATTACKER)


@pytest.mark.django_db
def test_it_shows_the_lock_in_vietnamese_with_the_wait(client, people, settings):
    settings.LOGIN_MAX_FAILURES = 3
    for _ in range(3):
        response = attempt(client, "alice", "sai", ATTACKER)
    html = response.content.decode()
    assert "Bạn đã đăng nhập sai quá nhiều lần" in html
    assert "15 phút" in html
    assert 'value="alice"' in html and "sai" not in html.split('name="password"')[1][:80]


@pytest.mark.django_db
def test_it_notifies_the_owner_and_the_admin_once_per_lock(client, people, settings):
    settings.LOGIN_MAX_FAILURES = 5
    for _ in range(12):
        attempt(client, "alice", "sai", ATTACKER)
    owner = Notification.objects.filter(recipient=people["alice"])
    admin = Notification.objects.filter(recipient=people["admin"])
    assert owner.count() == 1 and admin.count() == 1
    assert ATTACKER in owner.get().body and "tạm khóa" in owner.get().title
    assert "alice" in admin.get().title and ATTACKER in admin.get().title
    assert Notification.objects.filter(recipient=people["bob"]).count() == 0


@pytest.mark.django_db
def test_it_emails_the_lockout_notice_when_email_is_configured(client, people, settings, mailoutbox):
    settings.OCOP_EMAIL_NOTIFICATIONS = True
    settings.LOGIN_MAX_FAILURES = 3
    people["admin"].email = "quantri@example.gov.vn"
    people["admin"].save()
    with pytest.MonkeyPatch.context() as patch:
        from django.db import transaction

        patch.setattr(transaction, "on_commit", lambda func, *a, **k: func())
        for _ in range(3):
            attempt(client, "alice", "sai", ATTACKER)
    assert [message.to for message in mailoutbox] == [["quantri@example.gov.vn"]]
    assert "Tạm khóa đăng nhập" in mailoutbox[0].subject


@pytest.mark.django_db
def test_it_records_every_kind_of_event_with_address_and_browser(client, people, settings):
    settings.LOGIN_MAX_FAILURES = 2
    attempt(client, "alice", "sai", ATTACKER, HTTP_USER_AGENT="Bot/1.0")
    attempt(client, "alice", "sai", ATTACKER, HTTP_USER_AGENT="Bot/1.0")
    attempt(client, "khong-ai", "sai", ATTACKER)
    assert logs_in(client, "alice", OFFICE, HTTP_USER_AGENT="Firefox/140")
    client.post(reverse("accounts:logout"), REMOTE_ADDR=OFFICE)
    events = list(LoginEvent.objects.order_by("id").values_list("username", "kind", "ip_address", "user_agent"))
    assert events == [
        ("alice", LoginEventKind.FAILURE, ATTACKER, "Bot/1.0"),
        ("alice", LoginEventKind.LOCKOUT, ATTACKER, "Bot/1.0"),
        ("khong-ai", LoginEventKind.FAILURE, ATTACKER, ""),
        ("alice", LoginEventKind.SUCCESS, OFFICE, "Firefox/140"),
        ("alice", LoginEventKind.LOGOUT, OFFICE, ""),
    ]
    assert LoginEvent.objects.filter(username="alice").exclude(user=people["alice"]).count() == 0


@pytest.mark.django_db
def test_it_shows_each_user_only_their_own_history(client, people):
    attempt(client, "bob", "sai", ATTACKER)
    assert logs_in(client, "alice", OFFICE)
    html = client.get(reverse("signin:history")).content.decode()
    assert OFFICE in html and ATTACKER not in html
    assert client.get(reverse("signin:history_all")).status_code == 403


@pytest.mark.django_db
def test_it_shows_the_admin_everyones_history(client, people):
    attempt(client, "bob", "sai", ATTACKER)
    attempt(client, "nobody", "sai", ATTACKER)
    client.force_login(people["admin"])
    html = client.get(reverse("signin:history_all")).content.decode()
    assert "bob" in html and "nobody" in html and ATTACKER in html
    filtered = client.get(reverse("signin:history_all"), {"q": "nobody"}).content.decode()
    assert "nobody" in filtered and ">bob<" not in filtered


@pytest.mark.django_db
def test_it_needs_a_login_for_the_history(client):
    response = client.get(reverse("signin:history"))
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]


@pytest.mark.django_db
def test_it_reads_the_history_in_a_fixed_number_of_queries(client, people, django_assert_max_num_queries):
    client.force_login(people["admin"])
    for index in range(40):
        attempt(client.__class__(), f"user{index}", "sai", ATTACKER)
    with django_assert_max_num_queries(8):
        assert client.get(reverse("signin:history_all")).status_code == 200


# --- Client addresses behind proxies ---------------------------------------------------


def request_from(remote, forwarded=None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


def test_it_ignores_forwarded_for_without_trusted_proxies(settings):
    settings.OCOP_TRUSTED_PROXIES = []
    assert client_ip(request_from("198.51.100.7", "1.2.3.4")) == "198.51.100.7"


def test_it_ignores_forwarded_for_from_an_untrusted_peer(settings):
    settings.OCOP_TRUSTED_PROXIES = ["10.0.0.1"]
    assert client_ip(request_from("198.51.100.7", "1.2.3.4")) == "198.51.100.7"


def test_it_takes_the_client_from_a_trusted_proxy(settings):
    settings.OCOP_TRUSTED_PROXIES = ["10.0.0.0/24"]
    assert client_ip(request_from("10.0.0.1", "203.0.113.9")) == "203.0.113.9"


def test_it_never_believes_what_the_client_wrote_before_the_proxy(settings):
    # The client sent "X-Forwarded-For: 1.2.3.4"; nginx appended the real peer.
    settings.OCOP_TRUSTED_PROXIES = ["10.0.0.1"]
    assert client_ip(request_from("10.0.0.1", "1.2.3.4, 203.0.113.9")) == "203.0.113.9"


def test_it_walks_back_through_a_chain_of_trusted_proxies(settings):
    settings.OCOP_TRUSTED_PROXIES = ["10.0.0.1", "10.0.1.0/24"]
    assert client_ip(request_from("10.0.0.1", "1.2.3.4, 203.0.113.9, 10.0.1.5")) == "203.0.113.9"


def test_it_falls_back_to_the_proxy_when_the_header_is_garbage(settings):
    settings.OCOP_TRUSTED_PROXIES = ["10.0.0.1"]
    assert client_ip(request_from("10.0.0.1", "<script>")) == "10.0.0.1"
    assert client_ip(request_from("10.0.0.1", "")) == "10.0.0.1"


def test_it_reads_ipv6_and_ipv4_mapped_addresses(settings):
    settings.OCOP_TRUSTED_PROXIES = ["::1"]
    assert client_ip(request_from("::1", "2001:db8::5")) == "2001:db8::5"
    assert client_ip(request_from("::ffff:198.51.100.7")) == "198.51.100.7"


@pytest.mark.django_db
def test_it_locks_clients_behind_a_trusted_proxy_one_by_one(client, people, settings):
    """Behind the documented reverse proxy every request comes from the proxy's address:
    the lock must follow the real client, not the proxy."""
    settings.OCOP_TRUSTED_PROXIES = ["127.0.0.1"]
    for _ in range(10):
        attempt(client, "alice", "sai", "127.0.0.1", HTTP_X_FORWARDED_FOR=ATTACKER)
    assert not logs_in(client, "alice", "127.0.0.1", HTTP_X_FORWARDED_FOR=ATTACKER)
    assert logs_in(client, "alice", "127.0.0.1", HTTP_X_FORWARDED_FOR=OFFICE)
    assert LoginEvent.objects.filter(kind=LoginEventKind.LOCKOUT, ip_address=ATTACKER).exists()


@pytest.mark.django_db
def test_it_cannot_be_dodged_by_forging_forwarded_for(client, people, settings):
    settings.OCOP_TRUSTED_PROXIES = []
    for index in range(10):
        attempt(client, "alice", "sai", ATTACKER, HTTP_X_FORWARDED_FOR=f"192.0.2.{index}")
    assert not logs_in(client, "alice", ATTACKER, HTTP_X_FORWARDED_FOR="192.0.2.200")
