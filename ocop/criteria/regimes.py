"""Rule regimes as data: which law governs a dossier, and the numbers it sets.

The values live in `data/regimes.json`, each with the article it comes from; this module
only reads them and answers questions about dates. Pure Python (no Django).

Which regime applies to a dossier filed on day D (`regime_for`)?

* 24/02/2023 – 05/07/2025 → `qd148-2023` (QĐ 148/QĐ-TTg, district level exists);
* 06/07/2025 – 21/05/2026 → `qd148-1489-2025` (148 as amended by QĐ 1489/QĐ-TTg);
* from 22/05/2026 → `qd26-2026` (QĐ 26/2026/QĐ-TTg Điều 11.1).

148/1489 stay in force until about 20/07/2026 (Điều 11.2: they lapse 60 days after
22/05/2026), so between 22/05 and 20/07/2026 two regimes are in force at once. We decide by
the FILING date: a dossier filed from 22/05/2026 is judged under QĐ 26/2026; one filed
before is finished under the old rules within the transitional deadlines of Điều 12.2
(`transitional_deadline`). A stored result records the regime key it was judged under.
"""

from __future__ import annotations

import calendar
import json
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any

from ocop.criteria.model import CriteriaSet

REGIMES_FILE = Path(__file__).resolve().parent / "data" / "regimes.json"


class RegimeNotFound(LookupError):
    pass


@dataclass(frozen=True)
class Band:
    """A star band on the average total: [min, max) or [min, max] when max_inclusive."""

    stars: int
    min: int
    max: int
    max_inclusive: bool = False


@dataclass(frozen=True)
class Level:
    key: str  # "district", "commune", "province", "ministry", "central"
    name: str
    recognises_stars: tuple[int, ...]
    forwards_to: str | None
    forward_min_points: int | None
    source: str


@dataclass(frozen=True)
class PartSpec:
    code: str
    max: int
    title: str
    groups: tuple[tuple[str, int | None], ...]  # (title, max or None when unknown)


@dataclass(frozen=True)
class Round:
    round: int
    held_before: tuple[int, int]  # (month, day): the round is held before this day
    proposed_before: tuple[int, int]  # dossiers proposed before this day go to the round


@dataclass(frozen=True)
class Deadline:
    key: str
    days: int
    working_days: bool
    counted_from: str
    source: str


@dataclass(frozen=True)
class Transitional:
    pending_filed_before: date
    pending_complete_within_days: dict[str, int]
    pending_counted_from: date
    late_reevaluation_max_days_after_expiry: int
    old_regimes_lapse_days: int
    raw: dict[str, Any]


@dataclass(frozen=True)
class Regime:
    key: str
    name: str  # legal name and what it is about, e.g. "QĐ 26/2026/QĐ-TTg – Bộ tiêu chí …"
    legal_name: str  # how people cite it: "QĐ 26/2026/QĐ-TTg" (never show `key` to users)
    legal_basis: tuple[dict[str, str], ...]
    in_force_from: date
    in_force_until: date | None  # last day in force (inclusive)
    filings_from: date
    filings_until: date | None  # last filing day this regime governs (inclusive)
    criteria_version: str | None  # data/<version>/ for option-level sheets; None: part totals
    granularity: str  # "options" or "part_totals"
    parts: tuple[PartSpec, ...]
    bands: tuple[Band, ...]
    levels: tuple[Level, ...]
    certificate_validity_months: int | None
    certificate_min_stars: int | None
    reevaluation_file_from_days: int | None
    reevaluation_file_until_days: int | None
    reevaluation_decide_within_days: int | None
    deadlines: tuple[Deadline, ...]
    province_rounds: tuple[Round, ...]
    ministry_rounds: tuple[Round, ...]
    transitional: Transitional | None
    sources: dict[str, str]  # section → citation

    @property
    def part_maxima(self) -> dict[str, int]:
        return {part.code: part.max for part in self.parts}

    def level(self, key: str) -> Level:
        for level in self.levels:
            if level.key == key:
                return level
        raise RegimeNotFound(f"Chế độ {self.key} không có cấp «{key}».")

    def deadline(self, key: str) -> Deadline:
        for deadline in self.deadlines:
            if deadline.key == key:
                return deadline
        raise RegimeNotFound(f"Chế độ {self.key} không quy định thời hạn «{key}».")

    def in_force_on(self, day: date) -> bool:
        return self.in_force_from <= day and (
            self.in_force_until is None or day <= self.in_force_until
        )

    def governs_filing_on(self, day: date) -> bool:
        return self.filings_from <= day and (
            self.filings_until is None or day <= self.filings_until
        )

    def criteria_set(self, number: int) -> CriteriaSet:
        """The option-level criteria set N of this regime (only for `qd26-2026`)."""
        if self.criteria_version is None:
            raise RegimeNotFound(
                f"Chế độ {self.key} không có bộ tiêu chí chi tiết: kết quả chỉ lưu tổng điểm "
                "từng phần (A, B, C)."
            )
        from ocop.criteria import catalog

        return catalog.get_set(number, self.criteria_version)


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _month_day(value: str) -> tuple[int, int]:
    month, day = value.split("-")
    return int(month), int(day)


