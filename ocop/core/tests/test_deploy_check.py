"""`check --deploy` is clean with the production environment docs/operations.md documents."""

import os
import re
import subprocess
import sys
from pathlib import Path

from django.conf import settings

OPERATIONS = Path(settings.BASE_DIR) / "docs" / "operations.md"


def documented_env() -> dict[str, str]:
    """The KEY=VALUE lines of the `/etc/ocop/ocop.env` example in docs/operations.md."""
    text = OPERATIONS.read_text(encoding="utf-8")
    block = re.search(r"Ví dụ `/etc/ocop/ocop.env`.*?```sh\n(.*?)```", text, re.S)
    assert block, "docs/operations.md has no /etc/ocop/ocop.env example"
    pairs = [line.split("=", 1) for line in block.group(1).splitlines() if "=" in line and not line.startswith("#")]
    return {key.strip(): value.strip() for key, value in pairs}


def run_manage(args: list[str], env: dict[str, str], tmp_path) -> subprocess.CompletedProcess:
    # Only the documented variables (no DATABASE_URL, DEBUG or OCOP_HTTPS of the test run);
    # the data folder is a temporary one so nothing is created under /var/lib.
    clean = {"PATH": os.environ.get("PATH", ""), "HOME": str(tmp_path), **env, "OCOP_VAR_DIR": str(tmp_path)}
    return subprocess.run(
        [sys.executable, "manage.py", *args], env=clean, cwd=settings.BASE_DIR,
        capture_output=True, text=True, timeout=180,
    )


def test_it_passes_check_deploy_with_the_documented_production_env_without_any_warning(tmp_path):
    env = documented_env()
    assert env["DEBUG"] == "0" and "EMAIL_HOST" not in env  # e-mail is optional
    result = run_manage(["check", "--deploy", "--fail-level", "WARNING"], env, tmp_path)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "System check identified no issues" in output, output
    assert "WARNING" not in output and "ERROR" not in output


def test_it_turns_https_on_by_default_when_debug_is_off(tmp_path):
    probe = (
        "from django.conf import settings as s; print(s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS,"
        " s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_PROXY_SSL_HEADER, s.CSRF_COOKIE_AGE,"
        " s.MAILERS['default']['BACKEND'])"
    )
    result = run_manage(["shell", "--no-imports", "-c", probe], documented_env(), tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split("\n")[0] == (
        "True 31536000 True True ('HTTP_X_FORWARDED_PROTO', 'https') 28800 ocop.core.mail.LogEmailBackend"
    )
    # DEBUG=1 (a developer's machine): plain HTTP.
    result = run_manage(["shell", "--no-imports", "-c", probe], {**documented_env(), "DEBUG": "1"}, tmp_path)
    assert result.stdout.startswith("False 0 False False None")


def test_it_writes_mail_to_the_log_when_no_mail_server_is_configured(settings, caplog):
    from django.core import mail

    settings.MAILERS = {"default": {"BACKEND": "ocop.core.mail.LogEmailBackend"}}
    with caplog.at_level("INFO", logger="ocop.mail"):
        sent = mail.send_mail("Nhắc hạn giấy chứng nhận", "Còn 30 ngày.", "ocop@localhost", ["xa@example.vn"])
    assert sent == 1
    assert "xa@example.vn" in caplog.text and "Nhắc hạn giấy chứng nhận" in caplog.text
