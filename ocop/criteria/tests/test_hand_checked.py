"""Sheets for bộ 1, 7, 13 and 26 checked by hand against the decision text (see sheets.py)."""

from fractions import Fraction

import pytest

from ocop.criteria import catalog
from ocop.criteria.advisor import advise
from ocop.criteria.engine import (
    CouncilPolicy,
    InvalidSheet,
    MinimumPolicy,
    UnmetMinimum,
    score_council,
    score_sheet,
)
from ocop.criteria.tests.sheets import (
    SET1_MIDDLING,
    SET1_STRONG,
    SET7_ONE_SHORT,
    SET13_NEAR_TOP,
    SET26_COMMUNITY,
    changed,
)


def test_set1_middling_sheet_is_exactly_on_the_3_star_edge():
    result = score_sheet(catalog.get_set(1), SET1_MIDDLING)
    assert result.total == 50
    assert result.parts == {"A": 23, "B": 9, "C": 18}
    assert result.groups == {
        "1": 10, "2": 4, "3": 9, "4": 5, "5": 4,
        "6": 9, "7": 1, "8": 3, "9": 2, "10": 1, "11": 1, "12": 1,
    }  # fmt: skip
    assert (result.band_stars, result.stars) == (3, 3)
    assert result.unmet_minimums == ()
    assert not result.disqualified


def test_set1_missing_a_3_star_minimum_drops_to_2_stars():
    # 2.2 "Đóng gói theo hình thức thông thường, bao bì đơn giản" (1 point) is below the
    # *** option "Đóng gói sáng tạo, bao bì đẹp" (2 points); 1.7 → 1 keeps the total at 50.
    result = score_sheet(catalog.get_set(1), changed(SET1_MIDDLING, **{"2.2": 1, "1.7": 1}))
    assert result.total == 50
    assert (result.band_stars, result.stars) == (3, 2)
    assert result.unmet_minimums == (UnmetMinimum("2.2", 3, 2, Fraction(1)),)


def test_set1_strong_sheet_in_the_4_star_band_is_rated_3_stars():
    result = score_sheet(catalog.get_set(1), SET1_STRONG)
    assert result.total == 85
    assert result.parts == {"A": 37, "B": 18, "C": 30}
    assert (result.band_stars, result.stars) == (4, 3)
    assert [(u.criterion, u.stars, u.required_points, u.given_points) for u in
            result.unmet_minimums] == [("5.1", 4, 5, 3), ("6.2", 4, 3, 2)]  # fmt: skip


def test_set1_advice_for_the_strong_sheet_is_the_two_missing_minimums():
    advice = advise(catalog.get_set(1), SET1_STRONG)
    assert (advice.current_stars, advice.target_stars, advice.reachable) == (3, 4, True)
    assert advice.points_gained == 3
    assert [(u.criterion, u.current_points, u.target_points, u.gain) for u in
            advice.upgrades] == [("5.1", 3, 5, 2), ("6.2", 2, 3, 1)]  # fmt: skip
    assert advice.upgrades[1].target_option == "Phù hợp"
    assert advice.new_total == 88


def test_set1_advice_from_50_points_needs_20_points_over_9_criteria():
    # 4★ needs 70 points and eight **** minimums (1.5, 2.1, 2.3, 3.4, 3.5, 4.1, 5.1, 10:
    # +13 points); those eight can give at most 19, so a ninth criterion is needed.
    advice = advise(catalog.get_set(1), SET1_MIDDLING)
    assert advice.target_stars == 4
    assert advice.points_gained == 20
    assert len(advice.upgrades) == 9
    assert {"1.5", "2.1", "2.3", "3.4", "3.5", "4.1", "5.1", "10"} <= {
        u.criterion for u in advice.upgrades
    }
    assert score_sheet(catalog.get_set(1), advice.apply(SET1_MIDDLING)).stars == 4


def test_set1_story_structure_needs_a_story():
    # 5.2 "Chỉ áp dụng khi có câu chuyện sản phẩm": not scoreable when 5.1 is 0.
    with pytest.raises(InvalidSheet, match="5.2"):
        score_sheet(catalog.get_set(1), changed(SET1_MIDDLING, **{"5.1": 0}))


def test_set7_69_points_is_3_stars_and_70_is_4_stars():
    cset = catalog.get_set(7)
    below = score_sheet(cset, SET7_ONE_SHORT)
    assert below.total == 69
    assert below.parts == {"A": 27, "B": 18, "C": 24}
    assert (below.band_stars, below.stars) == (3, 3)
    assert below.unmet_minimums == ()
    # 1.2 → "Được cấp giấy chứng nhận chất lượng theo tiêu chuẩn quốc gia" (1 point)
    at = score_sheet(cset, changed(SET7_ONE_SHORT, **{"1.2": 1}))
    assert (at.total, at.band_stars, at.stars) == (70, 4, 4)


def test_set7_advice_is_a_single_one_point_upgrade():
    advice = advise(catalog.get_set(7), SET7_ONE_SHORT)
    assert (advice.target_stars, advice.points_gained, len(advice.upgrades)) == (4, 1, 1)
    assert score_sheet(catalog.get_set(7), advice.apply(SET7_ONE_SHORT)).stars == 4


def test_set7_prints_company_type_with_1_point():
    # Bộ 7, 3.1: "Công ty TNHH; …" is printed with 1 point (2 in the other sets), so a
    # sheet giving 2 points for 3.1 matches no option.
    with pytest.raises(InvalidSheet, match="3.1"):
        score_sheet(catalog.get_set(7), changed(SET7_ONE_SHORT, **{"3.1": 2}))


