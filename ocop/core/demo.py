"""Sample data: the Kon Rẫy 2024 scenario (Kon Tum → Quảng Ngãi after 1/7/2025).

Loaded only by `python manage.py ocop_demo` (never by a migration), idempotently: running it
again changes nothing. Every sample record carries `is_sample=True` and the interface
labels it "Dữ liệu mẫu". Later capabilities append their own steps to DEMO_STEPS.
"""

from dataclasses import dataclass
from datetime import date

from django.db import transaction

from ocop.accounts.models import Agency, AgencyKind, Role, RoleAssignment, User
from ocop.accounts.services import role_assign
from ocop.producers.models import Producer
from ocop.producers.services import producer_create
from ocop.products.models import Product, ProductCategory
from ocop.products.services import product_create
from ocop.territory.models import AdministrativeUnit, UnitLevel

DEMO_PASSWORD = "demo-ocop-2026"

# Official codes (QĐ 19/2025/QĐ-TTg; legacy codes from the 2004 list as amended).
QUANG_NGAI = "51"
KON_TUM_LEGACY = "62"
KON_RAY_DISTRICT = "614"
CURRENT_COMMUNES = {"dakrve": "23479", "dakkoi": "23485", "konbraih": "23497"}
LEGACY_COMMUNES = {
    "tt_dakrve": "23479",
    "dakkoi": "23482",
    "daktolung": "23485",
    "dakruong": "23488",
    "dakpne": "23491",
    "daktore": "23494",
    "tanlap": "23497",
}


def current_unit(level: str, code: str) -> AdministrativeUnit:
    return AdministrativeUnit.objects.get(level=level, code=code, valid_to__isnull=True)


def legacy_unit(level: str, code: str) -> AdministrativeUnit:
    return AdministrativeUnit.objects.get(level=level, code=code, valid_to__isnull=False)


@dataclass(frozen=True)
class DemoAccount:
    username: str
    full_name: str
    role: str
    scope: str  # key into the scope table built in load_accounts


DEMO_ACCOUNTS = [
    DemoAccount("admin", "Quản trị hệ thống", Role.ADMIN, ""),
    DemoAccount("tinh", "Nguyễn Thị Hoa – Văn phòng OCOP tỉnh Quảng Ngãi", Role.PROVINCE_OFFICE, "province"),
    DemoAccount("huyen", "Trần Văn Minh – Phòng NN&PTNT huyện Kon Rẫy (đến 30/6/2025)", Role.DISTRICT_OFFICE, "district"),
    DemoAccount("xa.dakrve", "A Thuận – Cán bộ xã Đăk Rve", Role.COMMUNE_OFFICER, "dakrve"),
    DemoAccount("xa.dakkoi", "Y Liên – Cán bộ xã Đăk Kôi", Role.COMMUNE_OFFICER, "dakkoi"),
    DemoAccount("xa.konbraih", "A Kiên – Cán bộ xã Kon Braih", Role.COMMUNE_OFFICER, "konbraih"),
    DemoAccount("hoidong1", "Lê Văn Bình – Chủ tịch Hội đồng", Role.COUNCIL_CHAIR, "province"),
    DemoAccount("hoidong2", "Phạm Thị Lan – Thành viên Hội đồng", Role.COUNCIL_MEMBER, "province"),
    DemoAccount("hoidong3", "Đinh Văn Sơn – Thành viên Hội đồng", Role.COUNCIL_MEMBER, "province"),
    DemoAccount("tuvan1", "Võ Thị Mai – Tổ tư vấn", Role.ADVISORY_MEMBER, "province"),
    DemoAccount("nganh.congthuong", "Hồ Văn Tâm – Sở Công Thương", Role.AGENCY_STAFF, "congthuong"),
    DemoAccount("chuthe1", "Y Hiền – HTX Nông nghiệp Đăk Kôi", Role.PRODUCER, "producer1"),
    DemoAccount("chuthe2", "A Dũng – HTX Dịch vụ nông nghiệp Kon Braih", Role.PRODUCER, "producer2"),
]

