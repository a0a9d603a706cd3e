"""The legal numbers and texts this app applies, read from data (pure Python, no Django).

Two sources, both versioned data files with the article each value comes from:

* `ocop/criteria/data/regimes.json` (owned by the criteria app): certificate validity per
  regime (QĐ 26/2026 Điều 4.3), the re-evaluation window (Điều 7.6.a), the Điều 12.3
  extension, the revocation deadline (Điều 8.4), the recognising levels of each regime, and
  `certificates_before_regimes` (validity of certificates issued before QĐ 148/QĐ-TTg, used
  only to date old certificates when a register is imported);
* `data/rules.json` (this app): the revocation grounds and authorities (Điều 8.1, 8.2), the
  reminder schedule, compliance-document alerts, and how late re-evaluation filings are read.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path

from ocop.criteria import regimes as regime_data

RULES_FILE = Path(__file__).resolve().parent / "data" / "rules.json"


@lru_cache(maxsize=1)
def rules_data() -> dict:
    return json.loads(RULES_FILE.read_text(encoding="utf-8"))


# -- regimes -------------------------------------------------------------------------------


@dataclass(frozen=True)
class EarlierCertificates:
    """Certificates issued before the first modelled regime (QĐ 148/QĐ-TTg, 24/02/2023)."""

    key: str
    name: str
    before: date
    validity_months: int
    source: str


@lru_cache(maxsize=1)
def earlier_certificates() -> EarlierCertificates:
    data = json.loads(regime_data.REGIMES_FILE.read_text(encoding="utf-8"))
    item = data["certificates_before_regimes"]
    return EarlierCertificates(
        key=item["key"],
        name=item["name"],
        before=date.fromisoformat(item["before"]),
        validity_months=item["validity_months"],
        source=item["source"],
    )


def regime_keys() -> list[str]:
    return [earlier_certificates().key] + [regime.key for regime in regime_data.all_regimes()]


def regime_name(key: str) -> str:
    if key == earlier_certificates().key:
        return earlier_certificates().name
    try:
        return regime_data.get_regime(key).name
    except regime_data.RegimeNotFound:
        return key


def regime_choices() -> list[tuple[str, str]]:
    return [(key, regime_name(key)) for key in regime_keys()]


def validity_months(regime_key: str) -> int:
    if regime_key == earlier_certificates().key:
        return earlier_certificates().validity_months
    months = regime_data.get_regime(regime_key).certificate_validity_months
    if months is None:
        raise regime_data.RegimeNotFound(
            f"Chế độ {regime_key} không quy định thời hạn giấy chứng nhận."
        )
    return months


def expiry_date(issued_on: date, regime_key: str) -> date:
    """Last day of validity: `validity_months` after issue (QĐ 26/2026 Điều 4.3).

    Same reckoning as `ocop.criteria.regimes.certificate_expires_on` (Bộ luật Dân sự 2015
    Điều 147–148: counted from the next day, ending on the corresponding day of the last
    month, or that month's last day when it has none — 29/02/2024 → 28/02/2027).
    """
    if regime_key == earlier_certificates().key:
        return regime_data.add_months(issued_on, earlier_certificates().validity_months)
    return regime_data.certificate_expires_on(issued_on, regime_data.get_regime(regime_key))


# Our three decision levels ↔ the level keys regimes use. Under QĐ 148 the top level is
# "central"; since QĐ 1489/2025 it is "ministry" (Bộ NN&MT). Both are "cấp trung ương".
LEVEL_KEYS = {"district": ("district",), "province": ("province",), "central": ("central", "ministry")}
# Highest star a level may recognise when a regime is not modelled (before QĐ 148).
DEFAULT_MAX_STARS = {"district": 3, "province": 4, "central": 5}


def regime_for_decision(decided_on: date, level: str) -> str | None:
    """The regime key a recognition decision of `level` made on `decided_on` falls under.

    The newest regime in force that day and that has the level; None when no regime in
    force has it (e.g. a district decision after the district level was abolished on
    1/7/2025). Before 24/02/2023: the `certificates_before_regimes` key. The decision
    workflow passes the dossier's regime explicitly instead of asking this.
    """
    if decided_on < earlier_certificates().before:
        return earlier_certificates().key
    for regime in reversed(regime_data.regimes_in_force(decided_on)):
        if any(level_key in {lv.key for lv in regime.levels} for level_key in LEVEL_KEYS[level]):
            return regime.key
    return None


def regime_has_level(regime_key: str, level: str) -> bool:
    if regime_key == earlier_certificates().key:
        return True
    keys = {lv.key for lv in regime_data.get_regime(regime_key).levels}
    return any(key in keys for key in LEVEL_KEYS[level])


def level_gone_message(level: str, decided_on: date) -> str:
    """Why no regime has `level` on `decided_on`, with the last day one did (from the data)."""
    label = {"district": "cấp huyện", "province": "cấp tỉnh", "central": "cấp trung ương"}[level]
    last_days = [
        regime.in_force_until
        for regime in regime_data.all_regimes()
        if regime.in_force_until is not None
        and any(lv.key in LEVEL_KEYS[level] for lv in regime.levels)
    ]
    tail = f" ({label} công nhận đến hết ngày {max(last_days):%d/%m/%Y})" if last_days else ""
    return f"Ngày {decided_on:%d/%m/%Y} không còn {label} công nhận sản phẩm OCOP{tail}."


def stars_allowed(regime_key: str, level: str, stars: int) -> bool:
    """May a decision of `level` under the regime recognise `stars`?

    At most the highest star any of the level's keys recognises; the central level only
    recognises what it lists (5★). Lower levels may certify fewer stars than their maximum
    (e.g. a province recognising 3★ under QĐ 148, or under QĐ 26/2026 Điều 7.4.g after a
    central result below 90 points).
    """
    if regime_key == earlier_certificates().key:
        maximum = DEFAULT_MAX_STARS[level]
        return stars == 5 if level == "central" else 3 <= stars <= maximum
    regime = regime_data.get_regime(regime_key)
    recognised: set[int] = set()
    for level_key in LEVEL_KEYS[level]:
        try:
            recognised |= set(regime.level(level_key).recognises_stars)
        except regime_data.RegimeNotFound:
            continue
    if not recognised:
        return False
    if level == "central":
        return stars in recognised
    minimum = regime.certificate_min_stars or 3
    return minimum <= stars <= max(recognised)


def band_stars(regime_key: str, score) -> int | None:
    """Stars of the band a score falls into (QĐ 26/2026 Điều 3.3; half-open bands)."""
    key = regime_key
    if key == earlier_certificates().key:
        key = regime_data.all_regimes()[0].key
    for band in regime_data.get_regime(key).bands:
        upper_ok = score <= band.max if band.max_inclusive else score < band.max
        if band.min <= score and upper_ok:
            return band.stars
    return None


def level_name(regime_key: str, level: str) -> str:
    """"UBND cấp huyện", "Bộ Nông nghiệp và Môi trường"… as the regime names the level."""
    if regime_key != earlier_certificates().key:
        regime = regime_data.get_regime(regime_key)
        for level_key in LEVEL_KEYS[level]:
            try:
                return regime.level(level_key).name
            except regime_data.RegimeNotFound:
                continue
    return {"district": "UBND cấp huyện", "province": "UBND cấp tỉnh", "central": "Cấp trung ương"}[level]


def revocation_deadline_days() -> int:
    """QĐ 26/2026 Điều 8.4: 15 days from the conclusion (regimes.json, key "revocation")."""
    return regime_data.current_regime().deadline("revocation").days


def revocation_deadline(conclusion_on: date) -> date:
    return conclusion_on + timedelta(days=revocation_deadline_days())


# -- revocation grounds and authorities (Điều 8) ----------------------------------------------


@dataclass(frozen=True)
class Ground:
    key: str
    label: str  # the letter as printed: a, b, c, d, đ, e
    text: str
    source: str


@dataclass(frozen=True)
class Authority:
    key: str
    stars: tuple[int, ...]
    authority: str
    issuer_parent: str
    issuer: str
    signature_authority: str
    signature_position: str
    source: str


@lru_cache(maxsize=1)
def revocation_grounds() -> tuple[Ground, ...]:
    return tuple(Ground(**item) for item in rules_data()["revocation"]["grounds"])


def revocation_ground(key: str) -> Ground:
    for ground in revocation_grounds():
        if ground.key == key:
            return ground
    raise KeyError(key)


def revocation_ground_choices() -> list[tuple[str, str]]:
    return [(g.key, f"{g.label}) {g.text}") for g in revocation_grounds()]


@lru_cache(maxsize=1)
def revocation_authorities() -> tuple[Authority, ...]:
    return tuple(
        Authority(
            key=item["key"],
            stars=tuple(item["stars"]),
            authority=item["authority"],
            issuer_parent=item.get("issuer_parent", ""),
            issuer=item.get("issuer", ""),
            signature_authority=item.get("signature_authority", ""),
            signature_position=item.get("signature_position", ""),
            source=item["source"],
        )
        for item in rules_data()["revocation"]["authorities"]
    )


def revocation_authority(stars: int) -> Authority:
    """Who decides a revocation (QĐ 26/2026 Điều 8.2): 3★/4★ the provincial chairman, 5★
    the minister."""
    for authority in revocation_authorities():
        if stars in authority.stars:
            return authority
    raise KeyError(stars)


# -- reminders --------------------------------------------------------------------------------


def reminder_days_before_expiry() -> tuple[int, ...]:
    return tuple(rules_data()["reminders"]["before_expiry_days"])


def reminder_grace_days() -> int:
    return rules_data()["reminders"]["missed_run_grace_days"]


def compliance_alert_days() -> int:
    return rules_data()["compliance_documents"]["alert_before_expiry_days"]
