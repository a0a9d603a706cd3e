"""PostgreSQL restarts while the site is busy: every request either succeeds or gets the clean
Vietnamese 503, and no write is lost or doubled.

The test starts its own throw-away PostgreSQL server (initdb in a temporary folder, a free
port; never the shared cluster), copies the test database into it (or migrates it when the
suite runs on SQLite), starts the application with the production gunicorn.conf.py (two
workers, four threads, a connection pool each), and has several clients register producers
while the server is restarted (`pg_ctl restart -m fast`, what a minor upgrade or a
configuration change does). Then it compares the answers with the rows: a producer the site
said it saved (302) exists exactly once; one it answered 503 for does not exist.
"""

from __future__ import annotations

import http.client
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

import pytest
from django.conf import settings


def _postgres_bin() -> Path | None:
    candidates = sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=lambda p: int(p.parent.name), reverse=True)
    for folder in candidates:
        if (folder / "initdb").exists() and (folder / "pg_ctl").exists() and (folder / "postgres").exists():
            return folder
    return None


PG_BIN = _postgres_bin()
pytestmark = pytest.mark.skipif(
    PG_BIN is None, reason="PostgreSQL server binaries not found under /usr/lib/postgresql/*/bin"
)

CLIENTS = 6
NAME_PREFIX = "Chủ thể thử khởi động lại"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class ThrowawayPostgres:
    """A PostgreSQL server of our own, in a temporary folder, on a free port."""

    def __init__(self):
        self.port = free_port()
        self.folder = Path(tempfile.mkdtemp(prefix="ocop-pg-"))
        self.data = self.folder / "data"
        self.log = self.folder / "server.log"
        # The server refuses to run as root: run its programs as the postgres user then.
        self.as_owner = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        if self.as_owner:
            shutil.chown(self.folder, "postgres", "postgres")

    def run(self, *args, check=True):
        return subprocess.run([*self.as_owner, *args], capture_output=True, text=True, timeout=180, check=check)

    def start(self):
        self.run(str(PG_BIN / "initdb"), "-D", str(self.data), "-U", "ocop", "-A", "trust", "-E", "UTF8",
                 "--locale=C.UTF-8", "--no-sync")
        self.run(str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-l", str(self.log), "-w", "-o", self.options(), "start")

    def options(self) -> str:
        # fsync off keeps the test quick; a clean restart still writes everything out, and
        # synchronous_commit stays on: a COMMIT is acknowledged once it is durable.
        return f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=50"

    def restart(self):
        return self.run(str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-l", str(self.log), "-w", "-m", "fast",
                        "-o", self.options(), "restart")

    def stop(self):
        self.run(str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "stop", check=False)
        shutil.rmtree(self.folder, ignore_errors=True)

    def url(self, database: str) -> str:
        return f"postgres://ocop@127.0.0.1:{self.port}/{database}"


def load_schema(server: ThrowawayPostgres, target_url: str, env: dict) -> None:
    """The test database's schema and reference data (territory, classification): copied
    with pg_dump when the suite runs on PostgreSQL, else built by the migrations."""
    from django.db import connection

    if connection.vendor == "postgresql":
        source = connection.settings_dict
        dump = subprocess.run(
            [str(PG_BIN / "pg_dump"), "--no-owner", "--no-privileges", "--exclude-table=ref_snapshot_*", "-h", source["HOST"] or "127.0.0.1",
             "-p", str(source["PORT"] or 5432), "-U", source["USER"], "-d", source["NAME"]],
            env={**os.environ, "PGPASSWORD": source["PASSWORD"] or ""}, capture_output=True, timeout=300, check=True,
        ).stdout
        subprocess.run([str(PG_BIN / "psql"), "-q", "-v", "ON_ERROR_STOP=1", "-d", target_url],
                       input=dump, capture_output=True, timeout=300, check=True)
    else:
        manage(["migrate", "--noinput", "-v", "0"], env)


def manage(args: list[str], env: dict) -> str:
    result = subprocess.run([sys.executable, "manage.py", *args], env=env, cwd=settings.BASE_DIR,
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout


SETUP = """
import json
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from ocop.accounts.models import Role, RoleAssignment, User
from ocop.territory.models import AdministrativeUnit, UnitLevel

commune = AdministrativeUnit.objects.filter(level=UnitLevel.COMMUNE, valid_to__isnull=True).order_by("pk").first()
officer = User.objects.create_user("xa.thu.tai", password="khong-dung-toi")
RoleAssignment.objects.create(user=officer, role=Role.COMMUNE_OFFICER, unit=commune)
session = SessionStore()
session[SESSION_KEY] = str(officer.pk)
session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
session[HASH_SESSION_KEY] = officer.get_session_auth_hash()
session.save()
print(json.dumps({"session": session.session_key, "commune": commune.pk}))
"""


class Site:
    """The application under gunicorn, as production runs it (gunicorn.conf.py)."""

    def __init__(self, env: dict, var_dir: Path):
        self.port = free_port()
        self.output = open(var_dir / "gunicorn.log", "w+")  # noqa: SIM115 - closed in stop()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "--bind", f"127.0.0.1:{self.port}"],
            env=env, cwd=settings.BASE_DIR, stdout=self.output, stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline:
            assert self.process.poll() is None, self.log()
            try:
                if self.request("GET", "/healthz")[0] == 200:
                    return
            except OSError:
                pass
            time.sleep(0.5)
        raise AssertionError("gunicorn did not answer /healthz:\n" + self.log())

    def log(self) -> str:
        self.output.flush()
        self.output.seek(0)
        return self.output.read()[-5000:]

    def request(self, method: str, path: str, body: dict | None = None, cookies: str = "", headers=None):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        try:
            sent = {"Host": "127.0.0.1", "Cookie": cookies, **(headers or {})}
            data = None
            if body is not None:
                data = urllib.parse.urlencode(body).encode()
                sent["Content-Type"] = "application/x-www-form-urlencoded"
            connection.request(method, path, body=data, headers=sent)
            response = connection.getresponse()
            return response.status, dict(response.getheaders()), response.read().decode("utf-8", "replace")
        finally:
            connection.close()

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self.output.close()


def producer_form(name: str, commune: int, csrf: str) -> dict:
    return {
        "csrfmiddlewaretoken": csrf, "name": name, "producer_type": "hop_tac_xa",
        "representative_name": "Nguyễn Văn Thử", "representative_gender": "nam",
        "representative_ethnicity": "Kinh", "address": "Thôn 1", "commune": commune,
        "workforce_total": 5, "workforce_local": 5,
    }


@pytest.fixture
def throwaway(transactional_db, django_db_blocker, tmp_path):
    # transactional_db: the reference rows (territory, classification) are committed in the
    # test database (conftest puts them back after another test's flush), so pg_dump sees them.
    server = ThrowawayPostgres()
    site = None
    try:
        server.start()
        server.run(str(PG_BIN / "createdb"), "-h", "127.0.0.1", "-p", str(server.port), "-U", "ocop", "ocop_fault")
        env = {
            "PATH": os.environ.get("PATH", ""), "HOME": str(tmp_path), "DATABASE_URL": server.url("ocop_fault"),
            "OCOP_VAR_DIR": str(tmp_path), "DEBUG": "0", "OCOP_HTTPS": "0", "OCOP_THROTTLE_ENABLED": "0",
            "ALLOWED_HOSTS": "127.0.0.1", "GUNICORN_WORKERS": "2", "GUNICORN_THREADS": "4",
            "GUNICORN_ACCESS_LOG": "", "LOG_LEVEL": "ERROR", "OCOP_CATALOGUE_CACHE_SECONDS": "0",
        }
        with django_db_blocker.unblock():
            load_schema(server, server.url("ocop_fault"), env)
        setup = json.loads(manage(["shell", "--no-imports", "-c", SETUP], env).strip().splitlines()[-1])
        site = Site(env, tmp_path)
        yield server, site, setup
    finally:
        if site is not None:
            site.stop()
        server.stop()


def stored_names(server: ThrowawayPostgres) -> dict[str, int]:
    import psycopg

    with psycopg.connect(server.url("ocop_fault")) as connection:
        rows = connection.execute(
            "SELECT name, count(*) FROM producers_producer WHERE name LIKE %s GROUP BY name", [NAME_PREFIX + "%"]
        ).fetchall()
    return dict(rows)


def test_a_postgresql_restart_under_load_loses_and_doubles_no_write(throwaway):
    server, site, setup = throwaway
    csrf = "k" * 32  # a CSRF secret of our choosing, sent as cookie and form field alike
    cookies = f"sessionid={setup['session']}; csrftoken={csrf}"
    answers: list[tuple[str, str, int, dict, str]] = []  # (kind, name, status, headers, body)
    lock = threading.Lock()
    stop = threading.Event()

    def client(number: int):
        sequence = 0
        while not stop.is_set():
            sequence += 1
            name = f"{NAME_PREFIX} {number}-{sequence}"
            try:
                status, headers, body = site.request("POST", "/chu-the/them/", producer_form(name, setup["commune"], csrf), cookies)
            except OSError as exc:  # the site itself must stay up: a refused connection is a failure
                status, headers, body = -1, {}, repr(exc)
            read = site.request("GET", "/chu-the/", cookies=cookies)
            with lock:
                answers.append(("write", name, status, headers, body))
                answers.append(("read", "", read[0], read[1], read[2]))

    threads = [threading.Thread(target=client, args=(n,), daemon=True) for n in range(CLIENTS)]
    for thread in threads:
        thread.start()
    while len(answers) < CLIENTS * 4:  # everyone has written before the restart
        time.sleep(0.05)
    with lock:
        before_restart = len(answers)
    restarted = server.restart()
    assert restarted.returncode == 0, restarted.stderr
    with lock:
        during_restart = len(answers) - before_restart
    # Keep the load on until every client has written successfully after the restart (a
    # client starved of CPU on a busy machine may take a while to get its turn).
    with lock:
        after = len(answers)

    def recovered_clients() -> set[str]:
        with lock:
            later = answers[after:]
        return {name.rsplit(" ", 1)[1].split("-")[0] for kind, name, status, _h, _b in later if kind == "write" and status == 302}

    deadline = time.monotonic() + 180
    while len(recovered_clients()) < CLIENTS and time.monotonic() < deadline:
        time.sleep(0.05)
    stop.set()
    for thread in threads:
        thread.join(timeout=120)

    writes = [a for a in answers if a[0] == "write"]
    reads = [a for a in answers if a[0] == "read"]
    statuses = sorted({a[2] for a in answers})
    print(f"\n{len(writes)} writes, {len(reads)} reads, {during_restart} answers during the restart, "
          f"statuses {statuses}, 503: {sum(a[2] == 503 for a in answers)}")
    # Every request either succeeded or got the clean 503 (never a 500 or a dropped connection).
    assert {a[2] for a in writes} <= {302, 503}, [a[2:] for a in writes if a[2] not in (302, 503)][:3]
    assert {a[2] for a in reads} <= {200, 503}, [a[2:] for a in reads if a[2] not in (200, 503)][:3]
    for _kind, _name, status, headers, body in answers:
        if status == 503:
            assert headers.get("Retry-After") == "30" and "Hệ thống tạm thời gián đoạn" in body
    # The site recovered by itself: the last writes of every client went through.
    last = {}
    for _kind, name, status, _h, _b in writes:
        last[name.rsplit(" ", 1)[1].split("-")[0]] = status
    assert set(last.values()) == {302}, last
    # Nothing lost, nothing doubled, nothing written behind a 503.
    stored = stored_names(server)
    saved = {name for _k, name, status, _h, _b in writes if status == 302}
    refused = {name for _k, name, status, _h, _b in writes if status == 503}
    assert all(count == 1 for count in stored.values()), {n: c for n, c in stored.items() if c != 1}
    assert set(stored) == saved, (saved - set(stored), set(stored) - saved)
    assert not (refused & set(stored))
    assert len(saved) >= CLIENTS * 4
