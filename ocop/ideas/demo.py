"""Sample data for steps 2–4 of the cycle: the Kon Rẫy 2024 list and its amendment, 2026
ideas in today's communes, business plans, a survey, focus products, support and budgets.

Loaded by `manage.py ocop_demo` after the core steps (see ocop.core.demo): idempotent, every
record `is_sample=True`, written by the system (actor None), which notifies nobody. The list
numbers and entries are illustrative: the seed plan cites Quyết định 298/QĐ-UBND ngày
14/4/2024 of UBND huyện Kon Rẫy but we do not hold its annex, and the amendment is invented.
No product is created here (existing products are registered instead), so the core demo's
counts stay as they are.
"""

from datetime import date

from ocop.ideas import services
from ocop.ideas.models import (
    BudgetAllocation,
    BusinessPlan,
    FocusSelection,
    Idea,
    IdeaListDecision,
    ProductSurvey,
    SupportActivity,
)
from ocop.ideas.workflow import IdeaStatus, PlanStatus
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

PLANS = [
    # (idea key, title, years [(year, revenue, cost)], investments [(item, amount)], state)
    ("cafe", "Phương án sản xuất, kinh doanh Cà phê bột Robusta Đăk Kôi giai đoạn 2024–2026",
     [(2024, 850_000_000, 640_000_000), (2025, 1_100_000_000, 800_000_000), (2026, 1_400_000_000, 990_000_000)],
     [("Máy rang cà phê 15 kg/mẻ", 180_000_000), ("Thiết kế bao bì, nhãn mác", 45_000_000)], PlanStatus.APPROVED),
    ("samday", "Phương án phát triển sản phẩm Sâm dây khô Kon Rẫy",
     [(2024, 1_300_000_000, 950_000_000), (2025, 1_600_000_000, 1_150_000_000)],
     [("Nhà sấy sâm dây", 260_000_000), ("Chứng nhận VietGAP vùng trồng", 40_000_000)], PlanStatus.APPROVED),
    ("mangle", "Phương án sản xuất Măng le sấy khô Kon Braih",
     [(2026, 320_000_000, 250_000_000), (2027, 480_000_000, 350_000_000)],
     [("Máy sấy măng", 95_000_000)], PlanStatus.DRAFT),
]

ALLOCATIONS = [
    # (unit key, year, source, amount, reference)
    ("district", 2024, "ntm", 300_000_000, "Quyết định giao vốn Chương trình MTQG xây dựng nông thôn mới năm 2024 (mẫu)"),
    ("district", 2024, "ngan_sach_huyen", 100_000_000, "Dự toán ngân sách huyện năm 2024 (mẫu)"),
    ("province", 2026, "ngan_sach_tinh", 500_000_000, "Dự toán ngân sách tỉnh năm 2026 (mẫu)"),
    ("province", 2026, "ntm", 400_000_000, "Kế hoạch vốn MTQG nông thôn mới năm 2026 (mẫu)"),
    ("konbraih", 2026, "ngan_sach_xa", 50_000_000, "Dự toán ngân sách xã Kon Braih năm 2026 (mẫu)"),
]