def _regime_from_dict(data: dict[str, Any]) -> Regime:
    criteria = data["criteria"]
    rounds = data["rounds"]
    transitional = data.get("transitional")
    return Regime(
        key=data["key"],
        name=data["name"],
        legal_name=data["legal_name"],
        legal_basis=tuple(data["legal_basis"]),
        in_force_from=_date(data["in_force"]["from"]),
        in_force_until=_date(data["in_force"]["until"]),
        filings_from=_date(data["filings"]["from"]),
        filings_until=_date(data["filings"]["until"]),
        criteria_version=criteria["version"],
        granularity=criteria["granularity"],
        parts=tuple(
            PartSpec(
                code=part["code"],
                max=part["max"],
                title=part["title"],
                groups=tuple((g["title"], g["max"]) for g in part["groups"]),
            )
            for part in criteria["parts"]
        ),
        bands=tuple(Band(**band) for band in data["bands"]["items"]),
        levels=tuple(
            Level(
                key=level["key"],
                name=level["name"],
                recognises_stars=tuple(level["recognises_stars"]),
                forwards_to=level["forwards_to"],
                forward_min_points=level["forward_min_points"],
                source=level["source"],
            )
            for level in data["levels"]
        ),
        certificate_validity_months=data["certificate"]["validity_months"],
        certificate_min_stars=data["certificate"]["min_stars"],
        reevaluation_file_from_days=data["reevaluation"]["file_from_days_before_expiry"],
        reevaluation_file_until_days=data["reevaluation"]["file_until_days_before_expiry"],
        reevaluation_decide_within_days=data["reevaluation"]["decide_within_days"],
        deadlines=tuple(Deadline(**deadline) for deadline in data["deadlines"]),
        province_rounds=tuple(
            Round(r["round"], _month_day(r["held_before"]), _month_day(r["proposed_before"]))
            for r in rounds["province"]
        ),
        ministry_rounds=tuple(
            Round(r["round"], _month_day(r["held_before"]), _month_day(r["proposed_before"]))
            for r in rounds["ministry"]
        ),
        transitional=(
            Transitional(
                pending_filed_before=_date(transitional["pending_filed_before"]),
                pending_complete_within_days=dict(transitional["pending_complete_within_days"]),
                pending_counted_from=_date(transitional["pending_counted_from"]),
                late_reevaluation_max_days_after_expiry=transitional[
                    "late_reevaluation_max_days_after_expiry"
                ],
                old_regimes_lapse_days=transitional["old_regimes_lapse_days"],
                raw=transitional,
            )
            if transitional
            else None
        ),
        sources={
            "in_force": data["in_force"]["source"],
            "filings": data["filings"]["source"],
            "criteria": criteria["source"],
            "bands": data["bands"]["source"],
            "certificate": data["certificate"]["source"],
            "reevaluation": data["reevaluation"]["source"],
            "rounds": rounds["source"],
        },
    )


@lru_cache(maxsize=1)
def all_regimes() -> tuple[Regime, ...]:
    """Every regime, oldest first."""
    data = json.loads(REGIMES_FILE.read_text(encoding="utf-8"))
    regimes = tuple(_regime_from_dict(item) for item in data["regimes"])
    return tuple(sorted(regimes, key=lambda r: r.filings_from))


def get_regime(key: str) -> Regime:
    for regime in all_regimes():
        if regime.key == key:
            return regime
    known = ", ".join(r.key for r in all_regimes())
    raise RegimeNotFound(f"Không có chế độ «{key}» (có: {known}).")


def regime_label(key: str | None) -> str:
    """The legal name users read for a regime key or a criteria version ("qd26-2026" →
    "QĐ 26/2026/QĐ-TTg"). Keys are identifiers; pages and documents cite the decision.
    An unknown key is returned as it is, so a display never fails."""
    if not key:
        return ""
    for regime in all_regimes():
        if key in (regime.key, regime.criteria_version):
            return regime.legal_name
    return key


def current_regime() -> Regime:
    """The regime governing new filings (the newest)."""
    return all_regimes()[-1]


