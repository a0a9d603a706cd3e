"""Dossier rules as data: kinds, numbering, Mẫu 03 contents (data/dossier_rules.json), and
the regime values this app reads from ocop/criteria/data/regimes.json.

Pure Python (no ORM). Every value carries its source in the data file.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any

from ocop.criteria.regimes import REGIMES_FILE, Regime, RegimeNotFound, get_regime

DATA_DIR = Path(__file__).resolve().parent / "data"


@lru_cache(maxsize=1)
def rules() -> dict[str, Any]:
    return json.loads((DATA_DIR / "dossier_rules.json").read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def _regimes_raw() -> dict[str, dict[str, Any]]:
    data = json.loads(REGIMES_FILE.read_text(encoding="utf-8"))
    return {item["key"]: item for item in data["regimes"]}


def regime_value(regime_key: str, name: str) -> Any:
    """A key of regimes.json that `ocop.criteria.regimes.Regime` does not expose (e.g.
    "dossier"); None when the regime does not define it."""
    return _regimes_raw().get(regime_key, {}).get(name)


def kind_info(kind: str) -> dict[str, Any]:
    for item in rules()["kinds"]:
        if item["key"] == kind:
            return item
    raise KeyError(kind)


def samples_default(regime_key: str, criteria_set: int | None) -> int | None:
    """Number of product samples sent with the dossier, or None when the regime's data has
    no value. QĐ 26/2026 Điều 6.2.d: 05 samples, none for tourism services (bộ 26)."""
    dossier = regime_value(regime_key, "dossier") or {}
    if dossier.get("samples") is None:
        return None
    if criteria_set in dossier.get("samples_exempt_sets", []):
        return 0
    return int(dossier["samples"])


def samples_exempt(regime_key: str, criteria_set: int | None) -> bool:
    dossier = regime_value(regime_key, "dossier") or {}
    return criteria_set in dossier.get("samples_exempt_sets", [])


def evaluation_office_level(regime: Regime) -> str:
    """The first level that evaluates (recognises stars): where the commune forwards to.

    QĐ 148/QĐ-TTg (2023): the district (UBND cấp huyện, 3★); QĐ 148 as amended by
    QĐ 1489 (2025) and QĐ 26/2026 Điều 4.1, 7.2.b: the province.
    """
    for level in regime.levels:
        if level.recognises_stars:
            return level.key
    raise RegimeNotFound(f"Chế độ {regime.key} không có cấp đánh giá nào.")


def commune_check_days(regime_key: str) -> int | None:
    """Working days the commune has to check a dossier (QĐ 26/2026 Điều 7.2), or None when
    the regime's data sets no deadline (QĐ 148 texts are not in the reference folder)."""
    regime = get_regime(regime_key)
    for deadline in regime.deadlines:
        if deadline.key == "commune_check":
            return deadline.days if deadline.working_days else None
    return None


def commune_report_contents() -> list[dict[str, Any]]:
    return rules()["commune_report"]["contents"]


def format_registration_number(
    *, serial: int, kind: str, province_code: str, commune_code: str, year: int
) -> str:
    return rules()["registration_number"]["format"].format(
        serial=serial,
        kind_code=kind_info(kind)["code"],
        province_code=province_code,
        commune_code=commune_code,
        year=year,
    )


def format_product_code(*, province_code: str, commune_code: str, serial: int, year: int) -> str:
    return rules()["product_code"]["format"].format(
        province_code=province_code, commune_code=commune_code, serial=serial, year=year
    )
