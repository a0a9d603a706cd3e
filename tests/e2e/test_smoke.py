"""Smoke tests of the browser harness: Chromium reaches the live server and its database."""

import json

from django.contrib.auth import get_user_model
from django.db import connection


def test_healthz_in_chromium(page, live_server):
    response = page.goto(live_server.url + "/healthz")

    assert response is not None
    assert response.status == 200
    text = page.locator("body").inner_text()
    assert '"status": "ok"' in text
    assert json.loads(text) == {"status": "ok", "database": "ok"}


def test_healthz_on_phone(phone_page):
    phone_page.goto("/healthz")  # relative to the live server (the context's base_url)

    assert phone_page.viewport_size == {"width": 375, "height": 812}
    assert '"status": "ok"' in phone_page.locator("body").inner_text()


def test_a_user_created_in_the_test_can_log_in(page, login):
    # The test's rows are committed (transactional_db), so the server thread sees them.
    get_user_model().objects.create_user(username="e2e.smoke", password="Mat-khau-thu-2026")

    login(page, "e2e.smoke", "Mat-khau-thu-2026")

    assert "/tai-khoan/dang-nhap/" not in page.url


def test_migrated_rows_are_back_after_an_earlier_browser_test(page, _reference_snapshot):
    # Each browser test ends with a flush; the harness restores what migrations loaded.
    with connection.cursor() as cursor:
        for table, _copy, rows in _reference_snapshot:
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")
            assert cursor.fetchone()[0] == rows, table
