"""Sample survey, focus products, support and budgets of the demo (after ocop.ideas.demo,
which leaves `ideas` and `idea_units` in the context).

Loaded and written as ocop.ideas.demo says (idempotent, sample records, written by the
system, no product created).
"""

from datetime import date

from ocop.products.models import Product
from ocop.support import services
from ocop.support.models import BudgetAllocation, FocusSelection, ProductSurvey, SupportActivity

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
        product = Product.objects.get(name=product_name, producer__in=list(context["producers"].values()))
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


DEMO_STEPS = [load_survey_and_focus, load_support]
