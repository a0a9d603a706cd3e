"""Errors speak Vietnamese, like every other page."""

import pytest
from django.test import Client


@pytest.mark.django_db
def test_a_missing_page_is_explained_in_vietnamese(client):
    response = client.get("/khong-co-trang-nay/")
    html = response.content.decode()
    assert response.status_code == 404
    assert '<html lang="vi">' in html and "Không tìm thấy trang" in html and "Not Found" not in html


@pytest.mark.django_db
def test_a_hidden_record_says_why_and_a_forbidden_action_says_so(client_for, demo):
    from ocop.producers.models import Producer

    other = Producer.objects.get(name="Hợp tác xã Dịch vụ nông nghiệp Kon Braih")
    hidden = client_for("chuthe1").get(f"/chu-the/{other.pk}/")
    assert hidden.status_code == 404 and "Không tìm thấy" in hidden.content.decode()
    forbidden = client_for("hoidong2").post("/hoi-dong/1/quyet-dinh/")
    assert forbidden.status_code in (403, 404)
    assert "Forbidden" not in forbidden.content.decode() and "Not Found" not in forbidden.content.decode()


@pytest.mark.django_db
def test_an_expired_form_is_explained_in_vietnamese(users, demo):
    client = Client(enforce_csrf_checks=True)
    client.force_login(users["chuthe1"])
    response = client.post("/tai-khoan/doi-mat-khau/", {})
    assert response.status_code == 403
    assert "Không gửi được biểu mẫu" in response.content.decode()


def test_a_server_error_page_needs_nothing_to_render():
    from django.template import loader

    html = loader.get_template("500.html").render()
    assert '<html lang="vi">' in html and "Hệ thống gặp lỗi" in html
