"""Sample business plans of the demo ideas (ocop.ideas.demo runs first and leaves
`ideas` in the context).

Loaded and written as ocop.ideas.demo says (idempotent, sample records, written by the
system, no product created).
"""


from ocop.business_plans import services
from ocop.business_plans.models import BusinessPlan
from ocop.business_plans.workflow import PlanStatus

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


DEMO_STEPS = [load_plans]
