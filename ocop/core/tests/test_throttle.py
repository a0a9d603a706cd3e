"""Per-client limits on the open API, search and exports: 429 with Retry-After, in Vietnamese."""

import json
import subprocess
import sys

import pytest
from django.conf import settings as django_settings
from django.core.cache import cache

from ocop.core.throttle import classify, hit


@pytest.fixture
def throttled(settings, db):
    settings.OCOP_THROTTLE_ENABLED = True
    settings.OCOP_THROTTLE_RATES = {"api": "3/60", "search": "2/60", "export": "1/300"}
    cache.clear()
    yield settings
    cache.clear()


def test_it_answers_429_with_retry_after_past_the_api_limit(client, throttled):
    assert [client.get("/api/v1/").status_code for _ in range(3)] == [200, 200, 200]
    response = client.get("/api/v1/")
    assert response.status_code == 429
    assert 1 <= int(response["Retry-After"]) <= 60
    body = response.json()
    assert body["error"] == "too_many_requests" and body["retry_after"] == int(response["Retry-After"])
    assert "quá 3 lần trong 60 giây" in body["detail"] and "thử lại sau" in body["detail"]


def test_it_counts_each_client_apart(client, throttled):
    for _ in range(3):
        client.get("/api/v1/", REMOTE_ADDR="203.0.113.5")
    assert client.get("/api/v1/", REMOTE_ADDR="203.0.113.5").status_code == 429
    assert client.get("/api/v1/", REMOTE_ADDR="203.0.113.6").status_code == 200


def test_it_shows_a_vietnamese_page_when_search_is_throttled(client, throttled):
    assert client.get("/ocop/", {"q": "cà phê"}).status_code == 200
    assert client.get("/ocop/", {"q": "mật ong"}).status_code == 200
    assert client.get("/ocop/").status_code == 200  # browsing without a search is not counted
    response = client.get("/ocop/", {"q": "măng"})
    html = response.content.decode()
    assert response.status_code == 429 and response["Retry-After"]
    assert '<html lang="vi">' in html and "Quá nhiều yêu cầu" in html
    assert "Bạn đã tìm kiếm quá 2 lần trong 60 giây" in html


def test_exports_have_their_own_tighter_limit(client, throttled):
    assert client.get("/api/v1/products.csv").status_code == 200
    response = client.get("/api/v1/products.csv")
    assert response.status_code == 429 and 1 <= int(response["Retry-After"]) <= 300
    assert "xuất tệp quá 1 lần trong 300 giây" in response.json()["detail"]
    assert client.get("/api/v1/").status_code == 200  # the API budget is separate


def test_it_counts_a_signed_in_officer_by_account_not_by_address(client, throttled, django_user_model):
    officer = django_user_model.objects.create_user("can.bo.xuat", password="x")
    client.force_login(officer)
    for address in ("198.51.100.1", "198.51.100.2", "198.51.100.3"):
        client.get("/api/v1/", REMOTE_ADDR=address)
    assert client.get("/api/v1/", REMOTE_ADDR="198.51.100.4").status_code == 429


def test_it_believes_x_forwarded_for_from_a_trusted_proxy_only(client, throttled):
    throttled.OCOP_TRUSTED_PROXIES = ["127.0.0.1"]
    behind = {"REMOTE_ADDR": "127.0.0.1"}
    for _ in range(3):
        client.get("/api/v1/", HTTP_X_FORWARDED_FOR="203.0.113.7", **behind)
    assert client.get("/api/v1/", HTTP_X_FORWARDED_FOR="203.0.113.7", **behind).status_code == 429
    # Another visitor behind the same proxy is not blocked by the first one.
    assert client.get("/api/v1/", HTTP_X_FORWARDED_FOR="203.0.113.8", **behind).status_code == 200
    # A client that is not the proxy cannot dodge its limit by inventing the header.
    for _ in range(3):
        client.get("/api/v1/", HTTP_X_FORWARDED_FOR="10.9.9.9", REMOTE_ADDR="192.0.2.50")
    assert client.get("/api/v1/", HTTP_X_FORWARDED_FOR="10.9.9.10", REMOTE_ADDR="192.0.2.50").status_code == 429
    # Spoofed left-most entries do not count: the proxy appends the real peer last.
    assert client.get("/api/v1/", HTTP_X_FORWARDED_FOR="203.0.113.8, 203.0.113.7", **behind).status_code == 429


def test_it_classifies_api_search_and_exports(rf):
    assert classify(rf.get("/api/v1/products")) == "api"
    assert classify(rf.get("/api/v1/producers.xlsx")) == "export"
    assert classify(rf.get("/giay-chung-nhan/", {"xuat": "xlsx"})) == "export"
    assert classify(rf.get("/chu-the/", {"q": "hợp tác xã"})) == "search"
    assert classify(rf.get("/chu-the/", {"q": "  "})) is None
    assert classify(rf.get("/ocop/san-pham/ABC/")) is None


def test_the_counts_are_shared_by_every_process_using_the_cache(settings, tmp_path):
    # Two server processes (or nodes) share the default cache: requests counted by another
    # process count here too. A file cache here; Redis does the same across machines.
    settings.CACHES = {**settings.CACHES, "default": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache", "LOCATION": str(tmp_path)}}
    probe = (
        "import django, json; django.setup();"
        "from ocop.core.throttle import hit;"
        "print(json.dumps([hit('api', 'a203.0.113.9', limit=3, period=3600, now=1000.0) for _ in range(3)]))"
    )
    env = {"DJANGO_SETTINGS_MODULE": "ocop.settings", "PATH": "", "OCOP_CACHE_DIR": str(tmp_path)}
    result = subprocess.run([sys.executable, "-c", probe], env=env, cwd=django_settings.BASE_DIR,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout.strip().splitlines()[-1]) == [0, 0, 0]
    # This process (the settings fixture switched its cache to the same folder) sees them.
    assert hit("api", "a203.0.113.9", limit=3, period=3600, now=1000.0) == 2600