DEMO_AGENCIES = [
    # (key, name, short name, kind, unit key)
    ("nongnghiep", "Sở Nông nghiệp và Môi trường tỉnh Quảng Ngãi", "Sở NN&MT", AgencyKind.DEPARTMENT, "province"),
    ("congthuong", "Sở Công Thương tỉnh Quảng Ngãi", "Sở Công Thương", AgencyKind.DEPARTMENT, "province"),
    ("phongnn", "Phòng Nông nghiệp và Phát triển nông thôn huyện Kon Rẫy", "Phòng NN&PTNT", AgencyKind.OFFICE, "district"),
    ("phongkt", "Phòng Kinh tế và Hạ tầng huyện Kon Rẫy", "Phòng KT&HT", AgencyKind.OFFICE, "district"),
]

# Producers: (key, name, type, legacy or current unit key, representative, gender, ethnicity,
# tax code, workforce total, local). Keys starting with "cur:" are today's communes.
DEMO_PRODUCERS = [
    ("producer1", "Hợp tác xã Nông nghiệp Đăk Kôi", "hop_tac_xa", "cur:dakkoi", "Y Hiền", "nu", "Xơ Đăng", "6101234501", 25, 23),
    ("producer2", "Hợp tác xã Dịch vụ nông nghiệp Kon Braih", "hop_tac_xa", "cur:konbraih", "A Dũng", "nam", "Xơ Đăng", "6101234502", 18, 18),
    ("p03", "Hợp tác xã Sâm dây Đắk Rve", "hop_tac_xa", "tt_dakrve", "Nguyễn Văn Hùng", "nam", "Kinh", "6101234503", 30, 26),
    ("p04", "Công ty TNHH Nông sản Kon Rẫy", "doanh_nghiep", "tt_dakrve", "Trần Thị Thu", "nu", "Kinh", "6101234504", 42, 35),
    ("p05", "Hộ kinh doanh Mật ong Đắk Pne", "ho_san_xuat", "dakpne", "A Nhút", "nam", "Xơ Đăng", "6101234505", 4, 4),
    ("p06", "Tổ hợp tác Dệt thổ cẩm Kon Rẫy", "to_hop_tac", "dakpne", "Y Blưm", "nu", "Ba Na", "", 15, 15),
    ("p07", "Hợp tác xã Cà phê Đắk Tơ Lung", "hop_tac_xa", "daktolung", "Lê Văn Quang", "nam", "Kinh", "6101234507", 20, 17),
    ("p08", "Trang trại Heo đen Đắk Kôi", "trang_trai", "dakkoi", "A Thiên", "nam", "Xơ Đăng", "6101234508", 6, 6),
    ("p09", "Hộ kinh doanh Măng rừng Đắk Kôi", "ho_san_xuat", "dakkoi", "Y Nga", "nu", "Xơ Đăng", "", 3, 3),
    ("p10", "Hợp tác xã Nông lâm nghiệp Đắk Ruồng", "hop_tac_xa", "dakruong", "Phan Văn Đức", "nam", "Kinh", "6101234510", 22, 20),
    ("p11", "Hộ kinh doanh Rượu cần Đắk Ruồng", "ho_san_xuat", "dakruong", "A Blong", "nam", "Xơ Đăng", "", 5, 5),
    ("p12", "Công ty Cổ phần Dược liệu Đắk Tờ Re", "doanh_nghiep", "daktore", "Vũ Thị Hạnh", "nu", "Kinh", "6101234512-001", 35, 28),
    ("p13", "Hợp tác xã Chè dây Tân Lập", "hop_tac_xa", "tanlap", "Đặng Văn Tài", "nam", "Kinh", "6101234513", 16, 14),
    ("p14", "Tổ hợp tác Mây tre đan Tân Lập", "to_hop_tac", "tanlap", "Y Phương", "nu", "Xơ Đăng", "", 12, 12),
    ("p15", "Hộ kinh doanh Gạo lúa rẫy Đắk Tờ Re", "ho_san_xuat", "daktore", "A Lót", "nam", "Ba Na", "", 4, 4),
    ("p16", "Hợp tác xã Du lịch cộng đồng Kon Braih", "hop_tac_xa", "cur:konbraih", "A Hùng", "nam", "Ba Na", "6101234516", 14, 14),
    ("p17", "Công ty TNHH Tinh dầu Đăk Rve", "doanh_nghiep", "cur:dakrve", "Hoàng Thị Yến", "nu", "Kinh", "6101234517", 19, 15),
    ("p18", "Hộ kinh doanh Chuối sấy Đăk Rve", "ho_san_xuat", "cur:dakrve", "Lò Văn Pha", "nam", "Thái", "", 3, 3),
    ("p19", "Trang trại Mắc ca Đăk Kôi", "trang_trai", "cur:dakkoi", "Bùi Văn Long", "nam", "Mường", "6101234519", 9, 7),
    ("p20", "Hợp tác xã Rau an toàn Đắk Pne", "hop_tac_xa", "dakpne", "Y Lan", "nu", "Xơ Đăng", "6101234520", 11, 11),
]

