"""Who may write business plans (phương án sản xuất kinh doanh)
(see docs/ideas-and-promotion.md, "Phân quyền").

Who acts where follows the same scope rules as ocop/ideas/rules.py (its docstring).
"""

import rules

from ocop.accounts.models import Role
from ocop.accounts.rules import province_covers, record_predicate, role_predicate
from ocop.business_plans.workflow import PLAN_EDITABLE
from ocop.producers.rules import producer_or_unit_writes, unit_editable_by

# -- business plans ----------------------------------------------------------------------------


can_create_plan = role_predicate("can_create_plan", Role.PROVINCE_OFFICE, Role.COMMUNE_OFFICER, Role.PRODUCER)


@rules.predicate
def can_edit_plan(user, plan) -> bool:
    return plan is not None and plan.status in PLAN_EDITABLE and producer_or_unit_writes(user, plan)


can_review_plan = record_predicate("can_review_plan", unit_editable_by, "commune_id")
can_approve_plan = record_predicate("can_approve_plan", province_covers, "commune_id")


rules.add_perm("business_plans.add_businessplan", can_create_plan)
rules.add_perm("business_plans.change_businessplan", can_edit_plan)
rules.add_perm("business_plans.review_businessplan", can_review_plan)
rules.add_perm("business_plans.approve_businessplan", can_approve_plan)
