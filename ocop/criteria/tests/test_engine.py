"""Scoring engine rules: bands, minimums, disqualification, validation of sheets."""

import subprocess
import sys
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pytest

from ocop.criteria import catalog
from ocop.criteria.engine import (
    DEFAULT_BANDS,
    CouncilPolicy,
    InvalidSheet,
    MinimumPolicy,
    band_for,
    leaf_maxima,
    score_council,
    score_part_totals,
    score_sheet,
    to_decimal,
)
from ocop.criteria.regimes import get_regime
from ocop.criteria.tests.sheets import SET7_ONE_SHORT, changed


@pytest.mark.parametrize(
    ("total", "stars"),
    [
        (0, 1),
        ("29.99", 1),
        (30, 2),
        ("30.00", 2),
        ("49.99", 2),
        (50, 3),
        ("69.99", 3),
        (Decimal("69.99"), 3),
        (69.99, 3),
        (Fraction(6999, 100), 3),
        ("70.00", 4),
        (70, 4),
        ("89.99", 4),
        (Fraction(269, 3), 4),  # 89.666…
        (90, 5),
        ("90.00", 5),
        (100, 5),
    ],
)
def test_it_rates_band_edges_on_half_open_intervals(total, stars):
    assert band_for(total) == stars


@pytest.mark.parametrize("total", [-1, "100.01", 101])
def test_it_refuses_totals_outside_0_to_100(total):
    with pytest.raises(ValueError):
        band_for(total)


def test_it_uses_the_same_bands_as_the_regime_data():
    assert get_regime("qd26-2026").bands == DEFAULT_BANDS


def test_council_averages_are_compared_exactly_not_rounded():
    # Members 70, 70, 69 → 209/3 = 69.67 → 3★: the average is not rounded up to 70.
    cset = catalog.get_set(7)
    seventy = changed(SET7_ONE_SHORT, **{"1.2": 1})
    council = score_council(cset, [seventy, seventy, SET7_ONE_SHORT])
    assert [m.stars for m in council.members] == [4, 4, 3]
    assert council.average_total == Fraction(209, 3)
    assert council.band_stars == 3
    assert to_decimal(council.average_total) == Decimal("69.67")


def test_a_perfect_sheet_is_100_points_and_5_stars_in_every_set(all_sets):
    for cset in all_sets:
        result = score_sheet(cset, leaf_maxima(cset))
        assert (cset.number, result.total, result.stars) == (cset.number, 100, 5)
        assert result.parts == {"A": 40, "B": 25, "C": 35}


def test_an_empty_sheet_is_1_star_or_stopped(all_sets):
    for cset in all_sets:
        result = score_sheet(cset, {leaf.code: 0 for leaf in cset.leaves})
        assert result.total == 0
        assert result.band_stars == 1
        # Set 16: "Nếu được 0 điểm tại một trong các chỉ tiêu trên, sẽ không đánh giá các
        # bước tiếp theo" stops the evaluation automatically.
        assert result.stars == (0 if cset.number == 16 else 1)


def test_set16_zero_in_group_6_stops_the_evaluation():
    cset = catalog.get_set(16)
    sheet = {**leaf_maxima(cset), "6.2": 0}
    result = score_sheet(cset, sheet)
    assert result.disqualified_by == ("6-1",)
    assert result.stars == 0
    assert result.band_stars == 5  # 97 points, but not rated


def test_zero_points_are_always_accepted():
    cset = catalog.get_set(26)  # most criteria have no 0-point option
    assert 0 not in {o.points for o in cset.leaf_by_code["1.1"].options}
    score_sheet(cset, {**leaf_maxima(cset), "1.1": 0})


def test_it_lists_every_problem_of_a_bad_sheet_in_vietnamese():
    cset = catalog.get_set(1)
    sheet = {**leaf_maxima(cset), "4.2": 4, "9.9": 1, "6": 3}
    del sheet["1.1"]
    with pytest.raises(InvalidSheet) as error:
        score_sheet(cset, sheet)
    messages = [problem.message for problem in error.value.problems]
    assert "Tiêu chí «9.9» không có trong bộ tiêu chí số 1." in messages
    assert any("Thiếu điểm tiêu chí 1.1" in m for m in messages)
    assert any(m.startswith("Tiêu chí 4.2 không có phương án 4 điểm") for m in messages)
    assert any(m.startswith("Tiêu chí 6 là tiêu chí tổng hợp") for m in messages)
    assert {p.kind for p in error.value.problems} == {"unknown", "missing", "points", "composite"}


