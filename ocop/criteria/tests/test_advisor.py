"""The advisor: speed, edge cases, and automatic stops."""

import time

import pytest

from ocop.criteria import catalog
from ocop.criteria.advisor import advise
from ocop.criteria.engine import leaf_maxima, score_sheet
from ocop.criteria.tests.sheets import SET1_MIDDLING, SET7_ONE_SHORT


def _middle(cset):
    """Each leaf at its median option (respecting 5.2 → 5.1)."""
    sheet = {}
    for leaf in cset.leaves:
        values = sorted(leaf.allowed_points)
        sheet[leaf.code] = values[len(values) // 2]
    return sheet


def test_it_answers_within_50_ms_for_every_set(all_sets):
    for cset in all_sets:
        for sheet in ({leaf.code: 0 for leaf in cset.leaves}, _middle(cset)):
            timings = []
            for _ in range(3):
                start = time.perf_counter()
                advise(cset, sheet)
                timings.append(time.perf_counter() - start)
            assert min(timings) < 0.05, f"bộ {cset.number}: {min(timings) * 1000:.1f} ms"


def test_it_has_nothing_to_suggest_at_5_stars():
    cset = catalog.get_set(1)
    advice = advise(cset, leaf_maxima(cset))
    assert (advice.reachable, advice.target_stars, advice.upgrades) == (False, None, ())
    assert "cao nhất" in advice.reason


def test_it_cannot_lift_a_disqualification_by_points():
    advice = advise(catalog.get_set(7), SET7_ONE_SHORT, flags=["2.1-1"])
    assert not advice.reachable
    assert "2.1-1" in advice.reason


def test_it_lifts_an_automatic_stop_first():
    cset = catalog.get_set(16)
    sheet = {**leaf_maxima(cset), "6.3": 0}  # "Có mùi" → evaluation stops
    assert score_sheet(cset, sheet).stars == 0
    advice = advise(cset, sheet)
    assert advice.target_stars == 1
    assert [(u.criterion, u.target_points) for u in advice.upgrades] == [("6.3", 2)]
    assert score_sheet(cset, advice.apply(sheet)).stars == 5


def test_it_can_aim_higher_than_the_next_star():
    cset = catalog.get_set(1)
    advice = advise(cset, SET1_MIDDLING, target=5)
    assert advice.target_stars == 5
    assert advice.points_gained == 40
    assert score_sheet(cset, advice.apply(SET1_MIDDLING)).stars == 5
    with pytest.raises(ValueError):
        advise(cset, SET1_MIDDLING, target=6)


def test_it_never_suggests_a_story_structure_without_a_story():
    cset = catalog.get_set(1)
    sheet = {**{leaf.code: 0 for leaf in cset.leaves}}
    advice = advise(cset, sheet, target=5)
    after = advice.apply(sheet)
    assert after["5.1"] >= 1 or after["5.2"] == 0
    assert score_sheet(cset, after).stars == 5


def test_advice_serialises_for_the_cli():
    data = advise(catalog.get_set(7), SET7_ONE_SHORT).to_dict()
    assert data["target_stars"] == 4
    assert data["points_gained"] == 1
    assert set(data["upgrades"][0]) == {
        "criterion", "title", "current_points", "current_option", "target_points",
        "target_option", "gain",
    }  # fmt: skip
