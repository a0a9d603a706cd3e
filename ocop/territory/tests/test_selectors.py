"""Search, today's units for old ones, and the display helpers."""

from datetime import date

import pytest
from django.db import connection
from django.template import Context, Template
from django.test.utils import CaptureQueriesContext

from ocop.territory.selectors import (
    PERIOD_CURRENT,
    PERIOD_LEGACY,
    current_communes,
    current_successors,
    current_units_map,
    display_with_current,
    unit_children,
    unit_search,
)

pytestmark = pytest.mark.django_db


def test_it_finds_units_without_diacritics():
    names = list(unit_search("dak koi").values_list("name", flat=True))
    assert "Xã Đăk Kôi" in names
    assert "Xã Đắk Kôi" in names


def test_it_lists_todays_unit_first():
    assert unit_search("dak koi").first().name == "Xã Đăk Kôi"


def test_it_finds_units_by_code():
    assert {u.name for u in unit_search("23485")} == {"Xã Đăk Kôi", "Xã Đắk Tơ Lung"}


def test_it_filters_by_period_and_level():
    assert [u.name for u in unit_search("dak koi", period=PERIOD_CURRENT)] == ["Xã Đăk Kôi"]
    assert [u.name for u in unit_search("dak koi", period=PERIOD_LEGACY)] == ["Xã Đắk Kôi"]
    assert [u.code for u in unit_search("kon ray", level="district")] == ["614"]


def test_it_finds_todays_successor_of_a_merged_commune(legacy_unit):
    assert [u.name for u in current_successors(legacy_unit("commune", "23485"))] == ["Xã Đăk Kôi"]


def test_it_returns_a_current_unit_as_its_own_successor(current_unit):
    dak_koi = current_unit("commune", "23485")
    assert current_successors(dak_koi) == [dak_koi]


def test_it_returns_every_successor_of_a_split_commune(legacy_unit):
    names = {u.name for u in current_successors(legacy_unit("commune", "00016"))}
    assert names == {"Phường Ba Đình", "Phường Ngọc Hà"}


def test_it_follows_successions_transitively(merged_in_2027):
    _dak_koi, later, _old_dak_koi, old_dak_to_lung = merged_in_2027
    assert current_successors(old_dak_to_lung, on=date(2027, 6, 1)) == [later]


def test_it_maps_many_units_to_todays_units_in_two_queries(current_unit, legacy_unit):
    ids = [legacy_unit("commune", code).pk for code in ("23479", "23482", "23485", "23497")]
    ids.append(current_unit("commune", "23485").pk)
    ids.append(legacy_unit("district", "614").pk)
    with CaptureQueriesContext(connection) as queries:
        result = current_units_map(ids)
    assert len(queries) == 2
    assert [u.name for u in result[ids[0]]] == ["Xã Đăk Rve"]
    assert [u.name for u in result[ids[1]]] == ["Xã Đăk Kôi"]
    assert [u.name for u in result[ids[3]]] == ["Xã Kon Braih"]
    assert [u.name for u in result[ids[4]]] == ["Xã Đăk Kôi"]
    assert result[ids[5]] == []  # districts were abolished, not succeeded


def test_it_shows_an_old_unit_with_todays_unit(legacy_unit, current_unit):
    assert (
        display_with_current(legacy_unit("commune", "23485"))
        == "Xã Đắk Tơ Lung (nay là Xã Đăk Kôi)"
    )
    assert display_with_current(current_unit("commune", "23485")) == "Xã Đăk Kôi"


def test_it_shows_a_legacy_district_within_todays_province(legacy_unit):
    assert display_with_current(legacy_unit("district", "614")) == (
        "Huyện Kon Rẫy (nay thuộc Tỉnh Quảng Ngãi)"
    )


def test_it_lists_todays_communes_for_form_choices(current_unit):
    quang_ngai = current_unit("province", "51")
    communes = current_communes(quang_ngai)
    names = set(communes.values_list("name", flat=True))
    assert {"Xã Đăk Rve", "Xã Đăk Kôi", "Xã Kon Braih"} <= names
    assert "Xã Đắk Tơ Lung" not in names
    assert current_communes().count() == 3321


def test_it_renders_a_unit_with_its_current_unit_in_templates(legacy_unit):
    old = legacy_unit("commune", "23482")
    template = Template(
        "{% load territory %}{{ unit|with_current }}|{{ unit|with_current:current }}|"
        "{% unit_with_current unit current %}"
    )
    current = current_units_map([old.pk])
    with CaptureQueriesContext(connection) as queries:
        Template("{% load territory %}{{ unit|with_current:current }}").render(
            Context({"unit": old, "current": current})
        )
    assert len(queries) == 0
    text, mapped, html = template.render(Context({"unit": old, "current": current})).split("|")
    assert text == mapped == "Xã Đắk Kôi (nay là Xã Đăk Kôi)"
    assert "Xã Đắk Kôi" in html
    assert "nay là Xã Đăk Kôi" in html


def test_it_sorts_names_ignoring_diacritics(legacy_unit):
    names = [u.name for u in unit_children(legacy_unit("district", "614"))]
    assert names.index("Xã Đắk Kôi") < names.index("Xã Tân Lập")
