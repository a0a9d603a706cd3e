"""Every producer view for every role, allowed and forbidden (docs/permissions.md).

Objects: producer1 (today's Xã Đăk Kôi, owned by chuthe1), p07 (legacy Xã Đắk Tơ Lung, now
part of Xã Đăk Kôi), producer2 (today's Xã Kon Braih, owned by chuthe2).
"""

import pytest
from django.urls import reverse

from ocop.core.tests.helpers import ROLES, assert_login_required, assert_register_matrix

# role → expected status for: list, create, detail/history of (producer1, p07, producer2),
# edit of (producer1, p07, producer2)
EXPECTED = {
    "admin":            (200, 200, (200, 200, 200), (200, 200, 200)),
    "tinh":             (200, 200, (200, 200, 200), (200, 200, 200)),
    "huyen":            (200, 403, (404, 200, 404), (404, 403, 404)),
    "xa.dakrve":        (200, 200, (404, 404, 404), (404, 404, 404)),
    "xa.dakkoi":        (200, 200, (200, 200, 404), (200, 403, 404)),
    "xa.konbraih":      (200, 200, (404, 404, 200), (404, 404, 200)),
    "hoidong1":         (200, 403, (200, 200, 200), (403, 403, 403)),
    "hoidong2":         (200, 403, (200, 200, 200), (403, 403, 403)),
    "hoidong3":         (200, 403, (200, 200, 200), (403, 403, 403)),
    "tuvan1":           (200, 403, (200, 200, 200), (403, 403, 403)),
    "nganh.congthuong": (200, 403, (200, 200, 200), (403, 403, 403)),
    "chuthe1":          (200, 403, (200, 404, 404), (200, 404, 404)),
    "chuthe2":          (200, 403, (404, 404, 200), (404, 404, 200)),
}


@pytest.fixture
def targets(demo):
    producers = demo["producers"]
    return [producers["producer1"], producers["p07"], producers["producer2"]]


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_it_applies_the_permission_matrix_to_every_producer_view(role, client_for, targets):
    assert_register_matrix(client_for(role), "producers", targets, EXPECTED[role])


@pytest.mark.django_db
@pytest.mark.parametrize("url_name", ["producers:list", "producers:create", "producers:detail", "producers:edit", "producers:history"])
def test_it_sends_anonymous_users_to_the_login_page(client, targets, url_name):
    args = [] if url_name in ("producers:list", "producers:create") else [targets[0].pk]
    assert_login_required(client, reverse(url_name, args=args))


@pytest.mark.django_db
def test_it_refuses_a_commune_officer_posting_to_another_communes_producer(client_for, targets):
    konbraih = targets[2]
    response = client_for("xa.dakkoi").post(
        reverse("producers:edit", args=[konbraih.pk]), {"name": "Đã bị sửa"}
    )
    assert response.status_code == 404
    konbraih.refresh_from_db()
    assert konbraih.name == "Hợp tác xã Dịch vụ nông nghiệp Kon Braih"


@pytest.mark.django_db
def test_it_refuses_a_commune_officer_creating_a_producer_in_another_commune(client_for, users):
    from tests.factories import current_commune

    response = client_for("xa.dakkoi").post(
        reverse("producers:create"),
        {
            "name": "HTX Ngoài địa bàn",
            "producer_type": "hop_tac_xa",
            "representative_name": "A B",
            "representative_gender": "nam",
            "representative_ethnicity": "Kinh",
            "address": "Thôn 2",
            "commune": current_commune("23497").pk,
            "workforce_total": 1,
            "workforce_local": 1,
        },
    )
    assert response.status_code == 200
    assert "commune" in response.context["form"].errors
    from ocop.producers.models import Producer

    assert not Producer.objects.filter(name="HTX Ngoài địa bàn").exists()


@pytest.mark.django_db
def test_it_lists_only_the_communes_own_and_predecessor_producers(client_for):
    response = client_for("xa.dakkoi").get(reverse("producers:list"))
    names = {producer.name for producer, _ in response.context["rows"]}
    assert "Hợp tác xã Nông nghiệp Đăk Kôi" in names  # today's Đăk Kôi
    assert "Hợp tác xã Cà phê Đắk Tơ Lung" in names  # legacy Đắk Tơ Lung, now Đăk Kôi
    assert "Trang trại Heo đen Đắk Kôi" in names  # legacy Đắk Kôi
    assert "Hợp tác xã Dịch vụ nông nghiệp Kon Braih" not in names
    assert "Hợp tác xã Sâm dây Đắk Rve" not in names


@pytest.mark.django_db
def test_it_shows_a_producer_its_own_record_only(client_for):
    response = client_for("chuthe2").get(reverse("producers:list"))
    names = [producer.name for producer, _ in response.context["rows"]]
    assert names == ["Hợp tác xã Dịch vụ nông nghiệp Kon Braih"]
