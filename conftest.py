"""Shared fixtures: the demo scenario's users per role, and a fast password hasher.

Territory and the product classification are loaded by migrations, so every test database
already holds them; `demo` adds the Kon Rẫy sample producers, products and accounts.
"""

import pytest
from django.conf import settings


def pytest_configure(config):
    # Hashing demo passwords with PBKDF2 costs seconds per test; tests need no strength.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Each test process keeps its own cache: parallel workers have different databases and
    # must never serve each other's cached pages.
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}


@pytest.fixture
def demo(db):
    """The Kon Rẫy demo scenario: returns {"producers": {...}, "users": {...}}."""
    from ocop.accounts.models import User
    from ocop.core.demo import DEMO_ACCOUNTS, load_demo

    context = load_demo()
    context["users"] = {
        user.username: user
        for user in User.objects.filter(username__in=[a.username for a in DEMO_ACCOUNTS])
    }
    return context


@pytest.fixture
def users(demo):
    return demo["users"]


@pytest.fixture
def client_for(client, users):
    """client_for("xa.dakkoi") → the test client logged in as that demo user."""

    def login(username):
        client.force_login(users[username])
        return client

    return login


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    """Uploaded files of a test go to its own temporary folder."""
    settings.MEDIA_ROOT = tmp_path / "media"
