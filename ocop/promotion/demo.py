"""Sample trade promotion and communication for the Kon Rẫy scenario (idempotent, is_sample).

A fair inside the province and one outside it in 2024 with sales and contracts, a fair at the
end of 2026, a showroom, e-commerce listings, consultants and communication activities. The
events and figures are illustrative; addresses of online shops are placeholders on the real
marketplaces' domains.
"""

from datetime import date
from decimal import Decimal

from ocop.products.models import Product
from ocop.promotion import services
from ocop.promotion.models import (
    CommunicationActivity,
    Consultant,
    ConsultantEngagement,
    EcommerceListing,
    Showroom,
    TradeEvent,
)
from ocop.territory.demo import (
    CURRENT_COMMUNES,
    KON_RAY_DISTRICT,
    QUANG_NGAI,
    current_unit,
    legacy_unit,
)
from ocop.territory.models import UnitLevel

EVENTS = [
    # (name, kind, level, organiser, start, end, place, unit key, participations)
    ("Hội chợ sản phẩm OCOP tỉnh Kon Tum năm 2024", "hoi_cho", "tinh", "Sở Công Thương tỉnh Kon Tum",
     date(2024, 10, 18), date(2024, 10, 22), "Quảng trường 16/3, thành phố Kon Tum", "district",
     [("producer1", ["Cà phê bột Robusta Đăk Kôi"], 38_500_000, 2, 150_000_000),
      ("p03", ["Sâm dây khô Kon Rẫy"], 52_000_000, 1, 80_000_000)]),
    ("Hội chợ Triển lãm sản phẩm OCOP khu vực miền Trung – Tây Nguyên 2024", "hoi_cho", "tinh_khac",
     "Bộ Công Thương phối hợp UBND thành phố Đà Nẵng", date(2024, 11, 20), date(2024, 11, 24),
     "Cung Thể thao Tiên Sơn, thành phố Đà Nẵng", "district",
     [("p05", ["Mật ong hoa cà phê Đắk Pne"], 21_000_000, 0, 0),
      ("producer1", ["Cà phê bột Robusta Đăk Kôi"], 27_000_000, 1, 60_000_000)]),
    ("Hội chợ OCOP và sản phẩm đặc trưng tỉnh Quảng Ngãi năm 2026", "hoi_cho", "tinh",
     "Sở Công Thương tỉnh Quảng Ngãi", date(2026, 12, 10), date(2026, 12, 14),
     "Công viên Ba Tơ, phường Cẩm Thành, tỉnh Quảng Ngãi", "province",
     [("producer2", ["Gạo lúa rẫy Kon Braih"], 0, 0, 0)]),
]

SHOWROOM_PRODUCTS = [
    "Cà phê bột Robusta Đăk Kôi", "Sâm dây khô Kon Rẫy", "Mật ong hoa cà phê Đắk Pne", "Gạo lúa rẫy Kon Braih",
    "Chè dây Tân Lập",
]

LISTINGS = [
    ("Cà phê bột Robusta Đăk Kôi", "shopee", "https://shopee.vn/htx-nong-nghiep-dak-koi-mau"),
    ("Sâm dây khô Kon Rẫy", "postmart", "https://postmart.vn/gian-hang/sam-day-kon-ray-mau"),
    ("Gạo lúa rẫy Kon Braih", "website", "https://htx-konbraih.example.vn/gao-lua-ray"),
]

CONSULTANTS = [
    ("Trung tâm Thiết kế bao bì và Nhãn hiệu Miền Trung (mẫu)", "Công ty TNHH Thiết kế Sông Hàn", ["bao_bi", "thi_truong"],
     "0236 3000 111"),
    ("Công ty TNHH Tư vấn Sở hữu trí tuệ Tây Nguyên (mẫu)", "", ["so_huu_tri_tue"], "0260 3000 222"),
    ("TS. Nguyễn Thị Thanh (mẫu)", "Trường Đại học Bách khoa – Đại học Đà Nẵng", ["tieu_chuan", "cong_nghe"],
     "0905 000 333"),
]

