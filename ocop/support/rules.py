"""Who may write product surveys, focus products, support activities, funding and budgets
(see docs/ideas-and-promotion.md, "Phân quyền").

Who acts where follows the same scope rules as ocop/ideas/rules.py (its docstring).
"""

import rules

from ocop.accounts.models import Role
from ocop.accounts.rules import province_covers, record_predicate, role_predicate
from ocop.producers.rules import unit_editable_by

# -- survey, focus, support, budget ------------------------------------------------------------


can_create_survey = role_predicate("can_create_survey", Role.PROVINCE_OFFICE, Role.COMMUNE_OFFICER)
can_edit_survey = record_predicate("can_edit_survey", unit_editable_by, "product.commune_id")
can_manage_focus = role_predicate("can_manage_focus", Role.PROVINCE_OFFICE)


@rules.predicate
def can_edit_focus(user, selection) -> bool:
    return (
        selection is not None
        and selection.status == "du_thao"
        and province_covers(user, selection.issuing_unit_id)
    )


can_create_support = role_predicate("can_create_support", Role.PROVINCE_OFFICE, Role.COMMUNE_OFFICER)
# The level that pays may edit: a commune officer only support on its commune's budget.
can_edit_support = record_predicate("can_edit_support", unit_editable_by, "budget_unit_id")
can_manage_budget = role_predicate("can_manage_budget", Role.PROVINCE_OFFICE)
can_edit_allocation = record_predicate("can_edit_allocation", province_covers, "unit_id")

rules.add_perm("support.add_productsurvey", can_create_survey)
rules.add_perm("support.change_productsurvey", can_edit_survey)
rules.add_perm("support.add_focusselection", can_manage_focus)
rules.add_perm("support.change_focusselection", can_edit_focus)
rules.add_perm("support.add_supportactivity", can_create_support)
rules.add_perm("support.change_supportactivity", can_edit_support)
rules.add_perm("support.add_budgetallocation", can_manage_budget)
rules.add_perm("support.change_budgetallocation", can_edit_allocation)
