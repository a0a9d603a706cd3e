"""Business plans awaiting action on the role homes (see ocop.core.homes)."""

from __future__ import annotations

from ocop.business_plans import selectors
from ocop.business_plans.workflow import PlanStatus
from ocop.core import homes
from ocop.ideas.home import waiting_lists

# (order, section, status, title, next step): the commune reviews plans, the province
# approves them (ocop.gov.vn "6 bước", step 3).
WAITING = (
    (1, homes.PRODUCER, PlanStatus.RETURNED, "Phương án kinh doanh cần hoàn thiện", "Hoàn thiện, gửi lại UBND xã"),
    (3, homes.COMMUNE, PlanStatus.SUBMITTED, "Phương án kinh doanh chờ xã xem xét", "Xem xét, đề nghị tỉnh phê duyệt"),
    (4, homes.PROVINCE, PlanStatus.FORWARDED, "Phương án kinh doanh chờ tỉnh phê duyệt", "Phê duyệt phương án"),
)


def home_lists(user, scope, today) -> list[homes.HomeList]:
    return waiting_lists(
        user, scope, WAITING, selectors.business_plans_waiting_for, "business_plans:detail", "business_plans:list"
    )
