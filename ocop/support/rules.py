"""Who may write product surveys, focus products, support activities, funding and budgets
(see docs/ideas-and-promotion.md, "Phân quyền").

Reading is decided by the selectors (outside the reader's scope → 404); these predicates
decide writing (readable but not writable → 403). Producers act on their own records;
commune officers on records of their own, current commune; the provincial office approves
(lists, plans, focus selection, budgets) anywhere its province covers, old units included.
"""

import rules

from ocop.accounts.models import Role
from ocop.accounts.scopes import user_scope
from ocop.ideas.rules import province_covers
from ocop.producers.rules import unit_editable_by

# -- survey, focus, support, budget ------------------------------------------------------------


@rules.predicate
def can_create_survey(user) -> bool:
    return user_scope(user).has(Role.PROVINCE_OFFICE, Role.COMMUNE_OFFICER)


@rules.predicate
def can_edit_survey(user, survey) -> bool:
    return survey is not None and unit_editable_by(user, survey.product.commune_id)


@rules.predicate
def can_manage_focus(user) -> bool:
    return user_scope(user).has(Role.PROVINCE_OFFICE)


@rules.predicate
def can_edit_focus(user, selection) -> bool:
    return (
        selection is not None
        and selection.status == "du_thao"
        and province_covers(user, selection.issuing_unit_id)
    )


@rules.predicate
def can_create_support(user) -> bool:
    return user_scope(user).has(Role.PROVINCE_OFFICE, Role.COMMUNE_OFFICER)


@rules.predicate
def can_edit_support(user, activity) -> bool:
    """The level that pays may edit: a commune officer only support on its commune's budget."""
    return activity is not None and unit_editable_by(user, activity.budget_unit_id)


@rules.predicate
def can_manage_budget(user) -> bool:
    return user_scope(user).has(Role.PROVINCE_OFFICE)


@rules.predicate
def can_edit_allocation(user, allocation) -> bool:
    return allocation is not None and province_covers(user, allocation.unit_id)


rules.add_perm("support.add_productsurvey", can_create_survey)
rules.add_perm("support.change_productsurvey", can_edit_survey)
rules.add_perm("support.add_focusselection", can_manage_focus)
rules.add_perm("support.change_focusselection", can_edit_focus)
rules.add_perm("support.add_supportactivity", can_create_support)
rules.add_perm("support.change_supportactivity", can_edit_support)
rules.add_perm("support.add_budgetallocation", can_manage_budget)
rules.add_perm("support.change_budgetallocation", can_edit_allocation)
