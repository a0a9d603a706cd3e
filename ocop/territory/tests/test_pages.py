"""The territory list and detail pages."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_it_sends_anonymous_visitors_to_login(client, current_unit):
    for url in (
        reverse("territory:list"),
        reverse("territory:detail", args=[current_unit("province", "51").pk]),
    ):
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("accounts:login"))


def test_it_lists_units_for_a_logged_in_user(user_client):
    response = user_client.get(reverse("territory:list"))
    assert response.status_code == 200
    assert "Địa bàn hành chính" in response.text
    assert "Thành phố Hà Nội" in response.text


def test_it_searches_without_diacritics(user_client):
    response = user_client.get(reverse("territory:list"), {"q": "dak koi"})
    assert "Xã Đăk Kôi" in response.text
    assert "Xã Đắk Kôi" in response.text
    assert "Nay là" in response.text


def test_it_filters_by_level_and_period(user_client):
    response = user_client.get(
        reverse("territory:list"), {"q": "kon", "cap": "district", "hieu_luc": "truoc-2025"}
    )
    assert "Huyện Kon Rẫy" in response.text
    assert "Xã Kon Braih" not in response.text
    assert "30/06/2025" in response.text
    assert "Nay thuộc" in response.text and "Tỉnh Quảng Ngãi" in response.text


def test_it_shows_the_history_of_todays_commune(user_client, current_unit):
    response = user_client.get(
        reverse("territory:detail", args=[current_unit("commune", "23485").pk])
    )
    assert response.status_code == 200
    text = response.text
    assert "Đơn vị trước sắp xếp" in text
    assert "Xã Đắk Kôi" in text and "Xã Đắk Tơ Lung" in text
    assert "Sáp nhập" in text
    assert "01/07/2025" in text
    assert "Tỉnh Quảng Ngãi" in text


def test_it_shows_the_successor_of_a_legacy_commune(user_client, legacy_unit):
    response = user_client.get(
        reverse("territory:detail", args=[legacy_unit("commune", "23485").pk])
    )
    text = response.text
    assert "Đơn vị sau sắp xếp" in text
    assert "Nay là" in text and "Xã Đăk Kôi" in text
    assert "Huyện Kon Rẫy" in text
    assert "30/06/2025" in text


def test_it_pages_the_children_of_a_province(user_client, current_unit, settings):
    quang_ngai = current_unit("province", "51")
    response = user_client.get(reverse("territory:detail", args=[quang_ngai.pk]))
    assert response.status_code == 200
    assert len(response.context["children_page"].object_list) == settings.PAGE_SIZE
    assert response.context["children_page"].paginator.count > settings.PAGE_SIZE


def test_it_answers_404_for_an_unknown_unit(user_client):
    assert user_client.get(reverse("territory:detail", args=[10**9])).status_code == 404


def _queries(client, params):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("territory:list"), params)
    assert response.status_code == 200
    assert response.context["rows"]
    return len(queries)


def test_it_lists_any_page_with_the_same_number_of_queries(user_client):
    pages = [
        {},  # today's provinces
        {"hieu_luc": "truoc-2025", "cap": "commune", "trang": "7"},  # legacy communes
        {"q": "kon ray"},  # a single legacy district
        {"q": "dak koi"},  # two rows, one current, one legacy
        {"cap": "district", "trang": "3"},  # legacy districts (shown under today's province)
    ]
    counts = [_queries(user_client, params) for params in pages]
    assert len(set(counts)) == 1, counts
