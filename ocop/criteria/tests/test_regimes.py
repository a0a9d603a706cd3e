"""Regimes as data: which law applies on which date, and the numbers each sets."""

import json
from datetime import date

import pytest

from ocop.criteria import regimes
from ocop.criteria.regimes import (
    RegimeNotFound,
    certificate_expires_on,
    get_regime,
    late_reevaluation_extension,
    next_round,
    reevaluation_window,
    regime_for,
    regimes_in_force,
    transitional_deadline,
)


@pytest.mark.parametrize(
    ("filed_on", "key"),
    [
        (date(2023, 2, 24), "qd148-2023"),
        (date(2024, 6, 1), "qd148-2023"),
        (date(2025, 7, 5), "qd148-2023"),
        (date(2025, 7, 6), "qd148-1489-2025"),
        (date(2026, 5, 21), "qd148-1489-2025"),
        (date(2026, 5, 22), "qd26-2026"),  # QĐ 26/2026 Điều 11.1
        (date(2026, 7, 20), "qd26-2026"),  # 148/1489 still in force, but new filings use 26
        (date(2026, 7, 21), "qd26-2026"),
        (date(2030, 1, 1), "qd26-2026"),
    ],
)
def test_regime_for_picks_the_regime_by_filing_date(filed_on, key):
    assert regime_for(filed_on).key == key


def test_regime_for_refuses_dates_before_qd148():
    with pytest.raises(RegimeNotFound, match="23/02/2023"):
        regime_for(date(2023, 2, 23))


def test_two_regimes_are_in_force_during_the_60_day_overlap():
    assert [r.key for r in regimes_in_force(date(2026, 5, 21))] == ["qd148-1489-2025"]
    assert [r.key for r in regimes_in_force(date(2026, 5, 22))] == ["qd148-1489-2025", "qd26-2026"]
    assert [r.key for r in regimes_in_force(date(2026, 7, 20))] == ["qd148-1489-2025", "qd26-2026"]
    assert [r.key for r in regimes_in_force(date(2026, 7, 21))] == ["qd26-2026"]


def test_pending_old_dossiers_finish_within_60_or_30_days():
    # QĐ 26/2026 Điều 12.2: 60 days (first, upgrade) or 30 days (re-evaluation) from 22/5/2026.
    assert transitional_deadline(date(2026, 5, 21), "first") == date(2026, 7, 21)
    assert transitional_deadline(date(2026, 3, 1), "upgrade") == date(2026, 7, 21)
    assert transitional_deadline(date(2026, 5, 21), "reevaluation") == date(2026, 6, 21)
    assert transitional_deadline(date(2026, 5, 22), "first") is None
    with pytest.raises(ValueError):
        transitional_deadline(date(2026, 5, 1), "other")


def test_levels_and_forwarding_thresholds():
    old = get_regime("qd148-2023")
    assert [level.key for level in old.levels] == ["district", "province", "central"]
    assert old.level("district").recognises_stars == (3,)
    assert old.level("district").forward_min_points == 70
    assert old.level("province").forward_min_points == 90
    amended = get_regime("qd148-1489-2025")
    assert amended.level("province").recognises_stars == (3, 4)
    current = get_regime("qd26-2026")
    assert [level.key for level in current.levels] == ["commune", "province", "ministry"]
    assert current.level("province").recognises_stars == (3, 4)
    assert current.level("province").forward_min_points == 90
    assert current.level("ministry").recognises_stars == (5,)


def test_deadlines_and_validity_of_qd26():
    current = get_regime("qd26-2026")
    assert current.certificate_validity_months == 36
    assert current.deadline("commune_check").days == 15
    assert current.deadline("commune_check").working_days
    assert current.deadline("revocation").days == 15
    assert current.deadline("reevaluation").days == 45
    assert current.transitional.late_reevaluation_max_days_after_expiry == 180


def test_certificate_expiry_and_reevaluation_window():
    assert certificate_expires_on(date(2026, 6, 15)) == date(2029, 6, 15)
    assert certificate_expires_on(date(2024, 2, 29)) == date(2027, 2, 28)
    assert reevaluation_window(date(2029, 6, 15)) == (date(2028, 12, 17), date(2029, 2, 15))
    assert late_reevaluation_extension(date(2029, 6, 15)) == date(2029, 12, 12)
    with pytest.raises(RegimeNotFound):
        reevaluation_window(date(2025, 1, 1), get_regime("qd148-2023"))


@pytest.mark.parametrize(
    ("level", "proposed_on", "expected"),
    [
        ("province", date(2026, 4, 29), (1, date(2026, 6, 30))),
        ("province", date(2026, 4, 30), (2, date(2026, 12, 30))),  # "trước ngày 30/4"
        ("province", date(2026, 10, 29), (2, date(2026, 12, 30))),
        ("province", date(2026, 10, 30), (1, date(2027, 6, 30))),
        ("ministry", date(2026, 1, 29), (2, date(2026, 3, 30))),
        ("ministry", date(2026, 7, 29), (1, date(2026, 9, 30))),
        ("ministry", date(2026, 8, 15), (2, date(2027, 3, 30))),
    ],
)
def test_next_round_follows_the_cut_off_dates(level, proposed_on, expected):
    assert next_round(level, proposed_on) == expected


def test_every_regime_value_cites_its_source():
    data = json.loads(regimes.REGIMES_FILE.read_text(encoding="utf-8"))
    for item in data["regimes"]:
        for section in ("in_force", "filings", "criteria", "bands", "certificate",
                        "reevaluation", "rounds"):  # fmt: skip
            assert item[section]["source"], (item["key"], section)
        for level in item["levels"]:
            assert level["source"]
        for deadline in item["deadlines"]:
            assert deadline["source"]
    for regime in regimes.all_regimes():
        assert regime.part_maxima == {"A": 40, "B": 25, "C": 35}


def test_only_qd26_has_an_option_level_criteria_set():
    assert get_regime("qd26-2026").criteria_set(13).number == 13
    with pytest.raises(RegimeNotFound, match="tổng điểm"):
        get_regime("qd148-2023").criteria_set(13)
