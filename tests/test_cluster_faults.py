"""The scale-out topology under faults (docs/deployment.md §4–5), run as users run it:
`scripts/cluster up` builds the whole cluster from nothing (PostgreSQL primary and streaming
replica, redis-server, moto's S3 server, two gunicorn nodes, the task worker and the
scheduler, haproxy and nginx), then `scripts/cluster-faults` loads it through the proxy —
readers and two signed-in writers — while it kills an app node, stops the replica and kills
the task worker in the middle of a job. The script's verdict is the test: every public page
answered while the replica was down, no error outside the killed node's phase, every
acknowledged upload and score-sheet save stored exactly once, the killed job finished once.

The cluster lives in its own temporary folder and ports (CLUSTER_PORT_BASE 5640, not the
5540 of a developer's cluster) and is taken down at the end, whatever happened. Needs the
Debian packages postgresql, redis-server, nginx and haproxy (CI installs them); skipped
with the reason where one is missing. Phases are shorter than the script's defaults: this
checks the guarantees, the figures in the docs come from a full run.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PGBIN = Path(os.environ.get("PGBIN", "/usr/lib/postgresql/15/bin"))
MISSING = [name for name in ("redis-server", "nginx", "haproxy") if shutil.which(name) is None and not Path(f"/usr/sbin/{name}").exists()]
if not (PGBIN / "initdb").exists():
    MISSING.append(f"PostgreSQL 15 server ({PGBIN})")
if not (ROOT / ".venv" / "bin" / "moto_server").exists():
    MISSING.append("moto_server (make install)")

pytestmark = pytest.mark.skipif(bool(MISSING), reason="the cluster needs " + ", ".join(MISSING))


def test_the_cluster_comes_up_from_nothing_and_loses_nothing_under_faults():
    # Under /tmp (world-traversable): as root, PostgreSQL runs as the postgres user, which
    # must reach its data folders.
    folder = Path(tempfile.mkdtemp(prefix="ocop-cluster-"))
    env = {**os.environ, "CLUSTER_DIR": str(folder), "CLUSTER_PORT_BASE": "5640"}
    # The cluster's processes use their own settings, not this test's database.
    for name in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE", "OCOP_VAR_DIR", "MEDIA_ROOT"):
        env.pop(name, None)
    try:
        up = subprocess.run([str(ROOT / "scripts" / "cluster"), "up"], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=600)
        assert up.returncode == 0, up.stdout + up.stderr + _logs(folder)
        assert "cluster up:" in up.stdout
        run = subprocess.run(
            [sys.executable, str(ROOT / "scripts" / "cluster-faults"), "--phase-seconds", "6", "--clients", "3"],
            cwd=ROOT, env=env, capture_output=True, text=True, timeout=1200,
        )
        report = run.stdout + run.stderr
        assert run.returncode == 0 and "Verdict: OK" in run.stdout, report + _logs(folder)
        acknowledged = int(run.stdout.split("Writes: ")[1].split(" uploads")[0])
        assert acknowledged > 0, report  # the writers really wrote during the faults
        assert "ended succeeded after 2 attempts" in run.stdout, report
    finally:
        subprocess.run([str(ROOT / "scripts" / "cluster"), "down"], cwd=ROOT, env=env, capture_output=True, timeout=120)
        shutil.rmtree(folder, ignore_errors=True)


def _logs(folder: Path) -> str:
    """The tail of every part's log, for a failure's report."""
    parts = []
    for log in sorted((folder / "log").glob("*.log")) if (folder / "log").exists() else []:
        lines = log.read_text(errors="replace").splitlines()[-15:]
        parts.append(f"\n--- {log.name}\n" + "\n".join(lines))
    return "".join(parts)