def test_it_rejects_unknown_disqualifier_flags():
    cset = catalog.get_set(1)
    with pytest.raises(InvalidSheet, match="không-có"):
        score_sheet(cset, leaf_maxima(cset), flags=["không-có"])


def test_it_rejects_fractional_and_non_numeric_points():
    cset = catalog.get_set(1)
    for bad in ("2.5", Decimal("2.5"), "ba", True, None):
        with pytest.raises(InvalidSheet, match="1.1"):
            score_sheet(cset, {**leaf_maxima(cset), "1.1": bad})
    assert score_sheet(cset, {**leaf_maxima(cset), "1.1": "3"}).total == 100


def test_yes_no_criterion_takes_0_or_its_maximum():
    cset = catalog.get_set(1)
    leaf = cset.leaf_by_code["2.4"]  # "Ghi nhãn hàng hóa có sử dụng song ngữ", printed alone
    assert leaf.kind == "yes_no"
    assert [o.points for o in leaf.options] == [0, 1]


def test_set_level_disqualifier_flag_eliminates_the_dossier():
    cset = catalog.get_set(1)
    result = score_sheet(cset, leaf_maxima(cset), flags=["set-1"])
    assert (result.disqualified, result.stars, result.band_stars) == (True, 0, 5)


def test_council_flags_and_automatic_stops_follow_the_policy():
    cset = catalog.get_set(16)
    full = leaf_maxima(cset)
    stopped = {**full, "6.1": 0}
    # Default (criterion average): the average of 6.1 is 1.5, not 0 → not stopped.
    council = score_council(cset, [full, stopped])
    assert not council.disqualified
    assert council.members[1].disqualified
    strict = score_council(
        cset, [full, stopped], policy=CouncilPolicy(minimums=MinimumPolicy.ALL_MEMBERS)
    )
    assert strict.disqualified_by == ("6-1",)
    assert score_council(cset, [full, full], flags=["set-1"]).stars == 0


def test_council_reports_problems_per_member_sheet():
    cset = catalog.get_set(1)
    incomplete = {code: points for code, points in leaf_maxima(cset).items() if code != "1.1"}
    with pytest.raises(InvalidSheet, match="Phiếu 2: Thiếu điểm tiêu chí 1.1"):
        score_council(cset, [leaf_maxima(cset), incomplete])


def test_historical_148_results_are_part_totals():
    regime = get_regime("qd148-2023")
    assert regime.granularity == "part_totals"
    result = score_part_totals({"A": 30, "B": 20, "C": 20}, part_maxima=regime.part_maxima)
    assert (result.total, result.band_stars, result.stars) == (70, 4, 4)
    assert result.minimums_checked is False
    with pytest.raises(InvalidSheet, match="Phần B"):
        score_part_totals({"A": 30, "B": 26, "C": 20}, part_maxima=regime.part_maxima)
    with pytest.raises(InvalidSheet, match="Thiếu tổng điểm Phần C"):
        score_part_totals({"A": 30, "B": 20}, part_maxima=regime.part_maxima)


def test_the_engine_imports_no_django():
    # Legal rules are data + a pure engine (docs/architecture.md, rule 4).
    code = (
        "import sys\n"
        "import ocop.criteria.advisor, ocop.criteria.catalog, ocop.criteria.engine\n"
        "import ocop.criteria.regimes, ocop.criteria.validation, ocop.criteria.parsing\n"
        "assert not [m for m in sys.modules if m.split('.')[0] == 'django'], 'django imported'\n"
    )
    completed = subprocess.run(
        [sys.executable, "-c", code], cwd=Path(__file__).resolve().parents[3], timeout=60
    )
    assert completed.returncode == 0
