"""The read-mostly admin: diacritics-free search, no editing of loaded units."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client_(client, django_user_model):
    admin = django_user_model.objects.create_superuser(username="quantri", password="x-y-z-123")
    client.force_login(admin)
    return client


def test_it_searches_units_without_diacritics_in_the_admin(admin_client_):
    response = admin_client_.get(
        reverse("admin:territory_administrativeunit_changelist"), {"q": "Đăk Kôi"}
    )
    assert response.status_code == 200
    assert "Xã Đăk Kôi" in response.text
    assert "Xã Đắk Kôi" in response.text


def test_it_shows_a_unit_read_only_in_the_admin(admin_client_, current_unit):
    unit = current_unit("commune", "23485")
    url = reverse("admin:territory_administrativeunit_change", args=[unit.pk])
    response = admin_client_.get(url)
    assert response.status_code == 200
    assert "Xã Đắk Tơ Lung" in response.text  # predecessor inline
    assert admin_client_.post(url, {"name": "Đổi tên"}).status_code == 403
