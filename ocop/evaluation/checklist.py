"""The evidence checklist of the self-assessment report (QĐ 26/2026 Phụ lục III, Mẫu số 02,
Phần III table), as data (data/evidence.json), and the pure rules applied to it.

Each item names the criteria of Phụ lục II it proves by title; titles are matched per
criteria set (ignoring diacritics), because the same criterion carries different codes in
different sets (e.g. "Liên kết chuỗi trong sản xuất" is 1.5 in bộ 13 and 1.4 in bộ 21).

No ORM here: completeness takes plain values, so it is unit-testable and the same rule runs
in the service (refusing a submission) and on the page (listing what is missing).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import Any

from ocop.core.text import normalize_search
from ocop.criteria import catalog
from ocop.evaluation.legal import DATA_DIR


@dataclass(frozen=True)
class Subtype:
    key: str
    label: str


@dataclass(frozen=True)
class EvidenceItem:
    key: str
    row: int
    title: str
    requirement: str
    owner: str  # "producer" (shared by every product of the producer) or "product"
    has_expiry: bool
    required: str  # "all", "sets", "if_criteria", "no"
    required_sets: tuple[int, ...]
    required_criteria: tuple[str, ...]
    criteria: tuple[str, ...]  # criterion titles (prefixes) this item proves
    part_i: str | None  # the Mẫu 02 Phần I.7 tick box (a, b, c, d)
    subtypes: tuple[Subtype, ...]
    required_source: str = ""

    def subtype_label(self, key: str) -> str:
        for subtype in self.subtypes:
            if subtype.key == key:
                return subtype.label
        return ""


@dataclass(frozen=True)
class Checklist:
    key: str
    source: str
    items: tuple[EvidenceItem, ...]

    def item(self, key: str) -> EvidenceItem:
        for item in self.items:
            if item.key == key:
                return item
        raise KeyError(key)

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(item.key for item in self.items)


@lru_cache(maxsize=1)
def _data() -> dict[str, Any]:
    return json.loads((DATA_DIR / "evidence.json").read_text(encoding="utf-8"))


def _item(data: dict[str, Any]) -> EvidenceItem:
    return EvidenceItem(
        key=data["key"],
        row=data["row"],
        title=data["title"],
        requirement=data["requirement"],
        owner=data["owner"],
        has_expiry=data["has_expiry"],
        required=data["required"],
        required_sets=tuple(data.get("required_sets", ())),
        required_criteria=tuple(data.get("required_criteria", ())),
        criteria=tuple(data["criteria"]),
        part_i=data.get("part_i"),
        subtypes=tuple(Subtype(s["key"], s["label"]) for s in data.get("subtypes", ())),
        required_source=data.get("required_source", ""),
    )


@lru_cache(maxsize=8)
def checklist_for(regime_key: str) -> Checklist:
    data = _data()
    regime = data["regimes"][regime_key]
    items = tuple(_item(item) for item in data["checklists"][regime["checklist"]])
    return Checklist(key=regime["checklist"], source=regime["source"], items=items)


def all_item_keys() -> set[str]:
    return {item["key"] for items in _data()["checklists"].values() for item in items}


def _matches(title: str, patterns: Iterable[str]) -> bool:
    normalised = normalize_search(title)
    return any(normalised.startswith(normalize_search(pattern)) for pattern in patterns)


@lru_cache(maxsize=512)
def criteria_codes(
    patterns: tuple[str, ...], criteria_set: int, version: str | None = catalog.DEFAULT_VERSION
) -> tuple[str, ...]:
    """Codes of the leaf criteria of `criteria_set` whose title starts with a pattern.

    Regimes without option-level criteria (QĐ 148) have no codes: returns ().
    """
    if version is None or not patterns:
        return ()
    try:
        cset = catalog.get_set(criteria_set, version)
    except catalog.CriteriaSetNotFound:
        return ()
    codes = []
    for criterion in cset.leaves:
        if _matches(criterion.title, patterns):
            codes.append(criterion.code)
    return tuple(codes)


def item_criteria_codes(item: EvidenceItem, criteria_set: int, version: str | None) -> tuple[str, ...]:
    return criteria_codes(item.criteria, criteria_set, version)


def is_required(item: EvidenceItem, criteria_set: int | None, version: str | None) -> bool:
    if item.required == "all":
        return True
    if item.required == "sets":
        return criteria_set in item.required_sets
    if item.required == "if_criteria":
        if criteria_set is None:
            return False
        # Regimes without option-level data judge by today's sets (the product's
        # classification is QĐ 26/2026 Phụ lục I either way).
        return bool(criteria_codes(item.required_criteria, criteria_set, version or catalog.DEFAULT_VERSION))
    return False


@dataclass(frozen=True)
class AttachedDocument:
    """What completeness needs to know about one attached document."""

    item_key: str
    expires_on: date | None
    title: str = ""
    subtype: str = ""


@dataclass
class ItemStatus:
    item: EvidenceItem
    required: bool
    valid: list[AttachedDocument] = field(default_factory=list)
    expired: list[AttachedDocument] = field(default_factory=list)
    criteria_codes: tuple[str, ...] = ()

    @property
    def satisfied(self) -> bool:
        return bool(self.valid)

    @property
    def missing(self) -> bool:
        return self.required and not self.valid

    @property
    def problem(self) -> str:
        """Vietnamese line for the missing list, or "" when nothing is wrong."""
        if not self.missing:
            return ""
        if self.expired:
            latest = max(doc.expires_on for doc in self.expired if doc.expires_on)
            return (
                f"{self.item.title}: tài liệu đã hết hạn ngày {latest:%d/%m/%Y}, "
                "cần tải lên bản còn hiệu lực."
            )
        return f"{self.item.title}: chưa có tài liệu ({self.item.requirement})."


def is_expired(document: AttachedDocument, today: date) -> bool:
    # A paper valid "đến ngày" D is still valid on D itself.
    return document.expires_on is not None and document.expires_on < today


def evidence_status(
    checklist: Checklist,
    documents: Iterable[AttachedDocument],
    *,
    criteria_set: int | None,
    version: str | None,
    today: date,
) -> list[ItemStatus]:
    """One status per checklist item: required or not, valid and expired documents.

    An expired document is shown but does not count (QĐ 26/2026 Điều 6.1.c: time-limited
    legal papers must be brought up to date).
    """
    by_item: dict[str, list[AttachedDocument]] = {}
    for document in documents:
        by_item.setdefault(document.item_key, []).append(document)
    statuses = []
    for item in checklist.items:
        status = ItemStatus(
            item=item,
            required=is_required(item, criteria_set, version),
            criteria_codes=(
                item_criteria_codes(item, criteria_set, version) if criteria_set else ()
            ),
        )
        for document in by_item.get(item.key, []):
            (status.expired if is_expired(document, today) else status.valid).append(document)
        statuses.append(status)
    return statuses