# Products: (producer key, name, criteria set, status)
DEMO_PRODUCTS = [
    ("producer1", "Cà phê bột Robusta Đăk Kôi", 13, "dang_kinh_doanh"),
    ("producer1", "Cà phê nhân xanh Đăk Kôi", 13, "dang_kinh_doanh"),
    ("producer1", "Mật ong rừng Đăk Kôi", 4, "dang_hoan_thien"),
    ("producer2", "Gạo lúa rẫy Kon Braih", 3, "dang_kinh_doanh"),
    ("producer2", "Măng le khô Kon Braih", 7, "dang_hoan_thien"),
    ("p03", "Sâm dây khô Kon Rẫy", 20, "dang_kinh_doanh"),
    ("p03", "Rượu sâm dây Kon Rẫy", 15, "dang_kinh_doanh"),
    ("p03", "Trà sâm dây túi lọc", 12, "dang_kinh_doanh"),
    ("p04", "Cà phê rang xay Kon Rẫy", 13, "dang_kinh_doanh"),
    ("p04", "Hạt điều rang muối Kon Rẫy", 7, "dang_kinh_doanh"),
    ("p05", "Mật ong hoa cà phê Đắk Pne", 4, "dang_kinh_doanh"),
    ("p05", "Mật ong rừng nguyên chất", 4, "dang_kinh_doanh"),
    ("p06", "Khăn thổ cẩm Xơ Đăng", 22, "dang_kinh_doanh"),
    ("p06", "Túi xách thổ cẩm", 22, "dang_kinh_doanh"),
    ("p07", "Cà phê hạt rang Đắk Tơ Lung", 13, "dang_kinh_doanh"),
    ("p07", "Cà phê phin giấy", 13, "dang_hoan_thien"),
    ("p08", "Thịt heo đen gác bếp", 8, "dang_kinh_doanh"),
    ("p08", "Heo đen địa phương", 2, "dang_kinh_doanh"),
    ("p09", "Măng rừng khô", 7, "dang_kinh_doanh"),
    ("p09", "Măng chua ớt", 7, "dang_hoan_thien"),
    ("p10", "Đẳng sâm sấy khô", 20, "dang_kinh_doanh"),
    ("p10", "Cao đẳng sâm", 18, "dang_hoan_thien"),
    ("p11", "Rượu cần Đắk Ruồng", 15, "dang_kinh_doanh"),
    ("p11", "Rượu ghè men lá", 15, "tam_dung"),
    ("p12", "Tinh bột nghệ Đắk Tờ Re", 18, "dang_kinh_doanh"),
    ("p12", "Cao dây thìa canh", 18, "dang_kinh_doanh"),
    ("p13", "Chè dây Tân Lập", 12, "dang_kinh_doanh"),
    ("p13", "Trà túi lọc chè dây", 12, "dang_kinh_doanh"),
    ("p14", "Giỏ mây tre đan", 21, "dang_kinh_doanh"),
    ("p14", "Gùi mây truyền thống", 21, "dang_kinh_doanh"),
    ("p15", "Gạo lúa rẫy đỏ", 3, "dang_kinh_doanh"),
    ("p15", "Nếp than rẫy", 3, "dang_kinh_doanh"),
    ("p16", "Du lịch cộng đồng làng Kon Braih", 26, "dang_kinh_doanh"),
    ("p17", "Tinh dầu sả chanh Đăk Rve", 20, "dang_kinh_doanh"),
    ("p17", "Tinh dầu quế", 20, "dang_hoan_thien"),
    ("p18", "Chuối sấy dẻo Đăk Rve", 7, "dang_kinh_doanh"),
    ("p19", "Hạt mắc ca sấy nứt vỏ", 7, "dang_kinh_doanh"),
    ("p19", "Dầu mắc ca ép lạnh", 8, "dang_hoan_thien"),
    ("p20", "Rau cải an toàn Đắk Pne", 1, "dang_kinh_doanh"),
    ("p20", "Bí đỏ hữu cơ", 1, "dang_kinh_doanh"),
]


