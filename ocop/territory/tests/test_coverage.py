"""UnitCoverage: which units' records count under a unit."""

from datetime import date

import pytest
from django.core.management import call_command

from ocop.territory.models import UnitCoverage
from ocop.territory.selectors import units_within
from ocop.territory.services import unit_coverage_rebuild

pytestmark = pytest.mark.django_db


def codes(units, level):
    return {u.code for u in units if u.level == level}


def test_it_counts_legacy_communes_under_todays_commune(current_unit, legacy_unit):
    dak_koi = current_unit("commune", "23485")
    within = set(units_within(dak_koi))
    assert within == {
        dak_koi,
        legacy_unit("commune", "23482"),  # Đắk Kôi
        legacy_unit("commune", "23485"),  # Đắk Tơ Lung
    }


def test_it_counts_legacy_kon_ray_and_its_communes_under_todays_quang_ngai(
    current_unit, legacy_unit
):
    within = set(units_within(current_unit("province", "51")))
    kon_ray = legacy_unit("district", "614")
    assert kon_ray in within
    assert set(kon_ray.children.all()) <= within
    assert legacy_unit("province", "62") in within
    assert current_unit("commune", "23497") in within
    assert current_unit("province", "51") in within
    assert legacy_unit("province", "01") not in within


def test_it_counts_only_its_own_communes_under_a_legacy_district(legacy_unit):
    kon_ray = legacy_unit("district", "614")
    within = list(units_within(kon_ray))
    assert set(within) == {kon_ray, *kon_ray.children.all()}
    assert len(within) == 8
    assert all(not unit.is_current for unit in within)


def test_it_does_not_count_a_neighbour_under_todays_commune(current_unit, legacy_unit):
    assert legacy_unit("commune", "23488") not in set(
        units_within(current_unit("commune", "23485"))
    )


def test_it_rebuilds_the_same_coverage_as_the_migration():
    before = set(UnitCoverage.objects.values_list("unit_id", "covered_id"))
    assert unit_coverage_rebuild() == len(before)
    assert set(UnitCoverage.objects.values_list("unit_id", "covered_id")) == before


def test_it_follows_a_later_reorganisation_after_a_rebuild(merged_in_2027):
    # A hypothetical 2027 merger: today's Xã Đăk Kôi ends and goes into a new commune.
    dak_koi, merged, old_dak_koi, old_dak_to_lung = merged_in_2027
    unit_coverage_rebuild(today=date(2027, 1, 1))
    assert set(units_within(merged)) == {merged, dak_koi, old_dak_koi, old_dak_to_lung}
    # Once no longer valid, Xã Đăk Kôi covers only itself (it has no children).
    assert list(units_within(dak_koi)) == [dak_koi]


def test_it_offers_a_command_to_rebuild_coverage(capsys):
    call_command("ocop_territory_rebuild_coverage")
    assert "Đã tính lại phạm vi địa bàn" in capsys.readouterr().out
