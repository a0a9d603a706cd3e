"""A certificate's status on any day, and whether re-evaluation may start: pure Python.

No ORM: the functions read plain attributes (a model instance works, so does any object
with the same attributes), so they are unit-tested on explicit dates. The numbers come
from the regime data (`ocop/criteria/data/regimes.json`), never from this module.

Definitions (d = expires_on − on, in days; `expires_on` is the LAST day of validity):

* revoked — a revocation decision dated on or before `on` (QĐ 26/2026 Điều 8);
* replaced — a newer certificate (re-evaluation or upgrade) issued on or before `on`;
* valid — d > 180; or 0 ≤ d while a re-evaluation is pending (filed, not yet decided);
* reevaluation_window — 120 ≤ d ≤ 180, nothing filed: Điều 7.6.a "không sớm hơn 180 ngày
  và không muộn hơn 120 ngày tính đến ngày hết thời hạn", both ends inclusive;
* late_for_reevaluation — 0 ≤ d < 120, nothing filed;
* extended_pending — d < 0 (expired) while a re-evaluation filed no later than the expiry
  day is still pending, up to and including the 180th day after expiry (Điều 12.3);
* expired — everything after that.

A re-evaluation is pending on `on` when it was filed on or before `on` and is not decided
before or on `on` (the day a result exists ends the extension of Điều 12.3).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

VALID = "valid"
REEVALUATION_WINDOW = "reevaluation_window"
LATE_FOR_REEVALUATION = "late_for_reevaluation"
EXTENDED_PENDING = "extended_pending"
EXPIRED = "expired"
REVOKED = "revoked"
REPLACED = "replaced"

STATUSES = (
    VALID,
    REEVALUATION_WINDOW,
    LATE_FOR_REEVALUATION,
    EXTENDED_PENDING,
    EXPIRED,
    REVOKED,
    REPLACED,
)

STATUS_LABELS = {
    VALID: "Còn hiệu lực",
    REEVALUATION_WINDOW: "Trong thời hạn nộp hồ sơ đánh giá lại",
    LATE_FOR_REEVALUATION: "Quá hạn nộp hồ sơ đánh giá lại",
    EXTENDED_PENDING: "Gia hạn chờ kết quả đánh giá lại",
    EXPIRED: "Hết hiệu lực",
    REVOKED: "Đã thu hồi",
    REPLACED: "Đã được thay thế",
}

# What the public verification page says, plainly (certificate still usable or not).
PUBLIC_LABELS = {
    VALID: "Còn hiệu lực",
    REEVALUATION_WINDOW: "Còn hiệu lực",
    LATE_FOR_REEVALUATION: "Còn hiệu lực",
    EXTENDED_PENDING: "Còn hiệu lực (đang chờ kết quả đánh giá lại)",
    EXPIRED: "Đã hết hiệu lực",
    REVOKED: "Đã bị thu hồi",
    REPLACED: "Đã hết hiệu lực (đã được thay thế bằng giấy chứng nhận mới)",
}

# Bootstrap colour of each status badge.
STATUS_COLOURS = {
    VALID: "success",
    REEVALUATION_WINDOW: "warning",
    LATE_FOR_REEVALUATION: "danger",
    EXTENDED_PENDING: "info",
    EXPIRED: "secondary",
    REVOKED: "dark",
    REPLACED: "light",
}

# The certificate still gives the product its OCOP status.
IN_FORCE = frozenset({VALID, REEVALUATION_WINDOW, LATE_FOR_REEVALUATION, EXTENDED_PENDING})
# Needs someone to act (see docs/certificates.md, "Giấy chứng nhận cần xử lý").
DUE = frozenset({REEVALUATION_WINDOW, LATE_FOR_REEVALUATION, EXTENDED_PENDING, EXPIRED})


@dataclass(frozen=True)
class ValidityRules:
    window_from_days: int  # earliest filing: this many days before expiry (180)
    window_until_days: int  # latest filing: this many days before expiry (120)
    extension_days: int  # Điều 12.3: at most this many days past expiry (180)
    source: str


def current_rules() -> ValidityRules:
    """The rules of the regime governing re-evaluation filings now (QĐ 26/2026).

    Earlier regimes carry no window in our data (QĐ 148 is not in the reference folder),
    and every certificate still in force is re-evaluated under the current regime.
    """
    from ocop.criteria.regimes import current_regime

    regime = current_regime()
    if (
        regime.reevaluation_file_from_days is None
        or regime.reevaluation_file_until_days is None
        or regime.transitional is None
    ):
        raise ValueError(f"Chế độ {regime.key} thiếu thời hạn đánh giá lại.")
    return ValidityRules(
        window_from_days=regime.reevaluation_file_from_days,
        window_until_days=regime.reevaluation_file_until_days,
        extension_days=regime.transitional.late_reevaluation_max_days_after_expiry,
        source=f"{regime.sources['reevaluation']}; {regime.transitional.raw['late_reevaluation_source']}",
    )


def _attr(obj, name):
    return getattr(obj, name, None)


def reevaluation_pending(certificate, on: date) -> bool:
    filed = _attr(certificate, "reevaluation_filed_on")
    decided = _attr(certificate, "reevaluation_decided_on")
    return filed is not None and filed <= on and (decided is None or on < decided)


def certificate_status(certificate, on: date, rules: ValidityRules | None = None) -> str:
    """The status of `certificate` on day `on` (see the module docstring)."""
    rules = rules or current_rules()
    revoked = _attr(certificate, "revoked_on")
    if revoked is not None and revoked <= on:
        return REVOKED
    replaced = _attr(certificate, "replaced_on")
    if replaced is not None and replaced <= on:
        return REPLACED
    expires = certificate.expires_on
    days_left = (expires - on).days
    pending = reevaluation_pending(certificate, on)
    if days_left >= 0:
        if pending or days_left > rules.window_from_days:
            return VALID
        if days_left >= rules.window_until_days:
            return REEVALUATION_WINDOW
        return LATE_FOR_REEVALUATION
    filed = _attr(certificate, "reevaluation_filed_on")
    if pending and filed <= expires and -days_left <= rules.extension_days:
        return EXTENDED_PENDING
    return EXPIRED


def window(expires_on: date, rules: ValidityRules | None = None) -> tuple[date, date]:
    """(first, last) day of the re-evaluation filing window (Điều 7.6.a), inclusive."""
    rules = rules or current_rules()
    return (
        expires_on - timedelta(days=rules.window_from_days),
        expires_on - timedelta(days=rules.window_until_days),
    )


def extension_end(expires_on: date, rules: ValidityRules | None = None) -> date:
    """Last day a certificate may stay valid while its re-evaluation is pending (Điều 12.3)."""
    rules = rules or current_rules()
    return expires_on + timedelta(days=rules.extension_days)


def _d(day: date) -> str:
    return day.strftime("%d/%m/%Y")


def reevaluation_allowed(certificate, on: date, rules: ValidityRules | None = None) -> tuple[bool, str]:
    """May a re-evaluation dossier for `certificate` be filed on `on`? (allowed, reason).

    Allowed inside the window of QĐ 26/2026 Điều 7.6.a. After the window and up to the
    expiry day it is still allowed under Điều 12.3 (the certificate then stays valid until
    the result, at most 180 days past expiry). Refused before the window, after expiry,
    when revoked or replaced, and when a re-evaluation is already pending.
    """
    rules = rules or current_rules()
    status = certificate_status(certificate, on, rules)
    expires = certificate.expires_on
    first, last = window(expires, rules)
    if status == REVOKED:
        return False, (
            f"Giấy chứng nhận đã bị thu hồi ngày {_d(certificate.revoked_on)}; sản phẩm phải "
            "đăng ký đánh giá, phân hạng lần đầu (QĐ 26/2026 Điều 8)."
        )
    if status == REPLACED:
        return False, "Giấy chứng nhận đã được thay thế bằng giấy chứng nhận mới; đánh giá lại theo giấy mới."
    if reevaluation_pending(certificate, on):
        return False, (
            f"Đã nộp hồ sơ đánh giá lại ngày {_d(certificate.reevaluation_filed_on)}, đang chờ kết quả."
        )
    if on < first:
        return False, (
            f"Chưa đến thời hạn nộp hồ sơ đánh giá lại: sớm nhất ngày {_d(first)}, tức "
            f"{rules.window_from_days} ngày trước ngày hết hạn {_d(expires)} (QĐ 26/2026 Điều 7.6.a)."
        )
    if on <= last:
        return True, (
            f"Trong thời hạn nộp hồ sơ đánh giá lại: từ ngày {_d(first)} đến hết ngày {_d(last)} "
            "(QĐ 26/2026 Điều 7.6.a)."
        )
    if on <= expires:
        return True, (
            f"Đã quá thời hạn nộp theo Điều 7.6.a (chậm nhất ngày {_d(last)}) nhưng vẫn được nộp: "
            "theo QĐ 26/2026 Điều 12.3, giấy chứng nhận tiếp tục có hiệu lực đến khi có kết quả, "
            f"tối đa đến hết ngày {_d(extension_end(expires, rules))}."
        )
    return False, (
        f"Giấy chứng nhận đã hết hạn ngày {_d(expires)}; không còn đánh giá lại được, sản phẩm "
        "đăng ký đánh giá, phân hạng lần đầu (QĐ 26/2026 Điều 7.6.a, 12.3)."
    )


def days_left(certificate, on: date) -> int:
    return (certificate.expires_on - on).days
