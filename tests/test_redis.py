"""Cache and sessions in Redis when REDIS_URL is set: a redis-server started here (skipped
when the Debian package is not installed)."""

import os
import shutil
import socket
import subprocess
import sys
import time

import pytest
from django.urls import reverse

REDIS = shutil.which("redis-server")
pytestmark = pytest.mark.skipif(REDIS is None, reason="redis-server is not installed (apt-get install redis-server)")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def redis_url(tmp_path_factory):
    port = _free_port()
    folder = tmp_path_factory.mktemp("redis")
    process = subprocess.Popen(
        [REDIS, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", str(folder)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    import redis

    client = redis.Redis(host="127.0.0.1", port=port)
    for _ in range(100):
        try:
            client.ping()
            break
        except redis.ConnectionError:
            time.sleep(0.05)
    yield f"redis://127.0.0.1:{port}/0"
    process.terminate()
    process.wait(10)


def test_settings_use_redis_for_cache_and_sessions_only_when_redis_url_is_set(redis_url):
    code = (
        "import django, os; os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'ocop.settings'); django.setup();"
        "from django.conf import settings; from django.core.cache import caches;"
        "caches['default'].set('k', 'giá trị'); print(settings.SESSION_ENGINE, caches['default'].get('k'),"
        " type(caches['default']).__name__)"
    )
    env = {k: v for k, v in os.environ.items() if k != "REDIS_URL"}
    local = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    assert local.stdout.split() == ["django.contrib.sessions.backends.db", "giá", "trị", "FileBasedCache"]
    shared = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env={**env, "REDIS_URL": redis_url}, check=True,
    )
    assert shared.stdout.split() == ["django.contrib.sessions.backends.cache", "giá", "trị", "RedisCache"]


@pytest.mark.django_db
def test_a_login_made_on_one_node_is_known_to_another(redis_url, settings, client, django_user_model):
    import redis
    from django.core.cache import caches
    from django.test import Client

    backend = {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": redis_url}
    settings.CACHES = {**settings.CACHES, "default": {**backend, "KEY_PREFIX": "ocop"},
                       "sessions": {**backend, "KEY_PREFIX": "ocop-session"}}
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cache"
    settings.SESSION_CACHE_ALIAS = "sessions"
    django_user_model.objects.create_user(username="canbo.redis", password="Mat-khau-dai-123")
    assert client.post(reverse("accounts:login"), {"username": "canbo.redis", "password": "Mat-khau-dai-123"}).status_code == 302
    session_key = client.cookies[settings.SESSION_COOKIE_NAME].value
    keys = [key.decode() for key in redis.Redis.from_url(redis_url).keys("ocop-session*")]
    assert any(session_key in key for key in keys)
    # "Another node": a fresh client with the same cookie, nothing shared but Redis.
    other = Client()
    other.cookies[settings.SESSION_COOKIE_NAME] = session_key
    assert other.get(reverse("core:home")).wsgi_request.user.username == "canbo.redis"
    # The public cache's version key is shared too.
    caches["default"].set("ocop:catalogue:version", 7)
    assert redis.Redis.from_url(redis_url).exists(":1:".join(["ocop", "ocop:catalogue:version"]))
