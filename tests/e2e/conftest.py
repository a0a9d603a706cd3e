"""Browser harness: Playwright (sync API) driving Debian's Chromium against ``live_server``.

Fixtures
--------
``browser``     one headless Chromium for the whole test session (per xdist worker).
``page``        a fresh browser context and page per test, 1280x800, whose ``base_url`` is
                the live server, so ``page.goto("/healthz")`` works.
``phone_page``  the same at a phone size (375x812, touch, mobile user agent flag).
``login``       ``login(page, username, password)`` signs in through the real login form
                (and the two-factor page with the demo authenticator's code when asked).

Every test in this folder is marked ``browser`` automatically, so ``make test-fast``
(``-m "not browser"``) leaves them out.

Chromium
--------
The browser is Debian's ``chromium`` package (``/usr/bin/chromium``, or ``$CHROMIUM_PATH``);
Playwright never downloads a browser of its own here. Without it the tests are skipped on
a developer's machine, but under CI (``$CI`` set) a missing browser is an error: CI must
never go green by skipping the browser tests.

Database
--------
``live_server`` runs the site in another thread with its own database connections, so the
tests use ``transactional_db``: data a test creates is committed and the server sees it.
A transactional test ends by emptying every table (Django's flush), which also wipes the
rows that data migrations load; the root conftest puts them back before the next test (see
its docstring).
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

# Playwright's sync API runs an asyncio event loop in the main thread (driven through
# greenlets). Django sees that running loop and refuses ORM calls made from the test
# itself ("SynchronousOnlyOperation: You cannot call this from an async context"), although
# the calls are really synchronous and nothing else touches the loop meanwhile. This flag
# turns that guard off. It is read from the environment on every ORM call, and this
# conftest is only imported when tests in tests/e2e are collected.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
# Requests a service worker makes are invisible to Playwright's routing unless this is set
# before the driver starts; the offline scoring test cuts them off to prove the pages come
# from the device (tests/e2e/test_offline_scoring.py).
os.environ.setdefault("PW_EXPERIMENTAL_SERVICE_WORKER_NETWORK_EVENTS", "1")

E2E_DIR = Path(__file__).resolve().parent
ARTIFACTS_DIR = E2E_DIR.parent.parent / "test-results" / "e2e"

DESKTOP_VIEWPORT = {"width": 1280, "height": 800}
PHONE_VIEWPORT = {"width": 375, "height": 812}

LOGIN_PATH = "/tai-khoan/dang-nhap/"
TWO_FACTOR_PATH = "/tai-khoan/xac-thuc-hai-lop/"

# As root in a container Chromium needs --no-sandbox (Playwright adds it when
# chromium_sandbox=False). The rest keep it quiet on a machine with no network but
# loopback: no background connections, updates, sync or GPU.
CHROMIUM_ARGS = [
    "--headless",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

# Milliseconds. A local page that needs longer than this is a bug worth failing on.
DEFAULT_TIMEOUT_MS = 10_000


def _under_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in {"", "0", "false", "no"}


def _chromium_path() -> str | None:
    configured = os.environ.get("CHROMIUM_PATH")
    candidates = [configured] if configured else ["/usr/bin/chromium"]
    for candidate in candidates:
        if candidate and os.path.isfile(candidate) and os.access(candidate, os.X_OK):
            return candidate
        found = shutil.which(candidate) if candidate else None
        if found:
            return found
    return None


def _unavailable(reason: str) -> None:
    """Skip on a developer's machine; fail under CI."""
    if _under_ci():
        pytest.fail(f"{reason} (CI is set, so browser tests may not be skipped)", pytrace=False)
    pytest.skip(reason)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    # This hook sees every collected item of the session, not only this folder's.
    for item in items:
        if E2E_DIR in Path(item.path).resolve().parents:
            item.add_marker(pytest.mark.browser)


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo):
    # Keep each phase's report on the item so the page fixture can tell a failed test.
    report = yield
    setattr(item, f"_e2e_report_{report.when}", report)
    return report


@pytest.fixture(scope="session")
def _playwright() -> Iterator[object]:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:  # pragma: no cover - playwright is in the dev dependency group
        _unavailable("the Python package playwright is not installed")
    manager = sync_playwright().start()
    try:
        yield manager
    finally:
        manager.stop()


@pytest.fixture(scope="session")
def browser(_playwright) -> Iterator[object]:
    executable = _chromium_path()
    if executable is None:
        where = os.environ.get("CHROMIUM_PATH") or "/usr/bin/chromium"
        _unavailable(
            f"Chromium not found at {where}: install Debian's package "
            "(apt-get install chromium) or set CHROMIUM_PATH"
        )
    browser = _playwright.chromium.launch(
        executable_path=executable,
        headless=True,
        chromium_sandbox=False,
        args=CHROMIUM_ARGS,
    )
    try:
        yield browser
    finally:
        browser.close()


