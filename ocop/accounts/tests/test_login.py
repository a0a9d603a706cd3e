import pytest
from django.urls import reverse

from ocop.accounts.demo import DEMO_ACCOUNTS
from ocop.core.demo import DEMO_PASSWORD

# Every demo account logging in (with the second factor where required) is tested in
# ocop/signin/tests/test_two_factor.py, which may use the two-factor app.


@pytest.mark.django_db
def test_it_explains_a_wrong_password_in_vietnamese(client, demo):
    response = client.post(reverse("accounts:login"), {"username": "tinh", "password": "sai"})
    assert response.status_code == 200
    assert "Tên đăng nhập hoặc mật khẩu không đúng" in response.content.decode()


@pytest.mark.django_db
def test_it_throttles_repeated_failures_even_with_the_right_password(client, demo, settings):
    settings.LOGIN_MAX_FAILURES = 3
    for _ in range(3):
        client.post(reverse("accounts:login"), {"username": "tinh", "password": "sai"})
    response = client.post(reverse("accounts:login"), {"username": "tinh", "password": DEMO_PASSWORD})
    assert response.status_code == 200
    assert "đăng nhập sai quá nhiều lần" in response.content.decode()
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_it_forgets_failures_after_a_successful_login(client, demo, settings):
    settings.LOGIN_MAX_FAILURES = 3
    for _ in range(2):
        client.post(reverse("accounts:login"), {"username": "tinh", "password": "sai"})
    assert client.post(reverse("accounts:login"), {"username": "tinh", "password": DEMO_PASSWORD}).status_code == 302
    client.post(reverse("accounts:logout"))
    for _ in range(2):
        client.post(reverse("accounts:login"), {"username": "tinh", "password": "sai"})
    assert client.post(reverse("accounts:login"), {"username": "tinh", "password": DEMO_PASSWORD}).status_code == 302


@pytest.mark.django_db
def test_it_logs_out_with_a_post(client_for):
    client = client_for("tinh")
    assert client.post(reverse("accounts:logout")).status_code == 302
    assert client.get(reverse("core:home")).status_code == 302


@pytest.mark.django_db
def test_it_changes_the_password(client_for, client):
    client = client_for("chuthe1")
    response = client.post(
        reverse("accounts:password_change"),
        {"old_password": DEMO_PASSWORD, "new_password1": "Ca-phe-Dak-Koi-2026", "new_password2": "Ca-phe-Dak-Koi-2026"},
    )
    assert response.status_code == 302
    client.post(reverse("accounts:logout"))
    response = client.post(reverse("accounts:login"), {"username": "chuthe1", "password": "Ca-phe-Dak-Koi-2026"})
    assert response.status_code == 302 and "_auth_user_id" in client.session


@pytest.mark.django_db
def test_it_shows_password_rules_in_vietnamese(client_for):
    response = client_for("chuthe1").post(
        reverse("accounts:password_change"),
        {"old_password": DEMO_PASSWORD, "new_password1": "123", "new_password2": "123"},
    )
    assert response.status_code == 200
    assert "Mật khẩu này quá ngắn" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("username", [a.username for a in DEMO_ACCOUNTS if a.username != "admin"])
def test_it_keeps_everyone_but_system_admins_out_of_the_django_admin(client_for, username):
    response = client_for(username).get(reverse("admin:index"))
    assert response.status_code == 302
    assert "login" in response["Location"]


@pytest.mark.django_db
def test_it_lets_the_system_admin_into_the_django_admin(client_for):
    assert client_for("admin").get(reverse("admin:index")).status_code == 200
    assert client_for("admin").get(reverse("admin:producers_producer_changelist")).status_code == 200


@pytest.mark.django_db
def test_it_renders_the_login_page_in_vietnamese(client):
    html = client.get(reverse("accounts:login")).content.decode()
    assert 'lang="vi"' in html
    assert "Tên đăng nhập" in html and "Mật khẩu" in html and "Đăng nhập" in html
