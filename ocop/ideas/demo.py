"""Sample data of ideas: the Kon Rẫy 2024 list and its amendment, 2026 ideas in today's
communes (the business plans and support apps build on these, see their demo.py).

Loaded by `manage.py ocop_demo` after the core steps (see ocop.core.demo): idempotent, every
record `is_sample=True`, written by the system (actor None), which notifies nobody. The list
numbers and entries are illustrative: the seed plan cites Quyết định 298/QĐ-UBND ngày
14/4/2024 of UBND huyện Kon Rẫy but we do not hold its annex, and the amendment is invented.
No product is created here (existing products are registered instead), so the core demo's
counts stay as they are.
"""

from datetime import date

from ocop.ideas import services
from ocop.ideas.models import Idea, IdeaListDecision
from ocop.ideas.workflow import IdeaStatus
from ocop.products.models import Product, ProductCategory
from ocop.territory.demo import (
    CURRENT_COMMUNES,
    KON_RAY_DISTRICT,
    LEGACY_COMMUNES,
    QUANG_NGAI,
    current_unit,
    legacy_unit,
)
from ocop.territory.models import UnitLevel

LIST_2024 = {"number": "298/QĐ-UBND", "signed_on": date(2024, 4, 14)}
AMENDMENT_2024 = {"number": "512/QĐ-UBND", "signed_on": date(2024, 8, 20)}
ISSUER_2024 = "Ủy ban nhân dân huyện Kon Rẫy"
SIGNER_2024 = ("Nguyễn Văn Thủy", "Phó Chủ tịch")

# (key, producer key, name, criteria set, legacy commune key, existing product name or "",
#  description, raw materials, market, fate) — fate: "list" in QĐ 298, "amend" added by the
# amendment, "remove" in QĐ 298 then removed, "reject" not proposed by the commune.
IDEAS_2024 = [
    ("cafe", "producer1", "Cà phê bột Robusta Đăk Kôi", 13, "dakkoi", "Cà phê bột Robusta Đăk Kôi",
     "Cà phê Robusta trồng dưới tán rừng, rang xay tại hợp tác xã.", "Cà phê nhân của 40 hộ thành viên tại xã Đắk Kôi.",
     "Thị trường tỉnh Kon Tum, các điểm bán đặc sản Tây Nguyên.", "list"),
    ("gao", "producer2", "Gạo lúa rẫy Kon Braih", 3, "daktore", "Gạo lúa rẫy Kon Braih",
     "Gạo lúa rẫy giống địa phương, canh tác không dùng thuốc bảo vệ thực vật.", "Lúa rẫy của đồng bào Xơ Đăng.",
     "Khách du lịch, cửa hàng đặc sản trong tỉnh.", "list"),
    ("samday", "p03", "Sâm dây khô Kon Rẫy", 20, "tt_dakrve", "Sâm dây khô Kon Rẫy",
     "Sâm dây (đảng sâm) sấy khô, đóng gói hút chân không.", "Vùng trồng sâm dây dưới tán rừng tại Đắk Rve.",
     "Nhà thuốc, cửa hàng dược liệu, thương mại điện tử.", "list"),
    ("matong", "p05", "Mật ong hoa cà phê Đắk Pne", 4, "dakpne", "Mật ong hoa cà phê Đắk Pne",
     "Mật ong hoa cà phê khai thác vụ xuân.", "Đàn ong của hộ tại xã Đắk Pne.", "Thị trường trong tỉnh.", "list"),
    ("chenday", "p13", "Chè dây Tân Lập", 12, "tanlap", "Chè dây Tân Lập",
     "Chè dây sao khô, đóng túi.", "Chè dây mọc tự nhiên và trồng tại Tân Lập.", "Siêu thị, cửa hàng đặc sản.", "list"),
    ("ruoucan", "p11", "Rượu cần Đắk Ruồng", 15, "dakruong", "Rượu cần Đắk Ruồng",
     "Rượu cần ủ men lá truyền thống.", "Gạo, men lá rừng.", "Khách du lịch cộng đồng.", "remove"),
    ("caphehat", "p07", "Cà phê hạt rang Đắk Tơ Lung", 13, "daktolung", "Cà phê hạt rang Đắk Tơ Lung",
     "Cà phê hạt rang mộc.", "Cà phê nhân của hợp tác xã.", "Quán cà phê trong tỉnh.", "amend"),
    ("mangchua", "p09", "Măng rừng muối chua đóng lọ", 7, "dakkoi", "",
     "Măng rừng muối chua theo cách của đồng bào Xơ Đăng.", "Măng le, măng lồ ô khai thác tự nhiên.",
     "Chợ địa phương.", "reject"),
]

