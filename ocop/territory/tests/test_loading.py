"""The units, successions and names loaded by migration 0002 from vietnam-provinces."""

from datetime import date

import pytest

from ocop.territory.models import AdministrativeUnit, SuccessionKind, UnitKind, UnitSuccession

pytestmark = pytest.mark.django_db

KON_RAY_COMMUNES = {
    "23479": "Thị trấn Đắk Rve",
    "23482": "Xã Đắk Kôi",
    "23485": "Xã Đắk Tơ Lung",
    "23488": "Xã Đắk Ruồng",
    "23491": "Xã Đắk Pne",
    "23494": "Xã Đắk Tờ Re",
    "23497": "Xã Tân Lập",
}


def test_it_loads_34_current_provinces_and_3321_current_communes():
    current = AdministrativeUnit.objects.filter(valid_to__isnull=True)
    assert current.filter(level="province").count() == 34
    assert current.filter(level="commune").count() == 3321
    assert not current.filter(level="district").exists()


def test_it_loads_every_legacy_province_district_and_commune():
    legacy = AdministrativeUnit.objects.filter(valid_to=date(2025, 6, 30))
    assert legacy.filter(level="province").count() == 63
    assert legacy.filter(level="district").count() == 696
    assert legacy.filter(level="commune").count() == 10051


def test_it_loads_kon_tum_with_all_its_districts_including_kon_ray(legacy_unit):
    kon_tum = legacy_unit("province", "62")
    assert kon_tum.name == "Tỉnh Kon Tum"
    districts = set(kon_tum.children.values_list("code", flat=True))
    assert "614" in districts
    assert len(districts) == 10  # Thành phố Kon Tum and nine districts


def test_it_loads_kon_ray_with_its_seven_communes(legacy_unit):
    kon_ray = legacy_unit("district", "614")
    assert (kon_ray.name, kon_ray.kind) == ("Huyện Kon Rẫy", UnitKind.HUYEN)
    assert kon_ray.parent.code == "62"
    assert dict(kon_ray.children.values_list("code", "name")) == KON_RAY_COMMUNES


def test_it_dates_current_and_legacy_units(current_unit, legacy_unit):
    dak_koi = current_unit("commune", "23485")
    assert (dak_koi.valid_from, dak_koi.valid_to) == (date(2025, 7, 1), None)
    tan_lap = legacy_unit("commune", "23497")
    assert (tan_lap.valid_from, tan_lap.valid_to) == (None, date(2025, 6, 30))


def test_it_keeps_colliding_legacy_and_current_codes_apart(current_unit, legacy_unit):
    assert current_unit("commune", "23479").name == "Xã Đăk Rve"
    assert legacy_unit("commune", "23479").name == "Thị trấn Đắk Rve"


@pytest.mark.parametrize(
    ("level", "code", "current", "name", "kind"),
    [
        ("province", "51", True, "Tỉnh Quảng Ngãi", UnitKind.TINH),
        ("province", "01", True, "Thành phố Hà Nội", UnitKind.THANH_PHO_TRUNG_UONG),
        ("commune", "23479", True, "Xã Đăk Rve", UnitKind.XA),
        ("commune", "21548", True, "Đặc khu Lý Sơn", UnitKind.DAC_KHU),
        ("commune", "00004", True, "Phường Ba Đình", UnitKind.PHUONG),
        ("commune", "23479", False, "Thị trấn Đắk Rve", UnitKind.THI_TRAN),
        ("district", "001", False, "Quận Ba Đình", UnitKind.QUAN),
        ("district", "608", False, "Thành phố Kon Tum", UnitKind.THANH_PHO),
    ],
)
def test_it_uses_full_names_and_maps_division_types(level, code, current, name, kind):
    unit = AdministrativeUnit.objects.get(level=level, code=code, valid_to__isnull=current)
    assert (unit.name, unit.kind) == (name, kind)


def test_it_fills_search_text_without_diacritics(current_unit):
    assert current_unit("commune", "23485").search_text == "xa dak koi 23485"


def test_it_records_source_and_legal_basis(legacy_unit):
    unit = legacy_unit("commune", "23485")
    assert unit.source == "vietnam-provinces 2026.9.0"
    link = UnitSuccession.objects.get(predecessor=unit)
    assert link.effective_date == date(2025, 7, 1)
    assert "sắp xếp đơn vị hành chính cấp xã" in link.legal_basis


@pytest.mark.parametrize(
    ("new_code", "old_codes"),
    [
        ("23479", {"23479", "23491"}),  # TT Đắk Rve + Đắk Pne → xã Đăk Rve
        ("23485", {"23482", "23485"}),  # Đắk Kôi + Đắk Tơ Lung → xã Đăk Kôi
        ("23497", {"23488", "23494", "23497"}),  # Đắk Ruồng + Đắk Tờ Re + Tân Lập → Kon Braih
    ],
)
def test_it_links_kon_ray_communes_to_their_2025_successors(current_unit, new_code, old_codes):
    successor = current_unit("commune", new_code)
    links = UnitSuccession.objects.filter(successor=successor).select_related("predecessor")
    assert {link.predecessor.code for link in links} == old_codes
    assert {link.predecessor.parent.code for link in links} == {"614"}
    assert {link.kind for link in links} == {SuccessionKind.MERGE}


def test_it_names_kon_braih(current_unit):
    assert current_unit("commune", "23497").name == "Xã Kon Braih"


def test_it_links_kon_tum_to_quang_ngai(current_unit, legacy_unit):
    link = UnitSuccession.objects.get(predecessor=legacy_unit("province", "62"))
    assert link.successor == current_unit("province", "51")
    assert link.kind == SuccessionKind.MERGE
    assert "202/2025/QH15" in link.legal_basis


def test_it_links_an_unchanged_province_as_kept_boundaries(current_unit, legacy_unit):
    link = UnitSuccession.objects.get(predecessor=legacy_unit("province", "04"))
    assert link.successor == current_unit("province", "04")
    assert link.kind == SuccessionKind.RENAME


def test_it_marks_partly_merged_communes_as_split(legacy_unit):
    # Legacy Phường Ngọc Hà (00016, Quận Ba Đình): parts went to today's Phường Ba Đình
    # (00004) and Phường Ngọc Hà (00008).
    links = UnitSuccession.objects.filter(predecessor=legacy_unit("commune", "00016"))
    assert {link.successor.code for link in links} == {"00004", "00008"}
    assert {link.kind for link in links} == {SuccessionKind.SPLIT}


def test_it_links_island_districts_to_their_special_zones(current_unit, legacy_unit):
    link = UnitSuccession.objects.get(predecessor=legacy_unit("district", "536"))
    assert link.successor == current_unit("commune", "21548")
    assert link.successor.name == "Đặc khu Lý Sơn"
