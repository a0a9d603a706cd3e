"""Mẫu 01 and Mẫu 02 in named steps with progress; every step saves as a draft."""

from datetime import date

import pytest
from django.urls import reverse

from ocop.evaluation import services
from ocop.evaluation.models import Dossier, DossierKind
from ocop.evaluation.tests.builders import current_dakkoi, legacy_dakkoi, make_product


def _draft(filed_on=date(2026, 9, 1), commune=None):
    product = make_product(commune=commune or current_dakkoi())
    return services.dossier_create(actor=None, product=product, kind=DossierKind.FIRST, filed_on=filed_on)


def _fresh(dossier):
    return Dossier.objects.get(pk=dossier.pk)


@pytest.mark.django_db
def test_it_shows_mau02_as_named_steps_with_progress(admin_client):
    dossier = _draft()
    url = reverse("evaluation:mau02", args=[dossier.pk])
    html = admin_client.get(url).content.decode()
    assert "Bước 1/5: Phần I (mục 1–6). Chủ thể và người đại diện pháp luật" in html
    assert '<progress class="w-100 mb-2 step-progress" value="1" max="5"' in html
    assert 'name="representative_gender"' in html and 'name="business_plan"' not in html
    assert "Lưu nháp" in html and "Tiếp tục" in html and "Quay lại</button>" not in html
    last = admin_client.get(url, {"buoc": 5}).content.decode()
    assert "Bước 5/5: Phần IV" in last and 'name="business_plan"' in last and "Lưu và hoàn tất" in last
    assert 'name="representative_gender"' not in last


@pytest.mark.django_db
def test_it_saves_a_draft_with_missing_fields(admin_client):
    dossier = _draft()
    url = reverse("evaluation:mau02", args=[dossier.pk])
    response = admin_client.post(url, {"buoc": 3, "thao_tac": "nhap", "results_production": "Vùng nguyên liệu 40 ha."})
    assert response.status_code == 302 and response["Location"].endswith("?buoc=3")
    saved = _fresh(dossier)
    assert saved.results_production == "Vùng nguyên liệu 40 ha."
    assert saved.results_market == ""  # left empty, still saved
    page = admin_client.get(response["Location"]).content.decode()
    assert "Đã lưu nháp bước 3/5" in page and "Vùng nguyên liệu 40 ha." in page


@pytest.mark.django_db
def test_a_draft_still_checks_the_type_of_each_value(admin_client):
    dossier = _draft()
    response = admin_client.post(
        reverse("evaluation:mau01", args=[dossier.pk]), {"buoc": 1, "thao_tac": "nhap", "email": "khong-phai-email"}
    )
    assert response.status_code == 200
    assert "Bước 1/2" in response.content.decode() and "is-invalid" in response.content.decode()
    assert _fresh(dossier).email != "khong-phai-email"
    old = _draft(filed_on=date(2024, 5, 10), commune=legacy_dakkoi())  # QĐ 148: part totals
    response = admin_client.post(
        reverse("evaluation:mau02", args=[old.pk]), {"buoc": 4, "thao_tac": "nhap", "part_a": "50"}
    )
    assert response.status_code == 200 and not _fresh(old).self_part_totals.get("A")
    response = admin_client.post(
        reverse("evaluation:mau02", args=[old.pk]), {"buoc": 4, "thao_tac": "nhap", "part_a": "30"}
    )
    assert response.status_code == 302 and _fresh(old).self_part_totals == {"A": "30"}


@pytest.mark.django_db
def test_it_moves_forward_and_back_saving_each_step(admin_client):
    dossier = _draft()
    url = reverse("evaluation:mau02", args=[dossier.pk])
    forward = admin_client.post(url, {"buoc": 1, "thao_tac": "tiep", "representative_gender": "Nam"})
    assert forward["Location"].endswith("?buoc=2")
    back = admin_client.post(url, {"buoc": 2, "thao_tac": "lui", "producer_history": "Thành lập năm 2018."})
    assert back["Location"].endswith("?buoc=1")
    saved = _fresh(dossier)
    assert saved.representative_gender == "Nam" and saved.producer_history == "Thành lập năm 2018."
    # A first-time dossier has no "changes" field: step 3 shows the four results only.
    html = admin_client.get(url, {"buoc": 3}).content.decode()
    assert 'name="results_business"' in html and 'name="changes_summary"' not in html


@pytest.mark.django_db
def test_finishing_checks_the_whole_form_and_points_to_the_step_that_lacks(admin_client):
    dossier = _draft()
    Dossier.objects.filter(pk=dossier.pk).update(phone="", representative_title="")
    url = reverse("evaluation:mau01", args=[dossier.pk])
    response = admin_client.post(url, {"buoc": 2, "thao_tac": "hoan_tat", "samples_offered": "5"})
    assert response["Location"].endswith("?buoc=1")
    assert _fresh(dossier).samples_offered == 5  # the step was kept
    page = admin_client.get(response["Location"]).content.decode()
    assert "Còn thiếu ở bước 1/2" in page and "Chức vụ" in page and "Điện thoại" in page
    admin_client.post(url, {"buoc": 1, "thao_tac": "tiep", "representative_name": "Y Nhí",
                            "representative_title": "Giám đốc", "contact_address": "Thôn 5", "phone": "0912345678"})
    done = admin_client.post(url, {"buoc": 2, "thao_tac": "hoan_tat", "samples_offered": "5"}, follow=True)
    assert done.redirect_chain[-1][0] == reverse("evaluation:detail", args=[dossier.pk])
    assert "Đã lưu Phiếu đăng ký (Mẫu 01)." in done.content.decode()
