import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from ocop.core.tests.helpers import assert_batches_cost_the_same
from ocop.products.models import Product, ProductCategory, ProductPhoto
from tests.factories import ProductFactory, legacy_commune


def png_bytes(size=(20, 20)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 120, 40)).save(buffer, format="PNG")
    return buffer.getvalue()


@pytest.fixture
def coffee(demo):
    return Product.objects.get(name="Cà phê bột Robusta Đăk Kôi")


@pytest.mark.django_db
@pytest.mark.parametrize("query", ["ca phe robusta", "CÀ PHÊ Robusta", "robusta dak koi"])
def test_it_finds_products_ignoring_diacritics_and_case(client_for, query):
    response = client_for("tinh").get(reverse("products:list"), {"q": query})
    names = [product.name for product, _ in response.context["rows"]]
    assert "Cà phê bột Robusta Đăk Kôi" in names
    assert "Gạo lúa rẫy Kon Braih" not in names


@pytest.mark.django_db
def test_it_finds_products_by_their_producers_name(client_for):
    response = client_for("tinh").get(reverse("products:list"), {"q": "htx dich vu nong nghiep kon braih"})
    assert response.context["rows"] == []
    response = client_for("tinh").get(reverse("products:list"), {"q": "dich vu nong nghiep kon braih"})
    names = {product.name for product, _ in response.context["rows"]}
    assert names == {"Gạo lúa rẫy Kon Braih", "Măng le khô Kon Braih"}


@pytest.mark.django_db
def test_it_filters_by_any_level_of_the_classification(client_for):
    coffee_group = ProductCategory.objects.get(criteria_set=13)
    food_sector = ProductCategory.objects.get(code="I")
    client = client_for("tinh")
    coffee_names = {p.name for p, _ in client.get(reverse("products:list"), {"phan_loai": coffee_group.pk}).context["rows"]}
    assert coffee_names and all("Cà phê" in name for name in coffee_names)
    food = client.get(reverse("products:list"), {"phan_loai": food_sector.pk}).context["page_obj"].paginator.count
    assert food > len(coffee_names)


@pytest.mark.django_db
def test_it_defaults_the_products_commune_to_its_producers(client_for, demo):
    producer = demo["producers"]["producer1"]
    response = client_for("chuthe1").post(
        reverse("products:create"),
        {"name": "Cà phê mật ong", "producer": producer.pk, "category": ProductCategory.objects.get(criteria_set=13).pk, "status": "dang_hoan_thien"},
    )
    assert response.status_code == 302
    assert Product.objects.get(name="Cà phê mật ong").commune == producer.commune


@pytest.mark.django_db
def test_it_refuses_a_non_tourism_product_from_an_association(client_for, demo):
    from ocop.producers.services import producer_update

    producer = demo["producers"]["producer2"]
    producer_update(actor=None, producer=producer, producer_type="hiep_hoi")
    response = client_for("chuthe2").post(
        reverse("products:create"),
        {"name": "Gạo mới", "producer": producer.pk, "category": ProductCategory.objects.get(criteria_set=3).pk, "status": "dang_hoan_thien"},
    )
    assert response.status_code == 200
    assert "chỉ đăng ký sản phẩm dịch vụ du lịch" in response.content.decode()


@pytest.mark.django_db
def test_it_stores_a_real_image(client_for, coffee):
    upload = SimpleUploadedFile("ca-phe.png", png_bytes(), content_type="image/png")
    response = client_for("chuthe1").post(reverse("products:photo_add", args=[coffee.pk]), {"image": upload, "caption": "Gói 500 g"})
    assert response.status_code == 302
    photo = ProductPhoto.objects.get(product=coffee)
    assert photo.caption == "Gói 500 g"
    photo.image.delete()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "name, content, message",
    [
        ("virus.png", b"MZ\x90\x00\x03\x00\x00\x00 this is an executable", "không phải là ảnh hợp lệ"),
        ("tai-lieu.jpg", b"%PDF-1.4\n%fake pdf", "không phải là ảnh hợp lệ"),
    ],
)
def test_it_refuses_files_that_are_not_images_whatever_their_name(client_for, coffee, name, content, message):
    upload = SimpleUploadedFile(name, content, content_type="image/png")
    response = client_for("chuthe1").post(reverse("products:photo_add", args=[coffee.pk]), {"image": upload}, follow=True)
    assert not ProductPhoto.objects.filter(product=coffee).exists()
    html = response.content.decode()
    assert message in html and "Chỉ nhận ảnh JPEG, PNG hoặc WebP" in html


@pytest.mark.django_db
def test_it_refuses_an_oversized_image(client_for, coffee, settings):
    settings.MAX_IMAGE_UPLOAD_BYTES = 1000
    upload = SimpleUploadedFile("lon.png", png_bytes((400, 400)) + b"\0" * 2000, content_type="image/png")
    response = client_for("chuthe1").post(reverse("products:photo_add", args=[coffee.pk]), {"image": upload}, follow=True)
    assert not ProductPhoto.objects.filter(product=coffee).exists()
    assert "quá lớn" in response.content.decode()


@pytest.mark.django_db
def test_it_lists_10_and_100_products_with_the_same_number_of_queries(client_for, settings):
    settings.PAGE_SIZE = 200
    assert_batches_cost_the_same(
        client_for("tinh"), reverse("products:list") + "?q=thu+nghiem", ProductFactory, producer__commune=legacy_commune("23482")
    )