COMMUNICATION = [
    ("Hội nghị triển khai Chương trình OCOP năm 2024 huyện Kon Rẫy", "hoi_nghi", date(2024, 3, 5), "district",
     "Phòng Nông nghiệp và PTNT huyện Kon Rẫy", "Cán bộ xã, thị trấn; hợp tác xã, hộ sản xuất", 120),
    ("Chuyên mục “Sản phẩm OCOP Kon Rẫy” trên Đài Truyền thanh – Truyền hình huyện", "phat_thanh_truyen_hinh",
     date(2024, 6, 1), "district", "Trung tâm Văn hóa – Thể thao – Du lịch và Truyền thông huyện Kon Rẫy",
     "Người dân toàn huyện", 5000),
    ("Giới thiệu sản phẩm OCOP trên trang Facebook của Văn phòng OCOP tỉnh", "mang_xa_hoi", date(2026, 3, 10),
     "province", "Văn phòng OCOP tỉnh Quảng Ngãi", "Người tiêu dùng", 12000),
    ("Tập huấn đăng ký ý tưởng sản phẩm OCOP năm 2026 tại xã Kon Braih", "tap_huan", date(2026, 3, 20),
     "konbraih", "UBND xã Kon Braih", "Hợp tác xã, hộ sản xuất", 45),
]


def _units() -> dict:
    return {
        "district": legacy_unit(UnitLevel.DISTRICT, KON_RAY_DISTRICT),
        "province": current_unit(UnitLevel.PROVINCE, QUANG_NGAI),
        **{key: current_unit(UnitLevel.COMMUNE, code) for key, code in CURRENT_COMMUNES.items()},
    }


def _products(names, producers: dict) -> list[Product]:
    # The demo's own products: national synthetic data (also sample data) may reuse a name.
    return list(Product.objects.filter(name__in=names, producer__in=list(producers.values())))


def load_promotion(context: dict) -> None:
    units = _units()
    producers = context["producers"]
    for name, kind, level, organiser, start, end, place, unit_key, participations in EVENTS:
        if TradeEvent.objects.filter(name=name, is_sample=True).exists():
            continue
        event = services.event_create(
            actor=None, is_sample=True, name=name, kind=kind, level=level, organiser=organiser,
            starts_on=start, ends_on=end, place=place, unit=units[unit_key],
        )
        for producer_key, product_names, sales, count, value in participations:
            services.participation_save(
                actor=None, event=event, producer=producers[producer_key], products=_products(product_names, producers),
                sales=sales, contracts_count=count, contracts_value=value,
            )
    if not Showroom.objects.filter(is_sample=True).exists():
        services.showroom_create(
            actor=None, is_sample=True, name="Điểm giới thiệu và bán sản phẩm OCOP Kon Rẫy",
            address="Tổ dân phố 3, trung tâm xã Đăk Rve", commune=units["dakrve"],
            latitude=Decimal("14.533100"), longitude=Decimal("108.236900"),
            operator="Hợp tác xã Sâm dây Đắk Rve", phone="02603800111", opened_on=date(2023, 12, 1),
            products=_products(SHOWROOM_PRODUCTS, producers),
        )
    for product_name, platform, url in LISTINGS:
        product = Product.objects.get(name=product_name, producer__in=list(producers.values()))
        if not EcommerceListing.objects.filter(product=product, url=url).exists():
            services.listing_create(actor=None, is_sample=True, product=product, platform=platform, url=url)
    for name, organisation, fields, phone in CONSULTANTS:
        if not Consultant.objects.filter(name=name).exists():
            services.consultant_create(
                actor=None, is_sample=True, name=name, organisation=organisation, phone=phone,
                unit=units["province"], fields_of_expertise=fields,
            )
    packaging = Consultant.objects.get(name=CONSULTANTS[0][0])
    if not ConsultantEngagement.objects.filter(consultant=packaging, is_sample=True).exists():
        services.engagement_create(
            actor=None, is_sample=True, consultant=packaging, producer=producers["producer1"],
            product=Product.objects.get(name="Cà phê bột Robusta Đăk Kôi", producer=producers["producer1"]), field="bao_bi",
            started_on=date(2024, 5, 20), ended_on=date(2024, 6, 30),
            content="Thiết kế bao bì và câu chuyện sản phẩm cà phê bột.", result="Bộ bao bì 250 g, 500 g được sử dụng từ 7/2024.",
        )
    for title, kind, day, unit_key, organiser, audience, reach in COMMUNICATION:
        if not CommunicationActivity.objects.filter(title=title, is_sample=True).exists():
            services.communication_create(
                actor=None, is_sample=True, title=title, activity_type=kind, held_on=day, unit=units[unit_key],
                organiser=organiser, audience=audience, reach=reach,
            )


DEMO_STEPS = [load_promotion]