def _unit_for(key: str) -> AdministrativeUnit:
    if key.startswith("cur:"):
        return current_unit(UnitLevel.COMMUNE, CURRENT_COMMUNES[key[4:]])
    return legacy_unit(UnitLevel.COMMUNE, LEGACY_COMMUNES[key])


def load_registries(context: dict) -> None:
    producers: dict[str, Producer] = {}
    for key, name, ptype, unit_key, rep, gender, ethnicity, tax, total, local in DEMO_PRODUCERS:
        existing = Producer.objects.filter(name=name, is_sample=True).first()
        if existing is None:
            commune = _unit_for(unit_key)
            existing = producer_create(
                actor=None,
                is_sample=True,
                name=name,
                producer_type=ptype,
                tax_code=tax,
                business_registration_number=f"62{len(producers) + 1:02d}000{total:03d}" if tax else "",
                registration_date=date(2018 + len(producers) % 6, 3, 15),
                registration_issuer="Phòng Tài chính – Kế hoạch huyện Kon Rẫy",
                representative_name=rep,
                representative_gender=gender,
                representative_ethnicity=ethnicity,
                address=f"Thôn {1 + len(producers) % 9}, {commune.name}",
                commune=commune,
                phone=f"0260{3800000 + len(producers) * 1111:07d}",
                founded_on=date(2015 + len(producers) % 8, 5, 1),
                workforce_total=total,
                workforce_local=local,
            )
        producers[key] = existing
    context["producers"] = producers

    categories = {c.criteria_set: c for c in ProductCategory.objects.filter(criteria_set__isnull=False)}
    for producer_key, name, criteria_set, status in DEMO_PRODUCTS:
        producer = producers[producer_key]
        if Product.objects.filter(name=name, producer=producer).exists():
            continue
        product_create(
            actor=None,
            is_sample=True,
            name=name,
            producer=producer,
            commune=producer.commune,
            category=categories[criteria_set],
            status=status,
            description=f"{name} – sản phẩm đặc trưng của vùng Kon Rẫy (dữ liệu mẫu).",
        )


def load_accounts(context: dict) -> None:
    scopes = {
        "province": current_unit(UnitLevel.PROVINCE, QUANG_NGAI),
        "district": legacy_unit(UnitLevel.DISTRICT, KON_RAY_DISTRICT),
        **{key: current_unit(UnitLevel.COMMUNE, code) for key, code in CURRENT_COMMUNES.items()},
    }
    agencies = {}
    for key, name, short, kind, unit_key in DEMO_AGENCIES:
        agencies[key], _ = Agency.objects.get_or_create(
            name=name,
            defaults={"short_name": short, "kind": kind, "unit": scopes[unit_key], "is_sample": True},
        )
    scopes.update(agencies)
    scopes.update(context["producers"])
    for account in DEMO_ACCOUNTS:
        user = User.objects.filter(username=account.username).first()
        if user is None:
            user = User.objects.create_user(
                username=account.username, password=DEMO_PASSWORD, full_name=account.full_name
            )
        if RoleAssignment.objects.filter(user=user, role=account.role).exists():
            continue
        target = scopes.get(account.scope)
        kwargs = {}
        if account.role == Role.AGENCY_STAFF:
            kwargs["agency"] = target
        elif account.role == Role.PRODUCER:
            kwargs["producer"] = target
        elif account.scope:
            kwargs["unit"] = target
        role_assign(actor=None, user=user, role=account.role, **kwargs)


DEMO_STEPS = [load_registries, load_accounts]


def all_demo_steps() -> list:
    """These steps, then each app's `<app>/demo.py` DEMO_STEPS, in INSTALLED_APPS order.

    A step is `step(context: dict) -> None`; it must be idempotent, mark what it creates
    as sample data, and may read what earlier steps put in `context`.
    """
    from ocop.accounts.scopes import app_modules

    steps = list(DEMO_STEPS)
    for module in app_modules("demo"):
        if module.__name__ != __name__:
            steps.extend(module.DEMO_STEPS)
    return steps


@transaction.atomic
def load_demo() -> dict:
    context: dict = {}
    for step in all_demo_steps():
        step(context)
    return context
