"""Every product view for every role, allowed and forbidden (docs/permissions.md)."""

import pytest
from django.urls import reverse

from ocop.core.tests.helpers import ROLES, assert_register_matrix
from ocop.producers.tests.test_permissions import EXPECTED as PRODUCER_PAGES
from ocop.products.models import Product

# role → list, create, read of (chuthe1's coffee, p07's legacy coffee, chuthe2's rice),
# edit of the same three: the same as for their producers, except that a producer may add
# products (of its own) though not producers.
EXPECTED = {
    **PRODUCER_PAGES,
    "chuthe1":          (200, 200, (200, 404, 404), (200, 404, 404)),
    "chuthe2":          (200, 200, (404, 404, 200), (404, 404, 200)),
}


@pytest.fixture
def targets(demo):
    return [
        Product.objects.get(name="Cà phê bột Robusta Đăk Kôi"),
        Product.objects.get(name="Cà phê hạt rang Đắk Tơ Lung"),
        Product.objects.get(name="Gạo lúa rẫy Kon Braih"),
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_it_applies_the_permission_matrix_to_every_product_view(role, client_for, targets):
    client = client_for(role)

    def photo_upload(product, expected):
        photo = client.post(reverse("products:photo_add", args=[product.pk]), {})
        # Photo uploads follow the edit right; an allowed empty post just redirects back.
        assert photo.status_code == (302 if expected == 200 else expected), product

    assert_register_matrix(client, "products", targets, EXPECTED[role], on_edit=photo_upload)


@pytest.mark.django_db
def test_it_refuses_chuthe1_editing_chuthe2s_product(client_for, targets):
    rice = targets[2]
    response = client_for("chuthe1").post(
        reverse("products:edit", args=[rice.pk]),
        {"name": "Bị sửa", "producer": rice.producer_id, "category": rice.category_id, "status": rice.status},
    )
    assert response.status_code == 404
    rice.refresh_from_db()
    assert rice.name == "Gạo lúa rẫy Kon Braih"


@pytest.mark.django_db
def test_it_offers_a_producer_only_itself_when_adding_a_product(client_for, demo):
    response = client_for("chuthe1").get(reverse("products:create"))
    producers = list(response.context["form"].fields["producer"].queryset)
    assert producers == [demo["producers"]["producer1"]]


@pytest.mark.django_db
def test_it_refuses_a_producer_adding_a_product_for_another_producer(client_for, demo):
    other = demo["producers"]["producer2"]
    response = client_for("chuthe1").post(
        reverse("products:create"),
        {"name": "Sản phẩm lạ", "producer": other.pk, "category": 1, "status": "dang_hoan_thien"},
    )
    assert response.status_code == 200
    assert "producer" in response.context["form"].errors
    assert not Product.objects.filter(name="Sản phẩm lạ").exists()
