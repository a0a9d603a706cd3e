"""Workflow table of business plans (rows of ocop.core.workflow; the Workflow with its checks
and effects is registered in models.py).

Step 3 of the chu trình OCOP thường niên (ocop.gov.vn, "6 bước chuẩn hóa quy trình OCOP"):
business plans go to the commune, which reviews and forwards them to the province; approval
opens access to support.
"""

from __future__ import annotations

from django.db import models

from ocop.core.workflow import Transition
from ocop.ideas.workflow import transition_table


class PlanStatus(models.TextChoices):
    DRAFT = "nhap", "Nháp"
    SUBMITTED = "da_gui_xa", "Đã gửi UBND xã"
    RETURNED = "can_bo_sung", "Cần bổ sung, hoàn thiện"
    FORWARDED = "xa_de_nghi", "Xã đã xem xét, đề nghị tỉnh phê duyệt"
    APPROVED = "da_phe_duyet", "Đã phê duyệt"
    NOT_APPROVED = "khong_phe_duyet", "Không phê duyệt"


PLAN_TRANSITIONS = transition_table(
    Transition(
        "gui_xa", "Gửi UBND xã", frozenset({PlanStatus.DRAFT, PlanStatus.RETURNED}),
        PlanStatus.SUBMITTED, "business_plans.change_businessplan", checks=("has_years",),
    ),
    Transition(
        "tra_lai", "Trả lại để bổ sung", frozenset({PlanStatus.SUBMITTED}),
        PlanStatus.RETURNED, "business_plans.review_businessplan", comment_required=True, style="warning",
    ),
    Transition(
        "de_nghi", "Đề nghị tỉnh phê duyệt", frozenset({PlanStatus.SUBMITTED}),
        PlanStatus.FORWARDED, "business_plans.review_businessplan",
    ),
    Transition(
        "tinh_tra_lai", "Trả lại để bổ sung", frozenset({PlanStatus.FORWARDED}),
        PlanStatus.RETURNED, "business_plans.approve_businessplan", comment_required=True, style="warning",
    ),
    Transition(
        "phe_duyet", "Phê duyệt phương án", frozenset({PlanStatus.FORWARDED}),
        PlanStatus.APPROVED, "business_plans.approve_businessplan", style="success",
    ),
    Transition(
        "khong_phe_duyet", "Không phê duyệt", frozenset({PlanStatus.FORWARDED}),
        PlanStatus.NOT_APPROVED, "business_plans.approve_businessplan", comment_required=True, style="danger",
    ),
)

PLAN_EDITABLE = frozenset({PlanStatus.DRAFT, PlanStatus.RETURNED})
