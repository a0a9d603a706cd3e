"""Selectors the planning dashboards call: grouped in the database, scoped, by old or new unit."""

import pytest

from ocop.ideas import selectors
from tests.factories import current_commune


@pytest.mark.django_db
def test_it_counts_ideas_registered_and_approved_per_commune_and_year(users, django_assert_max_num_queries):
    with django_assert_max_num_queries(5):
        rows = selectors.idea_counts_by_commune_year(actor=users["tinh"])
    counts = {(r.commune.name, r.year): (r.registered, r.approved) for r in rows}
    assert counts[("Xã Đắk Kôi", 2024)] == (2, 1)  # coffee listed, pickled bamboo shoots rejected
    assert counts[("Xã Đắk Ruồng", 2024)] == (1, 0)  # rice wine removed by the amendment
    assert counts[("Xã Đắk Tơ Lung", 2024)] == (1, 1)  # added by the amendment
    assert counts[("Xã Kon Braih", 2026)] == (1, 0)  # sent, not yet reviewed
    assert counts[("Xã Đăk Rve", 2026)] == (0, 0)  # a draft is not registered yet
    legacy = next(r for r in rows if r.commune.name == "Xã Đắk Ruồng")
    assert [u.name for u in legacy.current_units] == ["Xã Kon Braih"]


@pytest.mark.django_db
def test_it_filters_by_todays_unit_including_the_communes_it_replaced(users):
    rows = selectors.idea_counts_by_commune_year(actor=users["tinh"], unit=current_commune("23497"))
    assert {(r.commune.name, r.year) for r in rows} == {
        ("Xã Đắk Tờ Re", 2024), ("Xã Tân Lập", 2024), ("Xã Đắk Ruồng", 2024), ("Xã Kon Braih", 2026),
    }
    assert selectors.idea_counts_by_commune_year(actor=users["tinh"], years=[2026], unit=current_commune("23497"))[0].registered == 1


@pytest.mark.django_db
def test_each_reader_counts_only_what_it_may_see(users):
    assert {r.commune.name for r in selectors.idea_counts_by_commune_year(actor=users["chuthe2"])} == {
        "Xã Đắk Tờ Re", "Xã Kon Braih"
    }
    assert selectors.idea_counts_by_commune_year(actor=users["xa.dakrve"], years=[2026])[0].commune.name == "Xã Đăk Rve"
