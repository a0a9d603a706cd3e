"""Who may write business plans (phương án sản xuất kinh doanh)
(see docs/ideas-and-promotion.md, "Phân quyền").

Reading is decided by the selectors (outside the reader's scope → 404); these predicates
decide writing (readable but not writable → 403). Producers act on their own records;
commune officers on records of their own, current commune; the provincial office approves
(lists, plans, focus selection, budgets) anywhere its province covers, old units included.
"""

import rules

from ocop.accounts.models import Role
from ocop.accounts.rules import owns_producer, province_covers, record_predicate, role_predicate
from ocop.business_plans.workflow import PLAN_EDITABLE
from ocop.producers.rules import unit_editable_by

# -- business plans ----------------------------------------------------------------------------


can_create_plan = role_predicate("can_create_plan", Role.PROVINCE_OFFICE, Role.COMMUNE_OFFICER, Role.PRODUCER)


@rules.predicate
def can_edit_plan(user, plan) -> bool:
    if plan is None or plan.status not in PLAN_EDITABLE:
        return False
    return owns_producer(user, plan.producer_id) or unit_editable_by(user, plan.commune_id)


can_review_plan = record_predicate("can_review_plan", unit_editable_by, "commune_id")
can_approve_plan = record_predicate("can_approve_plan", province_covers, "commune_id")


rules.add_perm("business_plans.add_businessplan", can_create_plan)
rules.add_perm("business_plans.change_businessplan", can_edit_plan)
rules.add_perm("business_plans.review_businessplan", can_review_plan)
rules.add_perm("business_plans.approve_businessplan", can_approve_plan)
