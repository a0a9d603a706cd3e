"""Fairs, showrooms, e-commerce, consultants and communication; the catalogue and dashboard
selectors."""

from dataclasses import fields
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from ocop.products.models import Product
from ocop.promotion import selectors, services
from ocop.promotion.models import Consultant, EcommerceListing, EventParticipation, TradeEvent


@pytest.fixture
def coffee(demo):
    return Product.objects.get(name="Cà phê bột Robusta Đăk Kôi")


@pytest.mark.django_db
@pytest.mark.parametrize(
    "platform, url, message",
    [
        ("shopee", "https://lazada.vn/ca-phe", "Địa chỉ này không thuộc Shopee (shopee.vn)."),
        ("shopee", "https://shopee.vn.lua-dao.com/ca-phe", "Địa chỉ này không thuộc Shopee (shopee.vn)."),
        ("website", "javascript:alert(1)", "phải là một địa chỉ web đầy đủ"),
        ("website", "ftp://htx.example.vn/ca-phe", "phải là một địa chỉ web đầy đủ"),
        ("khac", "ca phe dak koi", "phải là một địa chỉ web đầy đủ"),
    ],
)
def test_it_refuses_addresses_that_are_not_the_platforms_web_pages(coffee, platform, url, message):
    with pytest.raises(ValidationError) as caught:
        services.listing_create(actor=None, product=coffee, platform=platform, url=url)
    assert message in " ".join(caught.value.messages)


@pytest.mark.django_db
def test_it_accepts_a_shop_on_a_marketplace_subdomain_and_refuses_a_duplicate(coffee):
    services.listing_create(actor=None, product=coffee, platform="lazada", url="https://www.lazada.vn/shop/htx-dak-koi")
    with pytest.raises(ValidationError, match="đã có gian hàng với địa chỉ này"):
        services.listing_create(actor=None, product=coffee, platform="lazada", url="https://www.lazada.vn/shop/htx-dak-koi")


@pytest.mark.django_db
def test_a_producer_adds_a_listing_for_its_own_product_only(client_for, coffee, demo):
    rice = Product.objects.get(name="Gạo lúa rẫy Kon Braih")
    client = client_for("chuthe1")
    response = client.post(
        reverse("promotion:listing_create"), {"product": rice.pk, "platform": "tiki", "url": "https://tiki.vn/gao"}
    )
    assert response.status_code == 200 and "product" in response.context["form"].errors
    response = client.post(
        reverse("promotion:listing_create"),
        {"product": coffee.pk, "platform": "tiki", "url": "https://tiki.vn/ca-phe-dak-koi", "is_active": "on"},
    )
    assert response.status_code == 302
    assert EcommerceListing.objects.filter(product=coffee, platform="tiki").exists()


@pytest.mark.django_db
def test_the_listing_page_shows_a_wrong_platform_in_vietnamese(client_for, coffee):
    response = client_for("chuthe1").post(
        reverse("promotion:listing_create"),
        {"product": coffee.pk, "platform": "shopee", "url": "https://tiki.vn/ca-phe", "is_active": "on"},
    )
    assert response.status_code == 200
    assert "Địa chỉ này không thuộc Shopee (shopee.vn)." in response.content.decode()


@pytest.mark.django_db
def test_where_to_buy_gives_public_fields_only(coffee, demo):
    rice = Product.objects.get(name="Gạo lúa rẫy Kon Braih")
    found = selectors.where_to_buy([coffee.pk, rice.pk], today=date(2026, 11, 30))
    assert [s.name for s in found[coffee.pk].shops] == ["Điểm giới thiệu và bán sản phẩm OCOP Kon Rẫy"]
    assert [(item.platform_label, item.url) for item in found[coffee.pk].listings] == [
        ("Shopee", "https://shopee.vn/htx-nong-nghiep-dak-koi-mau")
    ]
    # The 2024 fairs are over; the rice goes to the provincial fair of December 2026.
    assert found[coffee.pk].fairs == ()
    assert [e.name for e in found[rice.pk].fairs] == ["Hội chợ OCOP và sản phẩm đặc trưng tỉnh Quảng Ngãi năm 2026"]
    assert found[rice.pk].fairs[0].starts_on == date(2026, 12, 10)
    public = {f.name for f in fields(selectors.Shop)} | {f.name for f in fields(selectors.Fair)}
    assert not public & {"notes", "sales", "contracts_value", "operator", "created_by", "is_sample"}


@pytest.mark.django_db
def test_where_to_buy_leaves_out_closed_showrooms_and_inactive_listings(coffee, demo):
    EcommerceListing.objects.filter(product=coffee).update(is_active=False)
    from ocop.promotion.models import Showroom

    Showroom.objects.update(is_active=False)
    assert selectors.where_to_buy([coffee.pk])[coffee.pk].is_empty