SUPPORT = [
    # (producer key, product name or "", type, date, budget unit key, status, content, fundings)
    ("producer1", "Cà phê bột Robusta Đăk Kôi", "bao_bi_nhan", date(2024, 6, 10), "district", "hoan_thanh",
     "Thiết kế bộ nhận diện, bao bì 250 g và 500 g cho cà phê bột.", [("ntm", 45_000_000), ("doi_ung", 15_000_000)]),
    ("p03", "Sâm dây khô Kon Rẫy", "dao_tao", date(2024, 7, 2), "district", "hoan_thanh",
     "Tập huấn quy trình sơ chế, sấy và bảo quản sâm dây.", [("ntm", 20_000_000), ("ngan_sach_huyen", 10_000_000)]),
    ("p05", "Mật ong hoa cà phê Đắk Pne", "tieu_chuan", date(2024, 9, 18), "district", "hoan_thanh",
     "Kiểm nghiệm chỉ tiêu an toàn thực phẩm và công bố chất lượng mật ong.", [("ntm", 30_000_000), ("doi_ung", 10_000_000)]),
    ("producer2", "Gạo lúa rẫy Kon Braih", "so_huu_tri_tue", date(2026, 8, 5), "province", "ke_hoach",
     "Đăng ký nhãn hiệu tập thể “Gạo lúa rẫy Kon Braih”.", [("ngan_sach_tinh", 25_000_000), ("doi_ung", 5_000_000)]),
    ("producer1", "Mật ong rừng Đăk Kôi", "thiet_bi", date(2026, 4, 22), "province", "dang_thuc_hien",
     "Hỗ trợ máy lọc, tách nước mật ong và dây chuyền chiết rót.", [("ntm", 120_000_000), ("doi_ung", 80_000_000)]),
    ("producer2", "", "dao_tao", date(2026, 6, 12), "konbraih", "hoan_thanh",
     "Tập huấn xây dựng phương án kinh doanh cho thành viên hợp tác xã.", [("ngan_sach_xa", 8_000_000)]),
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


def load_plans(context: dict) -> None:
    ideas = context["ideas"]
    for idea_key, title, years, investments, state in PLANS:
        idea = ideas[idea_key]
        if BusinessPlan.objects.filter(title=title, is_sample=True).exists():
            continue
        plan = services.plan_create(
            actor=None,
            is_sample=True,
            title=title,
            producer=idea.producer,
            idea=idea,
            product=idea.product,
            market=idea.intended_market,
            production_organisation="Hợp tác xã tổ chức sản xuất theo chuỗi, liên kết với các hộ thành viên.",
            raw_materials=idea.raw_materials,
            support_needed="Thiết kế bao bì, chứng nhận chất lượng, tham gia hội chợ.",
            investments=investments,
            years=years,
        )
        if state == PlanStatus.APPROVED:
            for action in ("gui_xa", "de_nghi", "phe_duyet"):
                services.plan_transition(actor=None, plan=plan, action=action)


def load_survey_and_focus(context: dict) -> None:
    ideas = context["ideas"]
    district = context["idea_units"]["district"]
    surveys = [
        ("Sâm dây khô Kon Rẫy", date(2024, 3, 12), "Sản lượng 3 tấn khô/năm, đóng gói thủ công, chưa có mã vạch.",
         "Nguồn nguyên liệu bản địa, được thị trường biết đến.", "Giá cao hơn sản phẩm cùng loại; bao bì chưa hấp dẫn.",
         "Hỗ trợ máy hút chân không, thiết kế bao bì, mã số mã vạch."),
        ("Cà phê bột Robusta Đăk Kôi", date(2024, 3, 14), "Rang xay thủ công, tiêu thụ chủ yếu trong huyện.",
         "Vùng nguyên liệu ổn định, hợp tác xã hoạt động hiệu quả.", "Cạnh tranh với nhiều thương hiệu cà phê Tây Nguyên.",
         "Hỗ trợ máy rang, thiết kế bao bì, xây dựng câu chuyện sản phẩm."),
    ]
    for product_name, day, state, strengths, competitiveness, support in surveys:
        product = Product.objects.get(name=product_name)
        if ProductSurvey.objects.filter(product=product, surveyed_on=day).exists():
            continue
        services.survey_create(
            actor=None, is_sample=True, product=product, surveyed_on=day,
            surveyor="Phòng Nông nghiệp và PTNT huyện Kon Rẫy", current_state=state, strengths=strengths,
            competitiveness=competitiveness, proposed_support=support,
            development_direction="Phát triển thành sản phẩm OCOP 3 sao cấp huyện.",
        )
    if FocusSelection.objects.filter(issuing_unit=district, year=2024).exists():
        return
    selection = services.focus_selection_create(
        actor=None, is_sample=True, issuing_unit=district, year=2024,
        basis="Kế hoạch triển khai Chương trình OCOP năm 2024 của UBND huyện Kon Rẫy, mục III.3",
    )
    reasons = {
        "cafe": "Vùng nguyên liệu lớn nhất huyện, hợp tác xã có phương án kinh doanh được phê duyệt.",
        "samday": "Dược liệu đặc trưng của Kon Rẫy, giá trị kinh tế cao.",
        "matong": "Sản phẩm gắn với vùng cà phê, dễ đạt tiêu chuẩn chất lượng.",
        "chenday": "Sản phẩm có lợi thế của xã Tân Lập, đã có thị trường.",
    }
    for key, reason in reasons.items():
        services.focus_item_add(actor=None, selection=selection, idea=ideas[key], reason=reason)
    services.focus_selection_approve(actor=None, selection=selection, approved_on=date(2024, 5, 15))


def load_support(context: dict) -> None:
    units = context["idea_units"]
    producers = context["producers"]
    for unit_key, year, source, amount, reference in ALLOCATIONS:
        if not BudgetAllocation.objects.filter(unit=units[unit_key], year=year, source=source).exists():
            services.allocation_set(
                actor=None, is_sample=True, unit=units[unit_key], year=year, source=source, amount=amount,
                reference=reference,
            )
    for producer_key, product_name, kind, day, unit_key, status, content, fundings in SUPPORT:
        producer = producers[producer_key]
        if SupportActivity.objects.filter(producer=producer, provided_on=day, support_type=kind).exists():
            continue
        services.support_create(
            actor=None, is_sample=True, producer=producer,
            product=Product.objects.filter(name=product_name, producer=producer).first() if product_name else None,
            support_type=kind, provided_on=day, budget_unit=units[unit_key], status=status, content=content,
            provider="Phòng Nông nghiệp và PTNT huyện Kon Rẫy" if day.year == 2024 else "Văn phòng OCOP tỉnh Quảng Ngãi",
            fundings=fundings,
        )


DEMO_STEPS = [load_ideas, load_plans, load_survey_and_focus, load_support]
