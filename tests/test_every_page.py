"""Every parameterless page, for every demo role and for an anonymous visitor, answers
without a server error, in Vietnamese. A safety net over the whole URL map: each app's own
tests check the details of what each role may see."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from ocop.accounts.demo import DEMO_ACCOUNTS

SKIP_PREFIXES = ("quan-tri/", "media/", "static/")


def parameterless_paths(resolver=None, prefix=""):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        route = str(entry.pattern)
        if isinstance(entry, URLResolver):
            if "<" in route or "(?P" in route:
                continue
            yield from parameterless_paths(entry, prefix + route)
        elif isinstance(entry, URLPattern):
            full = prefix + route
            if "<" in full or "(?P" in full or full.startswith(SKIP_PREFIXES):
                continue
            yield "/" + full.lstrip("^").rstrip("$")


PATHS = sorted(set(parameterless_paths()))


@pytest.mark.django_db
@pytest.mark.parametrize("username", [None] + [account.username for account in DEMO_ACCOUNTS])
def test_every_parameterless_page_answers_without_error(client, demo, username):
    if username:
        client.force_login(demo["users"][username])
    failures = []
    for path in PATHS:
        response = client.get(path)
        # 400: a file link called without its required choice (the QR label PDF with no
        # product chosen) says so plainly instead of answering a page.
        if response.status_code >= 500 or response.status_code not in (200, 301, 302, 400, 403, 404, 405):
            failures.append((path, response.status_code))
        elif response.status_code == 200 and response["Content-Type"].startswith("text/html"):
            if 'lang="vi"' not in response.content.decode():
                failures.append((path, "not Vietnamese"))
    assert not failures, failures
