"""Finding the administrative units a register names (province, former district, commune),
before or after the 1/7/2025 reorganisation, from one preloaded index (`UnitIndex`)."""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from datetime import date

from ocop.certificates.importing.cells import cell_text
from ocop.certificates.importing.table import is_blank
from ocop.certificates.models import DecisionLevel
from ocop.core.text import format_date_vn, normalize_search
from ocop.territory.models import AdministrativeUnit, UnitLevel, UnitSuccession

PROVINCE_PREFIXES = ("thanh pho ", "tinh ", "tp. ", "tp ")
DISTRICT_PREFIXES = ("thanh pho ", "thi xa ", "huyen ", "quan ", "tp. ", "tp ", "tx. ", "tx ", "h. ")
COMMUNE_PREFIXES = ("thi tran ", "dac khu ", "phuong ", "xa ", "tt. ", "tt ", "p. ", "x. ")


def place_key(text, prefixes=()) -> str:
    """"Xã Đắk Tơ Lung" / "xa dak to lung" / "Đăk Tơ-Lung" → "dak to lung"."""
    key = normalize_search(cell_text(text)).replace("-", " ").replace("–", " ")
    key = re.sub(r"\s+", " ", key).strip()
    for prefix in prefixes:
        if key.startswith(prefix) and len(key) > len(prefix):
            key = key[len(prefix):].strip()
            break
    return key


def accent_key(text, prefixes=()) -> str:
    """Like `place_key` but keeping the diacritics: "Xã Sơn Hạ" → "sơn hạ".

    Ignoring diacritics makes some names collide ("Sơn Hà" / "Sơn Hạ", "Ba Tơ" / "Ba Tô" are
    different communes of Quảng Ngãi); when several units share a `place_key`, the one whose
    name matches with its diacritics wins.
    """
    text = unicodedata.normalize("NFC", cell_text(text)).lower().replace("-", " ").replace("–", " ")
    text = re.sub(r"\s+", " ", text).strip()
    plain = normalize_search(text)
    for prefix in prefixes:
        # normalize_search maps each precomposed letter to one letter, so lengths agree.
        if plain.startswith(prefix) and len(plain) > len(prefix) and len(plain) == len(text):
            return text[len(prefix):].strip()
    return text


def _narrow(candidates: list, text, prefixes) -> list:
    """Several units with the same plain name: keep the one spelled exactly as written."""
    if len(candidates) <= 1:
        return candidates
    wanted = accent_key(text, prefixes)
    exact = [unit for unit in candidates if accent_key(unit.name, prefixes) == wanted]
    return exact if len(exact) == 1 else candidates


def issuer_name(unit: AdministrativeUnit) -> str:
    return f"UBND {unit.name[:1].lower()}{unit.name[1:]}"


