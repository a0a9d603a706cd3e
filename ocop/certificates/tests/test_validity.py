"""Validity status on any day (pure function), and the re-evaluation guard.

Boundaries (QĐ 26/2026): valid 36 months from issue, `expires_on` being the last valid day
(Điều 4.3); re-evaluation filed no earlier than 180 and no later than 120 days before expiry,
both inclusive (Điều 7.6.a); a pending re-evaluation keeps an expired certificate for at
most 180 days (Điều 12.3).
"""

from dataclasses import dataclass
from datetime import date, timedelta

import pytest
import time_machine
from hypothesis import given, settings
from hypothesis import strategies as st

from ocop.certificates import legal, validity
from ocop.certificates.validity import (
    EXPIRED,
    EXTENDED_PENDING,
    LATE_FOR_REEVALUATION,
    REEVALUATION_WINDOW,
    REPLACED,
    REVOKED,
    VALID,
    certificate_status,
    reevaluation_allowed,
)


@dataclass
class Cert:
    expires_on: date
    revoked_on: date | None = None
    replaced_on: date | None = None
    reevaluation_filed_on: date | None = None
    reevaluation_decided_on: date | None = None


EXPIRES = date(2027, 9, 15)


def on(days_before_expiry: int) -> date:
    return EXPIRES - timedelta(days=days_before_expiry)


def test_the_rules_come_from_the_regime_data():
    rules = validity.current_rules()
    assert (rules.window_from_days, rules.window_until_days, rules.extension_days) == (180, 120, 180)
    assert "7.6.a" in rules.source and "12.3" in rules.source


@pytest.mark.parametrize(
    "issued, expires",
    [
        (date(2024, 2, 29), date(2027, 2, 28)),  # leap day: Feb 2027 has no 29th
        (date(2024, 9, 15), date(2027, 9, 15)),
        (date(2024, 8, 31), date(2027, 8, 31)),
        (date(2023, 5, 31), date(2026, 5, 31)),
        (date(2025, 3, 31), date(2028, 3, 31)),
        (date(2021, 2, 28), date(2024, 2, 28)),  # not the 29th although 2024 is a leap year
    ],
)
def test_it_expires_36_months_after_issue(issued, expires):
    assert legal.expiry_date(issued, "qd26-2026") == expires
    assert legal.expiry_date(issued, "qd148-2023") == expires


def test_a_leap_day_certificate_is_valid_on_28_february_and_expired_on_1_march():
    expires = legal.expiry_date(date(2024, 2, 29), "qd148-2023")
    cert = Cert(expires_on=expires)
    assert certificate_status(cert, date(2027, 2, 28)) == LATE_FOR_REEVALUATION
    assert certificate_status(cert, date(2027, 3, 1)) == EXPIRED
    # 180 days before 28/02/2027 is 01/09/2026 (the window's first day).
    assert certificate_status(cert, date(2026, 8, 31)) == VALID
    assert certificate_status(cert, date(2026, 9, 1)) == REEVALUATION_WINDOW


@pytest.mark.parametrize(
    "days_left, expected",
    [
        (400, VALID),
        (181, VALID),
        (180, REEVALUATION_WINDOW),  # "không sớm hơn 180 ngày": day −180 is inside
        (150, REEVALUATION_WINDOW),
        (120, REEVALUATION_WINDOW),  # "không muộn hơn 120 ngày": day −120 is inside
        (119, LATE_FOR_REEVALUATION),
        (1, LATE_FOR_REEVALUATION),
        (0, LATE_FOR_REEVALUATION),  # the expiry day is the last valid day
        (-1, EXPIRED),
        (-1000, EXPIRED),
    ],
)
def test_it_draws_the_180_and_120_day_boundaries_exactly(days_left, expected):
    assert certificate_status(Cert(expires_on=EXPIRES), on(days_left)) == expected


def test_the_window_is_from_the_180th_to_the_120th_day_before_expiry():
    assert validity.window(EXPIRES) == (date(2027, 3, 19), date(2027, 5, 18))


def test_a_pending_reevaluation_keeps_the_certificate_at_most_180_days_past_expiry():
    cert = Cert(expires_on=EXPIRES, reevaluation_filed_on=on(60))  # filed late (Điều 12.3)
    assert certificate_status(cert, on(61)) == LATE_FOR_REEVALUATION
    assert certificate_status(cert, on(60)) == VALID
    assert certificate_status(cert, on(0)) == VALID
    assert certificate_status(cert, on(-1)) == EXTENDED_PENDING
    assert certificate_status(cert, on(-180)) == EXTENDED_PENDING
    assert certificate_status(cert, on(-181)) == EXPIRED
    assert validity.extension_end(EXPIRES) == date(2028, 3, 13)