@pytest.mark.django_db
def test_where_to_buy_costs_the_same_for_one_or_many_products(demo, django_assert_num_queries):
    ids = list(Product.objects.values_list("pk", flat=True))
    with django_assert_num_queries(3):
        selectors.where_to_buy(ids[:1])
    with django_assert_num_queries(3):
        selectors.where_to_buy(ids)


@pytest.mark.django_db
def test_event_totals_add_up_by_year_and_level(users):
    rows = {(r.year, r.level): r for r in selectors.event_totals_by_year(actor=users["tinh"])}
    inside = rows[(2024, "tinh")]
    assert (inside.events, inside.participants, inside.sales, inside.contracts_count, inside.contracts_value) == (
        1, 2, 90_500_000, 3, 230_000_000
    )
    outside = rows[(2024, "tinh_khac")]
    assert (outside.events, outside.sales, outside.contracts_value) == (1, 48_000_000, 60_000_000)
    assert rows[(2026, "tinh")].events == 1 and rows[(2026, "tinh")].sales == 0


@pytest.mark.django_db
def test_communication_counts_by_type_and_year(users, demo):
    rows = {(r.year, r.activity_type): (r.activities, r.reach) for r in selectors.communication_counts_by_type_year(actor=users["tinh"])}
    assert rows[(2024, "hoi_nghi")] == (1, 120)
    assert rows[(2026, "mang_xa_hoi")] == (1, 12000)
    konbraih = selectors.communication_counts_by_type_year(actor=users["xa.konbraih"], years=[2026])
    # A commune sees its own activities and those of the levels above it.
    assert {(r.activity_type, r.activities) for r in konbraih} == {("tap_huan", 1), ("mang_xa_hoi", 1)}


@pytest.mark.django_db
def test_a_participation_records_products_sales_and_contracts(demo, users):
    event = TradeEvent.objects.get(name__startswith="Hội chợ OCOP và sản phẩm đặc trưng tỉnh Quảng Ngãi")
    honey = Product.objects.get(name="Mật ong rừng Đăk Kôi")
    participation = services.participation_save(
        actor=users["tinh"], event=event, producer=demo["producers"]["producer1"], products=[honey],
        sales=12_500_000, contracts_count=1, contracts_value=40_000_000,
    )
    assert list(participation.products.all()) == [honey]
    with pytest.raises(ValidationError, match="đã có trong danh sách tham gia"):
        services.participation_save(actor=users["tinh"], event=event, producer=demo["producers"]["producer1"])
    rice = Product.objects.get(name="Gạo lúa rẫy Kon Braih")
    with pytest.raises(ValidationError, match="Không thuộc chủ thể Hợp tác xã Nông nghiệp Đăk Kôi: Gạo lúa rẫy Kon Braih"):
        services.participation_save(
            actor=users["tinh"], event=event, participation=participation, producer=demo["producers"]["producer1"],
            products=[rice],
        )
    with pytest.raises(ValidationError, match="số hợp đồng phải lớn hơn 0"):
        services.participation_save(
            actor=users["tinh"], event=event, participation=participation, producer=demo["producers"]["producer1"],
            contracts_count=0, contracts_value=5,
        )
    assert EventParticipation.objects.get(pk=participation.pk).contracts_value == 40_000_000


@pytest.mark.django_db
def test_an_event_cannot_end_before_it_starts(demo, users):
    from ocop.territory.demo import QUANG_NGAI, current_unit

    with pytest.raises(ValidationError, match="Ngày kết thúc phải từ ngày bắt đầu trở đi"):
        services.event_create(
            actor=users["tinh"], name="Phiên chợ", level="tinh", starts_on=date(2026, 5, 2), ends_on=date(2026, 5, 1),
            place="Quảng Ngãi", unit=current_unit("province", QUANG_NGAI),
        )


@pytest.mark.django_db
def test_consultants_are_found_by_field_and_linked_to_producers(client_for, demo):
    response = client_for("chuthe2").get(reverse("promotion:consultant_list"), {"linh_vuc": "so_huu_tri_tue"})
    names = [c.name for c in response.context["page_obj"]]
    assert names == ["Công ty TNHH Tư vấn Sở hữu trí tuệ Tây Nguyên (mẫu)"]
    consultant = Consultant.objects.get(name=names[0])
    response = client_for("chuthe2").post(
        reverse("promotion:engagement_create", args=[consultant.pk]),
        {"producer": demo["producers"]["producer2"].pk, "field": "so_huu_tri_tue", "started_on": "2026-09-01",
         "content": "Tư vấn đăng ký nhãn hiệu tập thể."},
    )
    assert response.status_code == 302
    assert consultant.engagements.get().producer == demo["producers"]["producer2"]
    # Another producer cannot be linked by chuthe2.
    response = client_for("chuthe2").post(
        reverse("promotion:engagement_create", args=[consultant.pk]),
        {"producer": demo["producers"]["producer1"].pk, "field": "so_huu_tri_tue", "started_on": "2026-09-01",
         "content": "Không được phép."},
    )
    assert response.status_code == 200 and "producer" in response.context["form"].errors
    assert consultant.engagements.count() == 1
