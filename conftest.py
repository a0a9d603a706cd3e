"""Shared fixtures: the demo scenario's users per role, and a fast password hasher.

Territory and the product classification are loaded by migrations, so every test database
already holds them; `demo` adds the Kon Rẫy sample producers, products and accounts.

Reference data and transactional tests
--------------------------------------
A transactional test (`transactional_db`: the browser tests, the concurrency tests) ends by
emptying every table (Django's flush), which also wipes the rows data migrations load:
administrative units, successions and coverage (~85,000 rows), the product classification.
Django's own cure, `serialized_rollback`, re-inserts them object by object (tens of seconds
per test). Instead, before its first test each test process copies every non-empty table
into a side table (`ref_snapshot_N`, which flush leaves alone), and before every later test
it checks the administrative units are all there and, when a flush removed them, puts the
rows back with `INSERT ... SELECT` (committed, outside the test's own transaction).
"""

import os
from pathlib import Path

import pytest
from django.conf import settings


def pytest_configure(config):
    # Hashing demo passwords with PBKDF2 costs seconds per test; tests need no strength.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Each test process keeps its own cache: parallel workers have different databases and
    # must never serve each other's cached pages.
    settings.CACHES = {**settings.CACHES, "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    # Plain static names whatever a `make run` left in var/static (its manifest would give
    # hashed names); the hashed storage has its own test.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    # The test client and the browser tests' live server speak plain HTTP: the HTTPS-only
    # defaults of DEBUG=0 (tested in a subprocess by ocop/core/tests/test_deploy_check.py)
    # and the per-client throttle (its own tests turn it on) are off for the rest.
    settings.SECURE_SSL_REDIRECT = False
    settings.SESSION_COOKIE_SECURE = False
    settings.CSRF_COOKIE_SECURE = False
    settings.SECURE_HSTS_SECONDS = 0
    settings.OCOP_THROTTLE_ENABLED = False


@pytest.fixture
def demo(db, settings, tmp_path):
    """The Kon Rẫy demo scenario: returns {"producers": {...}, "users": {...}}.

    Loading it runs every app's demo steps (several seconds). The first test of a process
    loads it for real and records what it added: the new rows of every table, the files it
    stored and the context it returned; later tests replay that record (bulk inserts, files
    copied), which is the same data in a fraction of the time. `OCOP_TEST_DEMO_REPLAY=0`
    loads it for real every time.
    """
    from ocop.accounts.demo import DEMO_ACCOUNTS
    from ocop.accounts.models import User
    from ocop.core.demo import load_demo

    if _DEMO_RECORD.get("added") is not None and os.environ.get("OCOP_TEST_DEMO_REPLAY", "1") != "0":
        context = _replay_demo(settings)
    else:
        # Record only a load into an empty scenario (not one on top of a module's shared demo).
        fresh = not User.objects.filter(username__in=[a.username for a in DEMO_ACCOUNTS]).exists()
        context = load_demo()
        if fresh and "added" not in _DEMO_RECORD:
            _record_demo(context, settings)
    context["users"] = {
        user.username: user
        for user in User.objects.filter(username__in=[a.username for a in DEMO_ACCOUNTS])
    }
    return context


# What the first real demo load added, per test process (see `demo`).
_DEMO_RECORD: dict = {}


def _demo_files_roots(settings) -> list[Path]:
    from ocop.core.storage import private_root

    return [Path(settings.MEDIA_ROOT), private_root()]


def _record_demo(context, settings) -> None:
    """Rows the demo added to each table (compared with the migrated reference copies),
    its files and its context. Records nothing (so every test loads for real) if the demo
    changed or removed reference rows, which a replay of inserts could not reproduce."""
    import copy
    import shutil
    import tempfile

    from django.db import connection, transaction

    quote = connection.ops.quote_name
    reference = {table: (copy_, rows) for table, copy_, rows in _REFERENCE.get("snapshot", [])}
    added: dict | None = {}
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            for table in sorted(connection.introspection.django_table_names(only_existing=True)):
                cursor.execute(f"SELECT COUNT(*) FROM {quote(table)}")
                count = cursor.fetchone()[0]
                if table in reference:
                    copy_table, reference_rows = reference[table]
                    if count == reference_rows:
                        continue
                    cursor.execute(f"SELECT * FROM {quote(table)} EXCEPT SELECT * FROM {quote(copy_table)}")
                    rows = cursor.fetchall()
                    if len(rows) != count - reference_rows:
                        added = None  # reference rows changed: not a pure insert
                        break
                elif count:
                    cursor.execute(f"SELECT * FROM {quote(table)}")
                    rows = cursor.fetchall()
                else:
                    continue
                added[table] = ([column[0] for column in cursor.description], rows)
    except Exception:  # noqa: BLE001 - e.g. a column type EXCEPT cannot compare: load for real
        added = None
    _DEMO_RECORD["added"] = added
    if added is None:
        return
    files = Path(tempfile.mkdtemp(prefix="ocop-demo-files-"))
    for index, root in enumerate(_demo_files_roots(settings)):
        if root.exists():
            shutil.copytree(root, files / str(index))
    _DEMO_RECORD["files"] = files
    _DEMO_RECORD["context"] = copy.deepcopy(context)


def _replay_demo(settings) -> dict:
    import copy
    import shutil

    from django.apps import apps
    from django.core.management.color import no_style
    from django.db import connection, transaction

    quote = connection.ops.quote_name
    adapt = _json_adapter(connection)
    added = _DEMO_RECORD["added"]
    with transaction.atomic(), connection.cursor() as cursor:
        # Foreign keys are deferred (Django creates them DEFERRABLE INITIALLY DEFERRED) and
        # checked at commit, so the order of the tables does not matter.
        for table, (columns, rows) in added.items():
            names = ", ".join(quote(column) for column in columns)
            marks = ", ".join(["%s"] * len(columns))
            cursor.executemany(f"INSERT INTO {quote(table)} ({names}) VALUES ({marks})", [adapt(row) for row in rows])
        models = [model for model in apps.get_models(include_auto_created=True) if model._meta.db_table in added]
        for statement in connection.ops.sequence_reset_sql(no_style(), models):
            cursor.execute(statement)
    for index, root in enumerate(_demo_files_roots(settings)):
        source = _DEMO_RECORD["files"] / str(index)
        if source.exists():
            shutil.copytree(source, root, dirs_exist_ok=True)
    return copy.deepcopy(_DEMO_RECORD["context"])


def _json_adapter(connection):
    """PostgreSQL returns jsonb columns as Python dicts and lists; psycopg needs them wrapped
    to write them back."""
    if connection.vendor != "postgresql":
        return tuple
    from psycopg.types.json import Jsonb

    def adapt(row):
        return tuple(Jsonb(value) if isinstance(value, (dict, list)) else value for value in row)

    return adapt


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


# Set by `_reference_snapshot` in each test process: (snapshot, pytest-django's DB blocker).
_REFERENCE: dict = {}


@pytest.fixture(scope="session", autouse=True)
def _reference_snapshot(django_db_setup, django_db_blocker) -> list[tuple[str, str, int]]:
    """Copy each non-empty table of the freshly migrated test database: [(table, copy, rows)].

    Session-scoped and autouse, so it runs in the first test's setup, before any test of
    the process could flush anything."""
    from django.db import connection

    snapshot = []
    with django_db_blocker.unblock(), connection.cursor() as cursor:
        quote = connection.ops.quote_name
        tables = sorted(connection.introspection.django_table_names(only_existing=True))
        for index, table in enumerate(tables):
            copy = f"ref_snapshot_{index}"
            cursor.execute(f"DROP TABLE IF EXISTS {quote(copy)}")
            cursor.execute(f"SELECT COUNT(*) FROM {quote(table)}")
            (rows,) = cursor.fetchone()
            if rows:
                cursor.execute(f"CREATE TABLE {quote(copy)} AS SELECT * FROM {quote(table)}")
                snapshot.append((table, copy, rows))
    _REFERENCE.update(snapshot=snapshot, blocker=django_db_blocker)
    return snapshot


def _restore_reference_data(snapshot) -> None:
    from django.contrib.contenttypes.models import ContentType
    from django.core.management.color import no_style
    from django.db import connection, transaction

    from ocop.territory.models import AdministrativeUnit

    quote = connection.ops.quote_name
    sentinel = AdministrativeUnit._meta.db_table
    expected = next((rows for table, _copy, rows in snapshot if table == sentinel), 0)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM {quote(sentinel)}")
        if cursor.fetchone()[0] == expected:
            return
    tables = [table for table, _copy, _rows in snapshot]
    flush = connection.ops.sql_flush(no_style(), tables, reset_sequences=False, allow_cascade=True)
    with transaction.atomic(), connection.cursor() as cursor:
        # Empty them first: the flush's post_migrate signal re-created content types and
        # permissions under new ids. Foreign keys are checked at commit.
        for statement in flush:
            cursor.execute(statement)
        for table, copy, _rows in snapshot:
            cursor.execute(f"INSERT INTO {quote(table)} SELECT * FROM {quote(copy)}")
    ContentType.objects.clear_cache()


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    """Before any fixture of the test (so outside its transaction, and committed once):
    the migrated reference rows, put back if a transactional test's flush took them."""
    uses_database = item.get_closest_marker("django_db") is not None or bool(
        {"db", "transactional_db", "live_server"} & set(getattr(item, "fixturenames", ()))
    )
    if _REFERENCE and uses_database:
        with _REFERENCE["blocker"].unblock():
            _restore_reference_data(_REFERENCE["snapshot"])


@pytest.fixture(autouse=True)
def _force_login_passes_two_factor(monkeypatch):
    """`client.force_login(user)` stands for a user who finished the whole login, second
    factor included: when the user's session needs two-factor authentication (ocop/signin),
    it is marked verified with the user's authenticator (one is created if they have none).
    Tests of the login and two-factor steps themselves go through the login form instead."""
    from django.test import Client

    original = Client.force_login

    def force_login(self, user, backend=None):
        from tests.sessions import mark_second_factor_passed

        original(self, user, backend)
        mark_second_factor_passed(self, user)

    monkeypatch.setattr(Client, "force_login", force_login)


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Each test starts with an empty cache: a page cached by an earlier test of the same
    process (same ids, other data) is never served to this one."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    """Uploaded files of a test go to its own temporary folder."""
    settings.MEDIA_ROOT = tmp_path / "media"