def test_set7_imported_raw_material_disqualifies():
    # 1.1 "Ghi chú: Bị loại nếu sử dụng toàn bộ nguyên liệu nhập khẩu …" → ground "1.1-1".
    result = score_sheet(catalog.get_set(7), SET7_ONE_SHORT, flags=["1.1-1"])
    assert result.disqualified
    assert result.disqualified_by == ("1.1-1",)
    assert result.stars == 0
    assert result.total == 69  # the points are still reported


def test_set13_near_top_sheet_misses_two_5_star_minimums():
    result = score_sheet(catalog.get_set(13), SET13_NEAR_TOP)
    assert result.total == 96
    assert result.parts == {"A": 39, "B": 25, "C": 32}
    assert result.groups["6"] == 14
    assert (result.band_stars, result.stars) == (5, 4)
    assert [(u.criterion, u.stars, u.required_points, u.given_points) for u in
            result.unmet_minimums] == [("1.5", 5, 3, 2), ("7", 5, 5, 3)]  # fmt: skip
    advice = advise(catalog.get_set(13), SET13_NEAR_TOP)
    assert [(u.criterion, u.target_points) for u in advice.upgrades] == [("1.5", 3), ("7", 5)]
    assert (advice.points_gained, advice.new_total) == (3, 99)


def test_set13_council_of_three():
    cset = catalog.get_set(13)
    sheets = [
        SET13_NEAR_TOP,  # 96
        changed(SET13_NEAR_TOP, **{"7": 1, "4.3": 0}),  # 96 − 2 − 4 = 90
        changed(SET13_NEAR_TOP, **{"5.1": 3, "6.2.2": 0, "1.2": 0}),  # 96 − 2 − 3 − 2 = 89
    ]
    council = score_council(cset, sheets)
    assert [m.total for m in council.members] == [96, 90, 89]
    assert council.average_total == Fraction(275, 3)  # 91.67
    assert council.max_spread == 7
    assert not council.divergent
    assert council.band_stars == 5
    # Per-criterion averages: 5.1 = 13/3 < 5 and 7 = 7/3 < 3 miss their **** options.
    assert council.criterion_averages["7"] == Fraction(7, 3)
    assert [(u.criterion, u.stars, u.required_points, u.given_points) for u in
            council.unmet_minimums] == [
        ("5.1", 4, 5, Fraction(13, 3)),
        ("7", 4, 3, Fraction(7, 3)),
        ("1.5", 5, 3, 2),
        ("7", 5, 5, Fraction(7, 3)),
    ]  # fmt: skip
    assert council.stars == 3
    assert council.to_dict()["average_total"] == 91.67
    # Majority: two of three members reach 5.1 = 5 and 7 = 3 → 4★.
    majority = score_council(cset, sheets, policy=CouncilPolicy(minimums=MinimumPolicy.MAJORITY))
    assert majority.stars == 4
    strict = score_council(cset, sheets, policy=CouncilPolicy(minimums=MinimumPolicy.ALL_MEMBERS))
    assert strict.stars == 3


def test_set13_council_spread_above_10_points_is_divergent():
    cset = catalog.get_set(13)
    ten_apart = changed(SET13_NEAR_TOP, **{"4.3": 0, "4.2": 0, "1.2": 0})  # 86
    eleven_apart = changed(SET13_NEAR_TOP, **{"4.3": 0, "4.2": 0, "7": 0})  # 85
    assert not score_council(cset, [SET13_NEAR_TOP, ten_apart]).divergent
    council = score_council(cset, [SET13_NEAR_TOP, eleven_apart])
    assert (council.max_spread, council.divergent) == (11, True)
    assert (
        score_council(
            cset, [SET13_NEAR_TOP, eleven_apart], policy=CouncilPolicy(divergence_threshold=12)
        ).divergent
        is False
    )


def test_set26_community_site_is_3_stars():
    result = score_sheet(catalog.get_set(26), SET26_COMMUNITY)
    assert result.total == 60
    assert result.parts == {"A": 24, "B": 15, "C": 21}
    assert result.groups == {"1": 9, "2": 7, "3": 8, "4": 10, "5": 5} | {
        code: SET26_COMMUNITY[code]
        for code in ("6", "7", "8", "9", "10", "11", "12", "13", "14", "15", "16", "17")
    }
    assert (result.band_stars, result.stars) == (3, 3)


def test_set26_without_a_trademark_application_is_2_stars():
    # 3.5 *** "Đơn đăng ký nhãn hiệu đã được … chấp nhận" (1 point); 0 = no option met.
    result = score_sheet(catalog.get_set(26), changed(SET26_COMMUNITY, **{"3.5": 0}))
    assert (result.total, result.band_stars, result.stars) == (59, 3, 2)
    assert result.unmet_minimums == (UnmetMinimum("3.5", 3, 1, Fraction(0)),)


def test_set26_advice_to_4_stars():
    # +10 points; **** on 3.4 (3 points) and 3.5 (2 points). No upgrade is worth more than
    # 2 points, so at least 5 criteria: 3.4 → 3 and 3.5 → 3 plus three +2 upgrades.
    advice = advise(catalog.get_set(26), SET26_COMMUNITY)
    assert (advice.target_stars, advice.points_gained, len(advice.upgrades)) == (4, 10, 5)
    targets = {u.criterion: u.target_points for u in advice.upgrades}
    assert (targets["3.4"], targets["3.5"]) == (3, 3)
    after = score_sheet(catalog.get_set(26), advice.apply(SET26_COMMUNITY))
    assert (after.total, after.stars) == (70, 4)
