"""The import-graph contract of pyproject.toml ([tool.importlinter]) holds, with no import
exempted: `make test` (and so CI) fails with import-linter's report when a module imports
from a higher layer, or when a new app is not placed in the layers."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from importlinter.api import read_configuration

ROOT = Path(__file__).resolve().parent.parent
PYPROJECT = ROOT / "pyproject.toml"


def test_every_import_goes_down_the_layers():
    lint_imports = Path(sys.executable).parent / "lint-imports"
    result = subprocess.run(
        [str(lint_imports), "--config", str(PYPROJECT), "--no-cache", "--no-logo"],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def test_the_contract_lists_no_exception_and_places_every_app():
    contracts = read_configuration(str(PYPROJECT))["contracts_options"]
    assert contracts, "pyproject.toml declares no import contract"
    for contract in contracts:
        assert not contract.get("ignore_imports"), f"{contract['name']}: imports exempted"
        assert not contract.get("exhaustive_ignores"), f"{contract['name']}: modules left out"
    layers = [contract for contract in contracts if contract["type"] == "layers"]
    assert layers and all(str(contract.get("exhaustive")).lower() == "true" for contract in layers)


def test_the_architecture_picture_is_the_one_the_code_draws_today():
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "app-graph")], cwd=ROOT, capture_output=True, text=True, check=True,
    )
    docs = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    assert result.stdout.strip() in docs, "docs/architecture.md: redraw with scripts/app-graph"


# A file a newcomer can read in one sitting. Migrations, parsed legal data (criteria sets, their
# snapshot) and the lock files are written by tools, not by hand.
LONGEST_FILE = 600
WRITTEN_BY_HAND = (".py", ".html", ".js", ".css", ".md", ".sh", ".toml")


def test_no_file_written_by_hand_is_longer_than_600_lines():
    listed = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=False)
    if listed.returncode != 0:
        pytest.skip("not a git checkout: the tracked files are unknown")
    too_long = []
    for name in listed.stdout.splitlines():
        if "/migrations/" in name or not name.endswith(WRITTEN_BY_HAND) or not (ROOT / name).is_file():
            continue
        lines = (ROOT / name).read_text(encoding="utf-8", errors="replace").count("\n")
        if lines > LONGEST_FILE:
            too_long.append(f"{name}: {lines}")
    assert too_long == [], "split these files by concern: " + ", ".join(too_long)
