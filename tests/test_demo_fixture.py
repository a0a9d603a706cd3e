"""The `demo` fixture replays a recorded load (conftest.py): the replay must be the demo."""

import pytest
from django.db import connection

import conftest
from ocop.core.demo import load_demo


def _count(table: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")
        return cursor.fetchone()[0]


@pytest.mark.django_db
def test_the_demo_fixture_holds_every_recorded_row_and_a_real_load_adds_nothing(demo):
    added = conftest._DEMO_RECORD.get("added")
    assert added, "the first demo load of the process is recorded for the next tests"
    reference = {table: rows for table, _copy, rows in conftest._REFERENCE["snapshot"]}
    counts = {table: _count(table) for table in added}
    assert counts == {table: reference.get(table, 0) + len(rows) for table, (_columns, rows) in added.items()}
    # The demo steps are idempotent: on the replayed data they find everything in place.
    load_demo()
    assert {table: _count(table) for table in added} == counts
    assert demo["users"]["chuthe1"].full_name and demo["producers"]