def test_the_extension_ends_on_the_day_of_the_result():
    cert = Cert(expires_on=EXPIRES, reevaluation_filed_on=on(150), reevaluation_decided_on=on(-30))
    assert certificate_status(cert, on(-29)) == EXTENDED_PENDING
    assert certificate_status(cert, on(-30)) == EXPIRED


def test_a_filing_after_expiry_extends_nothing():
    cert = Cert(expires_on=EXPIRES, reevaluation_filed_on=on(-5))
    assert certificate_status(cert, on(-10)) == EXPIRED


def test_revocation_and_replacement_win_from_their_day():
    assert certificate_status(Cert(expires_on=EXPIRES, revoked_on=on(300)), on(301)) == VALID
    assert certificate_status(Cert(expires_on=EXPIRES, revoked_on=on(300)), on(300)) == REVOKED
    assert certificate_status(Cert(expires_on=EXPIRES, replaced_on=on(100)), on(100)) == REPLACED
    revoked_and_replaced = Cert(expires_on=EXPIRES, revoked_on=on(200), replaced_on=on(100))
    assert certificate_status(revoked_and_replaced, on(50)) == REVOKED


def test_it_tells_the_status_of_today_under_time_machine():
    cert = Cert(expires_on=date(2027, 4, 29))
    with time_machine.travel(date(2026, 11, 30), tick=False):
        from django.utils import timezone

        assert certificate_status(cert, timezone.localdate()) == REEVALUATION_WINDOW
    with time_machine.travel(date(2027, 1, 1), tick=False):
        assert certificate_status(cert, timezone.localdate()) == LATE_FOR_REEVALUATION
    with time_machine.travel(date(2027, 4, 29), tick=False):
        assert certificate_status(cert, timezone.localdate()) == LATE_FOR_REEVALUATION
    with time_machine.travel(date(2027, 4, 30), tick=False):
        assert certificate_status(cert, timezone.localdate()) == EXPIRED


@pytest.mark.parametrize(
    "cert_kwargs, days_left, allowed, fragment",
    [
        ({}, 181, False, "sớm nhất ngày 19/03/2027"),
        ({}, 180, True, "Trong thời hạn nộp hồ sơ đánh giá lại: từ ngày 19/03/2027 đến hết ngày 18/05/2027"),
        ({}, 120, True, "Trong thời hạn"),
        ({}, 119, True, "Điều 12.3"),
        ({}, 0, True, "tối đa đến hết ngày 13/03/2028"),
        ({}, -1, False, "đã hết hạn ngày 15/09/2027"),
        ({"reevaluation_filed_on": EXPIRES - timedelta(days=150)}, 140, False, "Đã nộp hồ sơ đánh giá lại ngày"),
        ({"revoked_on": EXPIRES - timedelta(days=170)}, 150, False, "đã bị thu hồi"),
        ({"replaced_on": EXPIRES - timedelta(days=170)}, 150, False, "đã được thay thế"),
    ],
)
def test_it_allows_reevaluation_only_in_the_window_or_under_article_12(cert_kwargs, days_left, allowed, fragment):
    result, reason = reevaluation_allowed(Cert(expires_on=EXPIRES, **cert_kwargs), on(days_left))
    assert result is allowed
    assert fragment in reason


def test_every_status_has_a_vietnamese_label():
    assert set(validity.STATUS_LABELS) == set(validity.STATUSES) == set(validity.PUBLIC_LABELS)
    assert validity.PUBLIC_LABELS[REVOKED] == "Đã bị thu hồi"
    assert validity.PUBLIC_LABELS[EXPIRED] == "Đã hết hiệu lực"
    assert validity.PUBLIC_LABELS[VALID] == "Còn hiệu lực"


optional_day = st.one_of(st.none(), st.integers(min_value=-500, max_value=500))


@settings(max_examples=300, deadline=None)
@given(
    days_left=st.integers(min_value=-500, max_value=500),
    revoked=optional_day,
    replaced=optional_day,
    filed=optional_day,
    decided_after_filing=st.one_of(st.none(), st.integers(min_value=0, max_value=400)),
)
def test_exactly_one_status_and_in_force_means_usable(days_left, revoked, replaced, filed, decided_after_filing):
    def day(offset):
        return None if offset is None else EXPIRES - timedelta(days=offset)

    cert = Cert(
        expires_on=EXPIRES,
        revoked_on=day(revoked),
        replaced_on=day(replaced),
        reevaluation_filed_on=day(filed),
        reevaluation_decided_on=(
            None if filed is None or decided_after_filing is None else day(filed) + timedelta(days=decided_after_filing)
        ),
    )
    when = on(days_left)
    status = certificate_status(cert, when)
    assert status in validity.STATUSES
    if status in validity.IN_FORCE:
        # In force means: not revoked, not replaced, and at most 180 days past expiry.
        assert days_left >= -180
        assert cert.revoked_on is None or cert.revoked_on > when
    if days_left < -180:
        assert status in (EXPIRED, REVOKED, REPLACED)
