"""A locked or unreachable database: a Vietnamese 503 page / JSON, nothing half-written, and
a /healthz that notices when the database cannot write.

The locks are real: a second connection to the same test database holds them (SQLite's
shared in-memory test database, or PostgreSQL with a table lock and a short lock_timeout).
"""

import sqlite3
from contextlib import contextmanager

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

OLD_PASSWORD = "Mat-khau-cu-2026!"
NEW_PASSWORD = "Mat-khau-moi-2026!"


@contextmanager
def held_lock(table: str, *, reads_too: bool):
    """Another connection holds a lock on `table` until the block ends: writes to it wait
    (PostgreSQL, until this connection's lock_timeout) or fail at once (SQLite's shared cache,
    where the writer also keeps readers of the table out)."""
    if connection.vendor == "sqlite":
        other = sqlite3.connect(connection.settings_dict["NAME"], uri=True, isolation_level=None)
        other.execute("BEGIN IMMEDIATE")
        other.execute(f"UPDATE {table} SET rowid = rowid")  # the table's write lock
        try:
            yield
        finally:
            other.execute("ROLLBACK")
            other.close()
        return
    import psycopg

    params = connection.get_connection_params()
    params.pop("cursor_factory", None)
    params.pop("context", None)
    params.pop("server_side_binding", None)
    other = psycopg.connect(**params)
    with connection.cursor() as cursor:
        cursor.execute("SET lock_timeout = '500ms'")
    try:
        other.execute(f"LOCK TABLE {table} IN {'ACCESS EXCLUSIVE' if reads_too else 'EXCLUSIVE'} MODE")
        yield
    finally:
        other.rollback()
        other.close()
        with connection.cursor() as cursor:
            cursor.execute("RESET lock_timeout")


@pytest.fixture
def officer(transactional_db):
    user = get_user_model().objects.create_user("can.bo.thu", password=OLD_PASSWORD)
    client = Client(raise_request_exception=False)
    client.force_login(user)
    # A session row that the locks below have to contend with.
    return user, client


def assert_vietnamese_503(response):
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    html = response.content.decode()
    assert '<html lang="vi">' in html and "Hệ thống tạm thời gián đoạn" in html
    assert "không có dữ liệu nào bị ghi dở" in html
    assert "OperationalError" not in html and "Traceback" not in html


def test_it_answers_a_vietnamese_503_page_when_the_database_is_locked(officer):
    _user, client = officer
    with held_lock("django_session", reads_too=True):
        response = client.get("/")
    assert_vietnamese_503(response)
    assert client.get("/").status_code == 200  # lock gone: the site answers again


def test_it_answers_json_to_api_clients_when_the_database_is_locked(officer):
    _user, client = officer
    with held_lock("django_session", reads_too=True):
        response = client.get("/", HTTP_ACCEPT="application/json")
    assert response.status_code == 503 and response["Retry-After"] == "30"
    body = response.json()
    assert body["error"] == "database_unavailable" and "chưa được lưu" in body["detail"]


def test_it_writes_nothing_when_the_second_write_of_a_request_meets_a_lock(officer):
    # Django's password change writes the user, then the session (update_session_auth_hash):
    # with the session table locked, the first write must not stay on its own.
    user, client = officer
    form = {"old_password": OLD_PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    with held_lock("django_session", reads_too=False):
        response = client.post("/tai-khoan/doi-mat-khau/", form)
    assert_vietnamese_503(response)
    user.refresh_from_db()
    assert user.check_password(OLD_PASSWORD) and not user.check_password(NEW_PASSWORD)
    # And the same form goes through once the lock is gone.
    assert client.post("/tai-khoan/doi-mat-khau/", form).status_code == 302
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)


def test_healthz_reports_a_database_that_is_locked_against_writes(transactional_db, client):
    assert client.get("/healthz").json() == {"status": "ok", "database": "ok"}
    with held_lock("django_migrations", reads_too=False):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "error", "database": "cannot-write"}
    assert client.get("/healthz").status_code == 200


def test_livez_answers_with_one_read_and_never_writes(transactional_db, client):
    # The benchmarks' reference page (tests/load/national.py): it must stay this cheap.
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/livez")
    assert response.json() == {"status": "ok", "database": "ok"}
    assert [q["sql"] for q in queries.captured_queries] == ["SELECT 1"]
    with held_lock("django_migrations", reads_too=False):
        assert client.get("/livez").status_code == 200  # reads still work; /healthz says 503


def test_healthz_reports_a_read_only_database(transactional_db, client):
    statement, reset = (
        ("PRAGMA query_only = ON", "PRAGMA query_only = OFF") if connection.vendor == "sqlite"
        else ("SET default_transaction_read_only = on", "RESET default_transaction_read_only")
    )
    with connection.cursor() as cursor:
        cursor.execute(statement)
    try:
        response = client.get("/healthz")
    finally:
        with connection.cursor() as cursor:
            cursor.execute(reset)
    assert response.status_code == 503
    assert response.json() == {"status": "error", "database": "cannot-write"}


def test_the_503_page_needs_nothing_to_render():
    from django.template import loader

    html = loader.render_to_string("503.html", {"message": "Thử"})
    assert '<html lang="vi">' in html and "Hệ thống tạm thời gián đoạn" in html
