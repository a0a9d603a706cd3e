import json
import subprocess
import sys

import pytest
from django.conf import settings


@pytest.mark.django_db
def test_it_reports_ok_when_the_database_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


def test_it_answers_503_when_the_database_is_unreachable(tmp_path):
    # A real unreachable database, in a separate process: nothing listens on port 1, and the
    # SQLite variant points into a directory that does not exist.
    probe = (
        "import django, json; django.setup();"
        "from django.test import Client;"
        "r = Client().get('/healthz');"
        "print(json.dumps({'code': r.status_code, 'body': r.json()}))"
    )
    for url in (
        "postgres://nobody:x@127.0.0.1:1/none?connect_timeout=2",
        f"sqlite:///{tmp_path}/missing/dir/ocop.sqlite3",
    ):
        result = subprocess.run(
            [sys.executable, "-c", probe],
            env={"DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "ocop.settings", "PATH": ""},
            cwd=settings.BASE_DIR,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert result.returncode == 0, result.stderr
        answer = json.loads(result.stdout.strip().splitlines()[-1])
        assert answer == {"code": 503, "body": {"status": "error", "database": "error"}}, url