def regime_for(filed_on: date) -> Regime:
    """The regime under which a dossier filed on `filed_on` is evaluated.

    Decided by filing date (see the module docstring for the 22/05–20/07/2026 overlap).
    Raises RegimeNotFound for dates before QĐ 148/QĐ-TTg (24/02/2023): the earlier
    QĐ 1048/QĐ-TTg (2019) regime is not modelled.
    """
    for regime in all_regimes():
        if regime.governs_filing_on(filed_on):
            return regime
    raise RegimeNotFound(
        f"Không có chế độ đánh giá cho hồ sơ nộp ngày {filed_on:%d/%m/%Y} "
        "(trước QĐ 148/QĐ-TTg ngày 24/02/2023 chưa được mô hình hóa)."
    )


def regimes_in_force(on: date) -> tuple[Regime, ...]:
    """Every regime legally in force on a day (two during the 2026 overlap)."""
    return tuple(regime for regime in all_regimes() if regime.in_force_on(on))


def transitional_deadline(filed_on: date, kind: str) -> date | None:
    """Last day to finish a dossier filed before QĐ 26/2026 under the old rules.

    QĐ 26/2026 Điều 12.2: first-time and upgrade evaluations finish within 60 days, and
    re-evaluations within 30 days, of 22/05/2026. `kind` is "first", "upgrade" or
    "reevaluation". Returns None for dossiers filed on or after 22/05/2026 (not
    transitional). The day count starts on 22/05/2026 itself (day 1 = 23/05).
    """
    new = current_regime()
    rules = new.transitional
    if rules is None or filed_on >= rules.pending_filed_before:
        return None
    if kind not in rules.pending_complete_within_days:
        raise ValueError(f"Loại hồ sơ «{kind}» không hợp lệ (first, upgrade, reevaluation).")
    return rules.pending_counted_from + timedelta(days=rules.pending_complete_within_days[kind])


def add_months(day: date, months: int) -> date:
    """Same day `months` later; the month's last day when it has no such day."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def certificate_expires_on(issued_on: date, regime: Regime | None = None) -> date:
    """Last day of validity of a certificate issued on `issued_on`.

    QĐ 26/2026 Điều 4.3: valid 36 months from the issuing date. A period in months ends at
    the end of the corresponding day of the last month, or the month's last day when it has
    no such day (Bộ luật Dân sự 2015, Điều 148).
    """
    regime = regime or current_regime()
    if regime.certificate_validity_months is None:
        raise RegimeNotFound(f"Chế độ {regime.key} không quy định thời hạn giấy chứng nhận.")
    return add_months(issued_on, regime.certificate_validity_months)


def reevaluation_window(expires_on: date, regime: Regime | None = None) -> tuple[date, date]:
    """(earliest, latest) filing day for re-evaluation of a certificate expiring then.

    QĐ 26/2026 Điều 7.6.a: no earlier than 180 and no later than 120 days before expiry.
    """
    regime = regime or current_regime()
    if regime.reevaluation_file_from_days is None or regime.reevaluation_file_until_days is None:
        raise RegimeNotFound(f"Chế độ {regime.key} không quy định thời hạn nộp hồ sơ đánh giá lại.")
    return (
        expires_on - timedelta(days=regime.reevaluation_file_from_days),
        expires_on - timedelta(days=regime.reevaluation_file_until_days),
    )


def late_reevaluation_extension(expires_on: date, regime: Regime | None = None) -> date:
    """Last day a certificate stays valid while a late re-evaluation is pending.

    QĐ 26/2026 Điều 12.3: until the decision, at most 180 days after expiry.
    """
    regime = regime or current_regime()
    if regime.transitional is None:
        raise RegimeNotFound(f"Chế độ {regime.key} không có quy định chuyển tiếp.")
    return expires_on + timedelta(days=regime.transitional.late_reevaluation_max_days_after_expiry)


def next_round(level: str, proposed_on: date, regime: Regime | None = None) -> tuple[int, date]:
    """(round number, day the round must be held before) for a dossier proposed on a day.

    QĐ 26/2026 Điều 5: province rounds before 30/6 (proposed before 30/4) and before 30/12
    (proposed before 30/10); ministry rounds before 30/9 (proposed before 30/7) and before
    30/3 (proposed before 30/01). "Trước ngày" is strict: a dossier proposed on 30/4 goes to
    the December round. Extra rounds a province adds are not known here.
    """
    regime = regime or current_regime()
    rounds = {"province": regime.province_rounds, "ministry": regime.ministry_rounds}.get(level)
    if not rounds:
        raise RegimeNotFound(f"Chế độ {regime.key} không quy định đợt đánh giá cấp «{level}».")
    candidates = []
    for year in (proposed_on.year, proposed_on.year + 1):
        for item in rounds:
            cutoff = date(year, *item.proposed_before)
            held = date(year, *item.held_before)
            if proposed_on < cutoff:
                candidates.append((cutoff, item.round, held))
    cutoff, number, held = min(candidates)
    return number, held