def _opened_page(browser, live_server, request: pytest.FixtureRequest, **context_options) -> Iterator[object]:
    """A page in a fresh browser context for a fixture to yield; on a failed test its
    screenshot is kept, then the context is closed."""
    # The council pages install a service worker (offline scoring). Only the tests marked
    # `service_workers` run it: elsewhere a worker left by the previous user of the context
    # would sit between the walk and the server, under Playwright's experimental routing of
    # worker requests, in tests that are not about it.
    workers = "allow" if request.node.get_closest_marker("service_workers") else "block"
    context = browser.new_context(
        base_url=live_server.url,
        locale="vi-VN",
        timezone_id="Asia/Ho_Chi_Minh",
        service_workers=workers,
        **context_options,
    )
    context.set_default_timeout(DEFAULT_TIMEOUT_MS)
    context.set_default_navigation_timeout(DEFAULT_TIMEOUT_MS)
    page = context.new_page()
    try:
        yield page
    finally:
        _save_failure_screenshot(page, request)
        context.close()


def _save_failure_screenshot(page, request: pytest.FixtureRequest) -> None:
    report = getattr(request.node, "_e2e_report_call", None)
    if report is None or not report.failed:
        return
    name = re.sub(r"[^A-Za-z0-9_.-]+", "_", request.node.nodeid)[-150:]
    ARTIFACTS_DIR.mkdir(parents=True, exist_ok=True)
    try:
        page.screenshot(path=str(ARTIFACTS_DIR / f"{name}.png"), full_page=True)
    except Exception:  # noqa: BLE001 - a screenshot must never hide the real failure
        pass


@pytest.fixture
def page(browser, live_server, request: pytest.FixtureRequest) -> Iterator[object]:
    """A new page in a fresh context (no cookies shared between tests), desktop size."""
    yield from _opened_page(browser, live_server, request, viewport=DESKTOP_VIEWPORT)


@pytest.fixture
def phone_page(browser, live_server, request: pytest.FixtureRequest) -> Iterator[object]:
    """Like ``page`` but at a phone's size, with touch and the mobile viewport meta honoured."""
    yield from _opened_page(
        browser, live_server, request,
        viewport=PHONE_VIEWPORT, is_mobile=True, has_touch=True, device_scale_factor=2,
    )


@pytest.fixture
def login(live_server) -> Callable[..., None]:
    """``login(page, username, password)``: sign in through the login form.

    Opens ``/tai-khoan/dang-nhap/`` (with ``?next=`` when ``next_url`` is given), fills
    ``username`` and ``password``, presses "Đăng nhập" and waits until the browser has left
    the login page. With ``expect_success=False`` it only submits, for tests of refused logins.
    """

    def do_login(
        page,
        username: str,
        password: str,
        *,
        next_url: str | None = None,
        expect_success: bool = True,
    ) -> None:
        url = live_server.url + LOGIN_PATH
        if next_url:
            from urllib.parse import quote

            url += "?next=" + quote(next_url)
        page.goto(url)
        form = page.locator("form").filter(has=page.locator("input[name=password]"))
        form.locator("input[name=username]").fill(username)
        form.locator("input[name=password]").fill(password)
        with page.expect_navigation():
            form.get_by_role("button", name="Đăng nhập").click()
        if expect_success and LOGIN_PATH in page.url:
            text = page.locator("body").inner_text()
            raise AssertionError(
                f"login as {username!r} failed: still on {page.url}\n{text[:1000]}"
            )
        if TWO_FACTOR_PATH in page.url:
            # Province, council and admin accounts owe a one-time code (ocop/signin): the
            # demo authenticator's current code, as a person would read it off the phone.
            from django_otp.plugins.otp_totp.models import TOTPDevice

            from ocop.signin.demo import unused_code

            device = TOTPDevice.objects.filter(user__username=username, confirmed=True).first()
            assert device is not None, f"{username!r} has no authenticator to log in with"
            page.locator("input[name=token]").fill(unused_code(device))
            with page.expect_navigation():
                page.get_by_role("button", name="Xác nhận").click()
            if expect_success and TWO_FACTOR_PATH in page.url:
                raise AssertionError(f"two-factor step for {username!r} failed: still on {page.url}")

    return do_login


@pytest.fixture
def job_worker(live_server) -> Iterator[None]:
    """The task worker beside the live server, as `make run` has it: django-tasks-db's own
    Worker in a thread, polling every 0.2 s, stopped after the test. With SQLite's in-memory
    test database it shares the live server's connection (as the live server thread does)."""
    import threading

    from django.db import connections
    from django_tasks_db.management.commands.db_worker import Worker

    connection = connections["default"]
    shared = connection.vendor == "sqlite" and connection.is_in_memory_db()
    if shared:
        connection.inc_thread_sharing()
    worker = Worker(
        queue_names=["default"], interval=0.2, batch=False, backend_name="default", startup_delay=False,
        max_tasks=None, worker_id="e2e-worker", excluded_queue_names=[],
    )

    def run() -> None:
        if shared:
            connections["default"] = connection
        try:
            worker.run()
        finally:
            if not shared:
                connections.close_all()

    thread = threading.Thread(target=run, name="job-worker", daemon=True)
    thread.start()
    try:
        yield
    finally:
        worker.running = False
        thread.join(timeout=10)
        if shared:
            connection.dec_thread_sharing()
