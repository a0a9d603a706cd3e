"""Every set validates or records its deviations; the structure cannot change unnoticed.

The snapshot `snapshots/qd26-2026-structure.json` holds, per set, the leaf criteria with
their maxima, the group maxima and every star marker. If the data changes (a parser change,
a new source), this test fails and shows the difference; after checking the difference
against the decision, regenerate with

    OCOP_UPDATE_SNAPSHOTS=1 .venv/bin/python -m pytest ocop/criteria/tests/test_validation.py
"""

import dataclasses
import json
import os
from pathlib import Path

import pytest

from ocop.criteria import catalog
from ocop.criteria.validation import unrecorded_deviations, validate_set

SNAPSHOT = Path(__file__).parent / "snapshots" / "qd26-2026-structure.json"


def structure(cset) -> dict:
    return {
        "name": cset.name,
        "leaves": len(cset.leaves),
        "parts": {part.code: part.max for part in cset.parts},
        "groups": {g.code: g.max for part in cset.parts for g in part.groups},
        "criteria": {leaf.code: leaf.best_points for leaf in cset.leaves},
        "options": {
            leaf.code: " ".join(str(o.points) for o in leaf.options) for leaf in cset.leaves
        },
        "minimums": [
            f"{leaf.code}:{stars}★≥{points}"
            for leaf in cset.leaves
            for stars, points in leaf.markers
        ],
        "disqualifiers": [d.id for d in cset.disqualifiers],
        "deviations": [f"{d.check}@{d.location}" for d in cset.deviations],
    }


def test_every_set_validates_or_records_its_deviations(all_sets):
    assert len(all_sets) == 26
    for cset in all_sets:
        assert unrecorded_deviations(cset) == [], f"bộ {cset.number}"


def test_the_structure_of_every_set_matches_the_snapshot(all_sets):
    current = {str(cset.number): structure(cset) for cset in all_sets}
    if os.environ.get("OCOP_UPDATE_SNAPSHOTS"):
        SNAPSHOT.write_text(
            json.dumps(current, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
        )
    expected = json.loads(SNAPSHOT.read_text(encoding="utf-8"))
    for number, snapshot in expected.items():
        assert current[number] == snapshot, f"bộ {number} changed"
    assert current.keys() == expected.keys()


def test_every_set_has_parts_40_25_35_and_100_points(all_sets):
    for cset in all_sets:
        assert {p.code: p.max for p in cset.parts} == {"A": 40, "B": 25, "C": 35}
        assert cset.total == 100
        assert cset.max_points == 100


def test_recorded_deviations_quote_the_source(all_sets):
    recorded = {(c.number, d.check, d.location) for c in all_sets for d in c.deviations}
    assert {
        (1, "duplicate_paragraph", "set"),
        (4, "erratum", "7[2]"),
        (4, "option_points_missing", "1.2[0]"),
        (7, "duplicate_option_points", "3.1"),
        (7, "option_bullet", "7[3]"),
        (11, "erratum", "6.1.1[1]"),
        (23, "points_cell", "9"),
        (23, "duplicate_option_points", "6.2"),
        (26, "part_label", "A"),
    } <= recorded
    for cset in all_sets:
        for deviation in cset.deviations:
            assert deviation.source_text and deviation.message and deviation.handling


def _replace_leaf(cset, code, **changes):
    """A copy of `cset` with one top-level criterion changed (for mutation tests)."""

    def fix_group(group):
        criteria = tuple(
            dataclasses.replace(c, **changes) if c.code == code else c for c in group.criteria
        )
        return dataclasses.replace(group, criteria=criteria)

    parts = tuple(
        dataclasses.replace(part, groups=tuple(fix_group(g) for g in part.groups))
        for part in cset.parts
    )
    return dataclasses.replace(cset, parts=parts, deviations=())


def test_the_checks_catch_a_changed_number():
    cset = catalog.get_set(1)
    assert validate_set(dataclasses.replace(cset, deviations=())) == []
    leaf = cset.leaf_by_code["1.1"]
    bigger = _replace_leaf(cset, "1.1", max=4)
    checks = {(d.check, d.location) for d in validate_set(bigger)}
    assert checks == {("group_sum", "1"), ("criterion_max", "1.1")}
    richer = _replace_leaf(
        cset, "1.1", options=(*leaf.options[:-1], dataclasses.replace(leaf.options[-1], points=4))
    )
    checks = {(d.check, d.location) for d in validate_set(richer)}
    assert checks == {("criterion_max", "1.1"), ("max_points", "set")}
    assert unrecorded_deviations(richer)


def test_the_checks_catch_part_and_total_changes():
    cset = catalog.get_set(2)
    part_a = dataclasses.replace(cset.parts[0], max=35, label_points=40)
    broken = dataclasses.replace(cset, parts=(part_a, *cset.parts[1:]), total=95, deviations=())
    checks = {d.check for d in validate_set(broken)}
    assert {"part_max", "part_label", "part_sum", "total"} <= checks


@pytest.mark.parametrize("number", [1, 13, 26])
def test_catalog_round_trips_the_json(number):
    cset = catalog.get_set(number)
    assert type(cset).from_dict(cset.to_dict()) == cset