# 2026 ideas in today's communes: (key, producer key, name, criteria set, current commune key,
# existing product name or "", description, raw materials, market, state to reach).
IDEAS_2026 = [
    ("matongrung", "producer1", "Mật ong rừng Đăk Kôi", 4, "dakkoi", "Mật ong rừng Đăk Kôi",
     "Mật ong rừng khai thác bền vững, lọc và đóng chai tại hợp tác xã.", "Mật ong rừng của tổ khai thác thôn 2.",
     "Cửa hàng OCOP trong tỉnh, sàn thương mại điện tử.", IdeaStatus.PROPOSED),
    ("mangle", "producer2", "Măng le sấy khô Kon Braih", 7, "konbraih", "",
     "Măng le sấy khô đóng túi 200 g, không dùng chất bảo quản.", "Măng le rừng và vườn của thành viên hợp tác xã.",
     "Khách du lịch, siêu thị tại Quảng Ngãi.", IdeaStatus.SUBMITTED),
    ("tinhdauque", "p17", "Tinh dầu quế Đăk Rve", 20, "dakrve", "Tinh dầu quế",
     "Tinh dầu quế chưng cất hơi nước.", "Vỏ, lá quế trồng tại xã Đăk Rve.", "Cửa hàng quà tặng, xuất khẩu tiểu ngạch.",
     IdeaStatus.DRAFT),
]


def _units() -> dict:
    return {
        "district": legacy_unit(UnitLevel.DISTRICT, KON_RAY_DISTRICT),
        "province": current_unit(UnitLevel.PROVINCE, QUANG_NGAI),
        **{key: current_unit(UnitLevel.COMMUNE, code) for key, code in CURRENT_COMMUNES.items()},
    }


def _register(spec_producer, name, criteria_set, commune, product_name, description, materials, market, year):
    existing = Idea.objects.filter(name=name, year=year, producer=spec_producer, is_sample=True).first()
    if existing is not None:
        return existing, False
    product = Product.objects.filter(name=product_name, producer=spec_producer).first() if product_name else None
    idea = services.idea_create(
        actor=None,
        is_sample=True,
        name=name,
        producer=spec_producer,
        commune=commune,
        category=ProductCategory.objects.get(criteria_set=criteria_set),
        year=year,
        description=description,
        raw_materials=materials,
        intended_market=market,
        product=product,
    )
    return idea, True


def load_ideas(context: dict) -> None:
    producers = context["producers"]
    units = _units()
    context["idea_units"] = units
    ideas: dict[str, Idea] = {}
    fates = {}
    for key, producer_key, name, cset, commune_key, product, description, materials, market, fate in IDEAS_2024:
        commune = legacy_unit(UnitLevel.COMMUNE, LEGACY_COMMUNES[commune_key])
        idea, created = _register(producers[producer_key], name, cset, commune, product, description, materials, market, 2024)
        ideas[key], fates[key] = idea, fate
        if created:
            services.idea_transition(actor=None, idea=idea, action="gui_xa")
            if fate == "reject":
                services.idea_transition(
                    actor=None, idea=idea, action="khong_de_nghi",
                    comment="Nguyên liệu khai thác tự nhiên chưa ổn định, chưa có cơ sở chế biến đạt điều kiện.",
                )
                services.idea_transition(
                    actor=None, idea=idea, action="loai", comment="Thống nhất với ý kiến của UBND xã."
                )
            else:
                services.idea_transition(actor=None, idea=idea, action="de_nghi", comment="Đủ điều kiện tham gia.")
    district = units["district"]
    if not IdeaListDecision.objects.filter(issuing_unit=district, year=2024).exists():
        approval = services.idea_list_approve(
            actor=None,
            is_sample=True,
            issuing_unit=district,
            year=2024,
            issuer_name=ISSUER_2024,
            signer_name=SIGNER_2024[0],
            signer_position=SIGNER_2024[1],
            ideas=[ideas[k] for k, fate in fates.items() if fate in ("list", "remove")],
            **LIST_2024,
        )
        services.idea_list_amend(
            actor=None,
            is_sample=True,
            base=approval,
            issuer_name=ISSUER_2024,
            signer_name=SIGNER_2024[0],
            signer_position=SIGNER_2024[1],
            add=[ideas["caphehat"]],
            remove=[(ideas["ruoucan"], "Chủ thể đề nghị rút do chưa hoàn thiện hồ sơ công bố chất lượng sản phẩm.")],
            **AMENDMENT_2024,
        )
    for key, producer_key, name, cset, commune_key, product, description, materials, market, state in IDEAS_2026:
        idea, created = _register(
            producers[producer_key], name, cset, units[commune_key], product, description, materials, market, 2026
        )
        ideas[key] = idea
        if created and state != IdeaStatus.DRAFT:
            services.idea_transition(actor=None, idea=idea, action="gui_xa")
            if state == IdeaStatus.PROPOSED:
                services.idea_transition(actor=None, idea=idea, action="de_nghi", comment="Sản phẩm có lợi thế của xã.")
    context["ideas"] = ideas


DEMO_STEPS = [load_ideas]
