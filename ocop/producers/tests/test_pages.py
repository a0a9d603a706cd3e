import pytest
from django.urls import reverse

from ocop.core.tests.helpers import assert_batches_cost_the_same
from ocop.producers.models import Producer
from tests.factories import ProducerFactory, current_commune, legacy_commune

VALID_FORM = {
    "name": "Hợp tác xã Mới Đăk Kôi",
    "producer_type": "hop_tac_xa",
    "tax_code": "6100999888",
    "representative_name": "Y Hoa",
    "representative_gender": "nu",
    "representative_ethnicity": "Xơ Đăng",
    "address": "Thôn 5",
    "workforce_total": 12,
    "workforce_local": 10,
}


@pytest.mark.django_db
@pytest.mark.parametrize("query", ["dak koi", "ĐĂK KÔI", "Đăk Kôi", "dak   koi"])
def test_it_finds_producers_ignoring_diacritics_and_case(client_for, query):
    response = client_for("tinh").get(reverse("producers:list"), {"q": query})
    names = {producer.name for producer, _ in response.context["rows"]}
    assert "Hợp tác xã Nông nghiệp Đăk Kôi" in names
    assert "Hợp tác xã Sâm dây Đắk Rve" not in names


@pytest.mark.django_db
def test_it_shows_a_legacy_commune_under_todays_commune(client_for):
    response = client_for("tinh").get(reverse("producers:list"), {"q": "ca phe dak to lung"})
    html = response.content.decode()
    assert "Xã Đắk Tơ Lung" in html
    assert "nay là Xã Đăk Kôi" in html


@pytest.mark.django_db
def test_it_filters_by_todays_unit_including_its_predecessors(client_for):
    dakkoi = current_commune("23485")
    response = client_for("tinh").get(reverse("producers:list"), {"don_vi": dakkoi.pk})
    names = {producer.name for producer, _ in response.context["rows"]}
    assert "Hợp tác xã Cà phê Đắk Tơ Lung" in names
    assert "Hợp tác xã Nông nghiệp Đăk Kôi" in names
    assert "Hợp tác xã Dịch vụ nông nghiệp Kon Braih" not in names


@pytest.mark.django_db
def test_it_filters_by_a_legacy_unit(client_for):
    daktolung = legacy_commune("23485")
    response = client_for("tinh").get(reverse("producers:list"), {"don_vi": daktolung.pk})
    names = [producer.name for producer, _ in response.context["rows"]]
    assert names == ["Hợp tác xã Cà phê Đắk Tơ Lung"]


@pytest.mark.django_db
def test_it_refuses_a_bad_tax_code_in_vietnamese_and_saves_nothing(client_for):
    form = {**VALID_FORM, "tax_code": "12345", "commune": current_commune("23485").pk}
    response = client_for("xa.dakkoi").post(reverse("producers:create"), form)
    assert response.status_code == 200
    assert "Mã số thuế phải gồm 10 chữ số" in response.content.decode()
    assert not Producer.objects.filter(name=VALID_FORM["name"]).exists()


@pytest.mark.django_db
@pytest.mark.parametrize("tax_code", ["6100999888", "6100999888-001"])
def test_it_accepts_both_tax_code_forms(client_for, tax_code):
    form = {**VALID_FORM, "tax_code": tax_code, "commune": current_commune("23485").pk}
    response = client_for("xa.dakkoi").post(reverse("producers:create"), form)
    assert response.status_code == 302
    producer = Producer.objects.get(name=VALID_FORM["name"])
    assert producer.tax_code == tax_code
    assert producer.created_by.username == "xa.dakkoi"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "field, value, message",
    [
        ("phone", "12345", "Số điện thoại phải bắt đầu bằng 0"),
        ("email", "khong-phai-email", "Địa chỉ thư điện tử không hợp lệ"),
        ("workforce_local", "50", "không được lớn hơn tổng số lao động"),
    ],
)
def test_it_names_the_wrong_field(client_for, field, value, message):
    form = {**VALID_FORM, field: value, "commune": current_commune("23485").pk}
    response = client_for("xa.dakkoi").post(reverse("producers:create"), form)
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert message in response.content.decode()


@pytest.mark.django_db
def test_it_records_field_changes_in_the_history(client_for, demo):
    producer = demo["producers"]["producer1"]
    client = client_for("xa.dakkoi")
    form = {
        **VALID_FORM,
        "name": producer.name,
        "tax_code": producer.tax_code,
        "commune": producer.commune_id,
        "workforce_total": 30,
        "workforce_local": 25,
    }
    assert client.post(reverse("producers:edit", args=[producer.pk]), form).status_code == 302
    html = client.get(reverse("producers:history", args=[producer.pk])).content.decode()
    assert "tổng số lao động" in html
    assert "25" in html and "30" in html


@pytest.mark.django_db
def test_it_lists_10_and_100_producers_with_the_same_number_of_queries(client_for, settings):
    settings.PAGE_SIZE = 200
    assert_batches_cost_the_same(
        client_for("tinh"), reverse("producers:list") + "?q=thu+nghiem", ProducerFactory, commune=legacy_commune("23482")
    )
