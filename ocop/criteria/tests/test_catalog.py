"""The catalog loader."""

import pytest

from ocop.criteria import catalog


def test_get_set_returns_the_numbered_set_and_is_cached():
    cset = catalog.get_set(13)
    assert (cset.number, cset.version) == (13, "qd26-2026")
    assert catalog.get_set(13) is cset


def test_unknown_set_or_version_raise_in_vietnamese():
    with pytest.raises(catalog.CriteriaSetNotFound, match="số 27"):
        catalog.get_set(27)
    with pytest.raises(catalog.CriteriaSetNotFound, match="qd1048"):
        catalog.all_sets("qd1048")


def test_classification_tree_maps_appendix_i_to_set_numbers():
    tree = catalog.classification_tree()
    assert [nganh["code"] for nganh in tree] == ["I", "II", "III", "IV", "V", "VI"]
    food = tree[0]["groups"]
    assert food[0]["subgroups"][0] == {"code": "a", "name": "Rau, củ, quả, hạt tươi", "set": 1}
    coffee = food[5]
    assert (coffee["name"], coffee["set"], coffee["subgroups"]) == ("Cà phê, ca cao", 13, [])
    numbers = [sub["set"] for n in tree for g in n["groups"] for sub in (g["subgroups"] or [g])]
    assert numbers == list(range(1, 27))


def test_find_sets_ignores_diacritics():
    assert [c.number for c in catalog.find_sets("ca phe")] == [13]
    assert 14 in [c.number for c in catalog.find_sets("ruou")]


def test_set_choices_for_forms():
    choices = catalog.set_choices()
    assert choices[0] == (1, "1. Rau, củ, quả, hạt tươi")
    assert len(choices) == 26


def test_committed_files_match_the_manifest_hashes():
    assert catalog.manifest_problems(catalog.data_dir()) == []
