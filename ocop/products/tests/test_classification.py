import pytest

from ocop.products.models import ProductCategory


@pytest.mark.django_db
def test_migrations_load_the_26_criteria_sets_as_classification_leaves():
    leaves = ProductCategory.objects.filter(criteria_set__isnull=False).order_by("position")
    assert [leaf.criteria_set for leaf in leaves] == list(range(1, 27))
    assert ProductCategory.objects.filter(level="sector").count() == 6
    assert ProductCategory.objects.filter(level="group").count() == 17


@pytest.mark.django_db
def test_a_group_without_subgroups_carries_its_set_directly():
    coffee = ProductCategory.objects.get(code="I.6")
    assert (coffee.level, coffee.criteria_set, coffee.parent.code) == ("group", 13, "I")
    assert coffee.managing_authority == "Bộ Nông nghiệp và Môi trường"
    honey = ProductCategory.objects.get(criteria_set=4)
    assert (honey.code, honey.parent.name) == ("I.2.b", "Thực phẩm thô, sơ chế")
