"""The sample producers of the Kon Rẫy scenario (`manage.py ocop_demo`), idempotent.

Also gives the demo's producer accounts (ocop/accounts/demo.py) their producer role, which
needs the producer. The producers are put in `context["producers"]` by key for later steps.
"""

from datetime import date

from ocop.accounts.demo import DEMO_ACCOUNTS
from ocop.accounts.models import Role, RoleAssignment, User
from ocop.accounts.services import role_assign
from ocop.producers.models import Producer
from ocop.producers.services import producer_create
from ocop.territory.demo import CURRENT_COMMUNES, LEGACY_COMMUNES, current_unit, legacy_unit
from ocop.territory.models import AdministrativeUnit, UnitLevel

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


def _unit_for(key: str) -> AdministrativeUnit:
    if key.startswith("cur:"):
        return current_unit(UnitLevel.COMMUNE, CURRENT_COMMUNES[key[4:]])
    return legacy_unit(UnitLevel.COMMUNE, LEGACY_COMMUNES[key])


def load_producers(context: dict) -> None:
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


def load_producer_accounts(context: dict) -> None:
    producers = context["producers"]
    for account in DEMO_ACCOUNTS:
        if account.role != Role.PRODUCER:
            continue
        user = User.objects.get(username=account.username)
        if RoleAssignment.objects.filter(user=user, role=account.role).exists():
            continue
        role_assign(actor=None, user=user, role=account.role, producer=producers[account.scope])


DEMO_STEPS = [load_producers, load_producer_accounts]
