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


@pytest.mark.django_db
def test_a_document_not_yet_issued_explains_why_in_the_layout_with_a_way_back(client_for, demo):
    from ocop.evaluation.models import Dossier, DossierState

    dossier = Dossier.objects.filter(state=DossierState.DRAFT, producer__name__contains="Đăk Kôi").first()
    response = client_for("chuthe1").get(f"/ho-so/{dossier.pk}/van-ban/mau-03.pdf")
    html = response.content.decode()
    assert response.status_code == 404
    assert 'aria-label="Điều hướng chính"' in html and "Hồ sơ đánh giá" in html  # the menu
    assert "có sau khi UBND xã ban hành báo cáo Mẫu 03" in html
    assert f'href="/ho-so/{dossier.pk}/"' in html and "Quay lại hồ sơ" in html


@pytest.mark.django_db
def test_the_minutes_before_scoring_closes_say_when_they_come(client_for, demo):
    from ocop.councils.models import CouncilEvaluation, EvaluationStatus

    evaluation = CouncilEvaluation.objects.filter(status=EvaluationStatus.SCORING).first()
    if evaluation is None:  # the demo closes all its sessions: reopen one for the check
        evaluation = CouncilEvaluation.objects.first()
        CouncilEvaluation.objects.filter(pk=evaluation.pk).update(status=EvaluationStatus.SCORING)
    response = client_for("admin").get(f"/hoi-dong/danh-gia/{evaluation.pk}/bien-ban.docx")
    html = response.content.decode()
    assert response.status_code == 403
    assert "Biên bản có sau khi Hội đồng kết thúc chấm điểm." in html
    assert f'href="/hoi-dong/danh-gia/{evaluation.pk}/"' in html


@pytest.mark.django_db
def test_it_serves_its_own_favicon(client):
    import io

    from PIL import Image

    response = client.get("/favicon.ico")
    assert response.status_code == 200 and response["Content-Type"] == "image/x-icon"
    image = Image.open(io.BytesIO(response.content))
    assert image.format == "ICO"
    centre = image.convert("RGB").getpixel((image.width // 2, image.height // 2))
    assert centre[0] > 200 and centre[1] > 150  # the gold star, not the green square
    page = client.get("/tai-khoan/dang-nhap/").content.decode()
    assert "img/favicon.svg" in page and 'href="/favicon.ico"' in page
