"""Every role against the promotion and communication pages, allowed and forbidden.

Records (demo): the 2024 provincial fair followed by Huyện Kon Rẫy (producer1 and p03 took
part), the showroom in today's Xã Đăk Rve (displays producer1's coffee), the coffee's Shopee
listing (producer1, Xã Đăk Kôi), a consultant of Quảng Ngãi, the 2024 district conference.
"""

import pytest
from django.urls import reverse

from ocop.core.tests.helpers import ROLES
from ocop.promotion.models import (
    CommunicationActivity,
    Consultant,
    EcommerceListing,
    Showroom,
    TradeEvent,
)

# role → (event create, event detail, event edit, showroom detail, showroom edit, listing edit,
#          consultant create, consultant detail, consultant edit, communication detail, communication edit)
EXPECTED = {
    "admin":            (200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    "tinh":             (200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    "huyen":            (403, 200, 403, 200, 403, 404, 403, 200, 403, 200, 403),
    "xa.dakrve":        (200, 200, 403, 200, 200, 404, 403, 200, 403, 200, 403),
    "xa.dakkoi":        (200, 200, 403, 404, 404, 200, 403, 200, 403, 200, 403),
    "xa.konbraih":      (200, 200, 403, 404, 404, 404, 403, 200, 403, 200, 403),
    "hoidong1":         (403, 200, 403, 200, 403, 403, 403, 200, 403, 200, 403),
    "hoidong2":         (403, 200, 403, 200, 403, 403, 403, 200, 403, 200, 403),
    "hoidong3":         (403, 200, 403, 200, 403, 403, 403, 200, 403, 200, 403),
    "tuvan1":           (403, 200, 403, 200, 403, 403, 403, 200, 403, 200, 403),
    "nganh.congthuong": (403, 200, 403, 200, 403, 403, 403, 200, 403, 200, 403),
    "chuthe1":          (403, 200, 403, 200, 403, 200, 403, 200, 403, 404, 404),
    "chuthe2":          (403, 404, 404, 200, 403, 404, 403, 200, 403, 404, 404),
}


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_it_applies_the_permission_matrix_to_promotion_pages(role, client_for, demo):
    client = client_for(role)
    event = TradeEvent.objects.get(name="Hội chợ sản phẩm OCOP tỉnh Kon Tum năm 2024")
    showroom = Showroom.objects.get()
    listing = EcommerceListing.objects.get(platform="shopee")
    consultant = Consultant.objects.get(name__startswith="Trung tâm Thiết kế bao bì")
    activity = CommunicationActivity.objects.get(title__startswith="Hội nghị triển khai")
    for name in ("event_list", "showroom_list", "listing_list", "consultant_list", "communication_list"):
        assert client.get(reverse(f"promotion:{name}")).status_code == 200, name
    urls = [
        reverse("promotion:event_create"),
        reverse("promotion:event_detail", args=[event.pk]),
        reverse("promotion:event_edit", args=[event.pk]),
        reverse("promotion:showroom_detail", args=[showroom.pk]),
        reverse("promotion:showroom_edit", args=[showroom.pk]),
        reverse("promotion:listing_edit", args=[listing.pk]),
        reverse("promotion:consultant_create"),
        reverse("promotion:consultant_detail", args=[consultant.pk]),
        reverse("promotion:consultant_edit", args=[consultant.pk]),
        reverse("promotion:communication_detail", args=[activity.pk]),
        reverse("promotion:communication_edit", args=[activity.pk]),
    ]
    assert tuple(client.get(url).status_code for url in urls) == EXPECTED[role]


@pytest.mark.django_db
def test_a_commune_officer_cannot_change_another_communes_showroom(client_for, demo):
    showroom = Showroom.objects.get()
    response = client_for("xa.konbraih").post(reverse("promotion:showroom_edit", args=[showroom.pk]), {"name": "Đổi tên"})
    assert response.status_code == 404
    showroom.refresh_from_db()
    assert showroom.name == "Điểm giới thiệu và bán sản phẩm OCOP Kon Rẫy"


@pytest.mark.django_db
def test_the_menu_shows_promotion_to_those_who_use_it(client_for, client):
    html = client_for("nganh.congthuong").get(reverse("core:home")).content.decode()
    assert "Xúc tiến thương mại" in html and "Tuyên truyền" in html and "Ý tưởng sản phẩm" in html
    assert "Phương án kinh doanh" in html and "Hỗ trợ" in html
