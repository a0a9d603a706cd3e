"""Fixtures for the criteria engine tests. None of them touches the database."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from django.conf import settings

from ocop.criteria import catalog
from ocop.criteria.parsing import DEFAULT_SOURCE_NAME, load_errata, parse_source


def source_path() -> Path:
    return Path(settings.OCOP_REFERENCE_DIR) / DEFAULT_SOURCE_NAME


@pytest.fixture(scope="session")
def source_bytes() -> bytes:
    path = source_path()
    if not path.is_file():
        message = f"Tệp nguồn {path.name} không có trong OCOP_REFERENCE_DIR."
        # CI always has the shared reference folder beside the clone: never skip there.
        if os.environ.get("CI", "").strip().lower() not in {"", "0", "false", "no"}:
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    return path.read_bytes()


@pytest.fixture(scope="session")
def parsed(source_bytes):
    """The decision parsed afresh (≈1 s), shared by every parser test."""
    errata = load_errata(catalog.data_dir() / "errata.json")
    return parse_source(source_bytes.decode("utf-8"), errata=errata)


@pytest.fixture(scope="session")
def all_sets():
    return catalog.all_sets()
