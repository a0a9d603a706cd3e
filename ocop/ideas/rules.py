"""Who may write ideas and the yearly approved lists (with their amendments)
(see docs/ideas-and-promotion.md, "Phân quyền").

Reading is decided by the selectors (outside the reader's scope → 404); these predicates
decide writing (readable but not writable → 403). Producers act on their own records;
commune officers on records of their own, current commune; the provincial office approves
(lists, plans, focus selection, budgets) anywhere its province covers, old units included.
"""

import rules

from ocop.accounts.models import Role
from ocop.accounts.scopes import user_scope
from ocop.ideas.workflow import IDEA_EDITABLE, IdeaStatus
from ocop.producers.rules import unit_editable_by
from ocop.territory.models import UnitCoverage


def province_covers(user, unit_id: int | None) -> bool:
    """Is `unit_id` inside a province this user works for as provincial office (or admin)?"""
    scope = user_scope(user)
    if scope.is_admin:
        return True
    if unit_id is None or not scope.province_ids:
        return False
    return UnitCoverage.objects.filter(unit_id__in=scope.province_ids, covered_id=unit_id).exists()


def owns_producer(user, producer_id: int | None) -> bool:
    return producer_id is not None and producer_id in user_scope(user).producer_ids


# -- ideas -------------------------------------------------------------------------------------


@rules.predicate
def can_create_idea(user) -> bool:
    return user_scope(user).has(Role.PROVINCE_OFFICE, Role.COMMUNE_OFFICER, Role.PRODUCER)


@rules.predicate
def can_edit_idea(user, idea) -> bool:
    if idea is None or idea.status not in IDEA_EDITABLE:
        return False
    return owns_producer(user, idea.producer_id) or unit_editable_by(user, idea.commune_id)


@rules.predicate
def can_review_idea(user, idea) -> bool:
    """The commune's review (step 2): the commune officer, or the provincial office."""
    return idea is not None and unit_editable_by(user, idea.commune_id)


@rules.predicate
def can_decide_idea(user, idea) -> bool:
    return idea is not None and province_covers(user, idea.commune_id)


@rules.predicate
def can_decide_lists(user) -> bool:
    return user_scope(user).has(Role.PROVINCE_OFFICE)


@rules.predicate
def can_amend_list(user, decision) -> bool:
    return decision is not None and province_covers(user, decision.issuing_unit_id)


@rules.predicate
def can_mature_idea(user, idea) -> bool:
    """A listed idea without a product may become one (its producer or the offices)."""
    if idea is None or idea.product_id or idea.status != IdeaStatus.LISTED:
        return False
    return owns_producer(user, idea.producer_id) or unit_editable_by(user, idea.commune_id)


rules.add_perm("ideas.add_idea", can_create_idea)
rules.add_perm("ideas.change_idea", can_edit_idea)
rules.add_perm("ideas.review_idea", can_review_idea)
rules.add_perm("ideas.decide_idea", can_decide_idea)
rules.add_perm("ideas.add_idealistdecision", can_decide_lists)
rules.add_perm("ideas.amend_idealistdecision", can_amend_list)
rules.add_perm("ideas.mature_idea", can_mature_idea)
