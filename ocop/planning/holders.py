"""Which agency a heading of mục IV means: suggestions when a plan is loaded from its text.

"Phòng Nông nghiệp và PTNT huyện" should find "Phòng Nông nghiệp và Phát triển nông thôn huyện
Kon Rẫy": names are compared without diacritics, case, "và", dashes and ampersands, after
expanding the abbreviations plans commonly use. A suggestion is only a suggestion: the
person loading the plan confirms or corrects every heading before anything is written.
"""

from __future__ import annotations

import re

from django.db.models import Q

from ocop.accounts.models import Agency
from ocop.accounts.scopes import covered_unit_ids
from ocop.core.text import normalize_search

ABBREVIATIONS = {
    "ptnt": "phat trien nong thon",
    "nn": "nong nghiep",
    "mt": "moi truong",
    "ubnd": "uy ban nhan dan",
    "hdnd": "hoi dong nhan dan",
    "ubmttq": "uy ban mat tran to quoc",
    "mttq": "mat tran to quoc",
    "lhpn": "lien hiep phu nu",
}
TRAILING_LEVEL = re.compile(r"\s+(huyen|tinh|thanh pho|thi xa)$")


def name_key(text: str) -> str:
    text = normalize_search(text)
    text = re.sub(r"[&\-–—,;.()]", " ", text)
    words = [ABBREVIATIONS.get(word, word) for word in text.split() if word not in ("va", "cac")]
    return TRAILING_LEVEL.sub("", " ".join(words)).strip()


def is_all_communes(heading: str) -> bool:
    """"UBND các xã, thị trấn", "Ủy ban nhân dân các xã, phường"."""
    key = f" {name_key(heading)} "
    return "uy ban nhan dan" in key and (" xa " in key or " phuong " in key)


def candidate_agencies(issuing_unit) -> list[Agency]:
    """Agencies of the issuing unit and of the units under it (old and new)."""
    return list(
        Agency.objects.filter(Q(unit=issuing_unit) | Q(unit__in=covered_unit_ids([issuing_unit.pk])))
        .distinct()
        .order_by("name")
    )


def suggest(heading: str, agencies: list[Agency]) -> list[Agency]:
    parts = [name_key(part) for part in re.split(r";", heading) if name_key(part)]
    found = []
    for agency in agencies:
        full, short = name_key(agency.name), name_key(agency.short_name)
        if any(part and (part in full or part == short) for part in parts):
            found.append(agency)
    return found


def aliases(agency: Agency) -> list[str]:
    """Names a task's text may use for the agency: its short name and its name without the
    unit ("Hội Liên hiệp Phụ nữ" for "Hội Liên hiệp Phụ nữ huyện Kon Rẫy")."""
    base = re.split(r"\s+(huyện|tỉnh|thành phố|thị xã)\s+", agency.name, maxsplit=1, flags=re.I)[0]
    return [name for name in (agency.short_name, base) if name]