class UnitIndex:
    """Provinces, districts and communes of the provinces a file names, loaded at once."""

    def __init__(self, province_texts: set[str]):
        provinces = list(AdministrativeUnit.objects.filter(level=UnitLevel.PROVINCE))
        self.by_pk = {unit.pk: unit for unit in provinces}
        self.provinces_by_key: dict[str, list[AdministrativeUnit]] = defaultdict(list)
        for unit in provinces:
            self.provinces_by_key[place_key(unit.name, PROVINCE_PREFIXES)].append(unit)
        # Provinces merged in 2025 both ways: a register may say "Kon Tum" for a commune now
        # in Quảng Ngãi, or "Quảng Ngãi" for a commune of the former Kon Tum.
        self.related: dict[int, set[int]] = defaultdict(set)
        for pred, succ in UnitSuccession.objects.filter(predecessor__level=UnitLevel.PROVINCE).values_list(
            "predecessor_id", "successor_id"
        ):
            self.related[pred].add(succ)
            self.related[succ].add(pred)
        wanted: set[int] = set()
        for text in province_texts:
            for unit in self.provinces_by_key.get(place_key(text, PROVINCE_PREFIXES), []):
                wanted |= self.expand({unit.pk})
        districts = list(
            AdministrativeUnit.objects.filter(level=UnitLevel.DISTRICT, parent_id__in=wanted)
        )
        communes = list(
            AdministrativeUnit.objects.filter(level=UnitLevel.COMMUNE, parent_id__in=wanted)
        ) + list(
            AdministrativeUnit.objects.filter(level=UnitLevel.COMMUNE, parent__parent_id__in=wanted)
        )
        self.districts_by_key: dict[str, list[AdministrativeUnit]] = defaultdict(list)
        for unit in districts:
            unit.parent = self.by_pk.get(unit.parent_id)
            self.by_pk[unit.pk] = unit
            self.districts_by_key[place_key(unit.name, DISTRICT_PREFIXES)].append(unit)
        self.communes_by_key: dict[str, list[AdministrativeUnit]] = defaultdict(list)
        for unit in communes:
            unit.parent = self.by_pk.get(unit.parent_id)
            self.by_pk[unit.pk] = unit
            self.communes_by_key[place_key(unit.name, COMMUNE_PREFIXES)].append(unit)

    def expand(self, ids: set[int]) -> set[int]:
        result = set(ids)
        for pk in ids:
            result |= self.related.get(pk, set())
        return result

    def province_of(self, commune: AdministrativeUnit) -> AdministrativeUnit | None:
        parent = commune.parent
        if parent is not None and parent.level == UnitLevel.DISTRICT:
            return parent.parent
        return parent

    def resolve_commune(self, province_text, district_text, commune_text):
        """(commune, None) or (None, (column key, message))."""
        province_key = place_key(province_text, PROVINCE_PREFIXES)
        provinces = self.provinces_by_key.get(province_key, [])
        if not provinces:
            return None, ("province", f"Không tìm thấy tỉnh, thành phố “{cell_text(province_text)}”.")
        province_ids = self.expand({unit.pk for unit in provinces})
        commune_key = place_key(commune_text, COMMUNE_PREFIXES)
        if not is_blank(district_text):
            districts = [
                unit for unit in self.districts_by_key.get(place_key(district_text, DISTRICT_PREFIXES), [])
                if unit.parent_id in province_ids
            ]
            districts = _narrow(districts, district_text, DISTRICT_PREFIXES)
            if not districts:
                return None, (
                    "district",
                    f"Không tìm thấy huyện “{cell_text(district_text)}” thuộc tỉnh “{cell_text(province_text)}” "
                    "(cấp huyện chỉ có trước 1/7/2025; với đơn vị mới hãy để trống cột Huyện).",
                )
            district_ids = {unit.pk for unit in districts}
            candidates = [u for u in self.communes_by_key.get(commune_key, []) if u.parent_id in district_ids]
            candidates = _narrow(candidates, commune_text, COMMUNE_PREFIXES)
            where = f"huyện “{cell_text(district_text)}”, tỉnh “{cell_text(province_text)}”"
        else:
            in_province = [
                u for u in self.communes_by_key.get(commune_key, [])
                if (self.province_of(u) is not None and self.province_of(u).pk in province_ids)
            ]
            candidates = [u for u in in_province if u.is_current] or in_province
            candidates = _narrow(candidates, commune_text, COMMUNE_PREFIXES)
            where = f"tỉnh “{cell_text(province_text)}”"
        if not candidates:
            return None, ("commune", f"Không tìm thấy xã, phường “{cell_text(commune_text)}” thuộc {where}.")
        if len(candidates) > 1:
            parents = ", ".join(sorted({u.parent.name for u in candidates if u.parent}))
            return None, (
                "commune",
                f"Có {len(candidates)} đơn vị tên “{cell_text(commune_text)}” ({parents}); hãy ghi cột Huyện để phân biệt.",
            )
        return candidates[0], None

    def issuing_unit(self, level: str, decided_on: date, province_text, district_text, commune):
        """(unit, None) or (None, (column key, message)) for the UBND that issued the decision."""
        if level == DecisionLevel.CENTRAL:
            return None, None
        if level == DecisionLevel.DISTRICT:
            if not is_blank(district_text):
                district_key = place_key(district_text, DISTRICT_PREFIXES)
                for unit in self.districts_by_key.get(district_key, []):
                    if commune.parent_id == unit.pk:
                        return unit, None
            if commune.parent is not None and commune.parent.level == UnitLevel.DISTRICT:
                return commune.parent, None
            return None, (
                "district",
                "Cấp công nhận là huyện nhưng không xác định được huyện: hãy ghi cột Huyện (tên huyện trước 1/7/2025).",
            )
        own = self.province_of(commune)
        if own is None:
            return None, ("province", "Không xác định được tỉnh ban hành quyết định.")
        candidates = [self.by_pk[pk] for pk in sorted(self.expand({own.pk})) if pk in self.by_pk]
        valid = [unit for unit in candidates if unit.is_valid_on(decided_on)]
        named = [u for u in valid if place_key(u.name, PROVINCE_PREFIXES) == place_key(province_text, PROVINCE_PREFIXES)]
        if own in valid:
            return own, None
        if len(named) == 1:
            return named[0], None
        if len(valid) == 1:
            return valid[0], None
        return None, (
            "province",
            f"Không xác định được tỉnh ban hành quyết định ngày {format_date_vn(decided_on)}; kiểm tra cột Tỉnh.",
        )
