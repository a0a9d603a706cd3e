"""Who may write ideas and the yearly approved lists (with their amendments)
(see docs/ideas-and-promotion.md, "Phân quyền").

Reading is decided by the selectors (outside the reader's scope → 404); these predicates
decide writing (readable but not writable → 403). Producers act on their own records;
commune officers on records of their own, current commune; the provincial office approves
(lists, plans, focus selection, budgets) anywhere its province covers, old units included.
"""

import rules

from ocop.accounts.models import Role
from ocop.accounts.rules import province_covers, record_predicate, role_predicate
from ocop.ideas.workflow import IDEA_EDITABLE, IdeaStatus
from ocop.producers.rules import producer_or_unit_writes, unit_editable_by

# -- ideas -------------------------------------------------------------------------------------


can_create_idea = role_predicate("can_create_idea", Role.PROVINCE_OFFICE, Role.COMMUNE_OFFICER, Role.PRODUCER)


@rules.predicate
def can_edit_idea(user, idea) -> bool:
    return idea is not None and idea.status in IDEA_EDITABLE and producer_or_unit_writes(user, idea)


# The commune's review (step 2): the commune officer, or the provincial office.
can_review_idea = record_predicate("can_review_idea", unit_editable_by, "commune_id")
can_decide_idea = record_predicate("can_decide_idea", province_covers, "commune_id")
can_decide_lists = role_predicate("can_decide_lists", Role.PROVINCE_OFFICE)
can_amend_list = record_predicate("can_amend_list", province_covers, "issuing_unit_id")


@rules.predicate
def can_mature_idea(user, idea) -> bool:
    """A listed idea without a product may become one (its producer or the offices)."""
    if idea is None or idea.product_id or idea.status != IdeaStatus.LISTED:
        return False
    return producer_or_unit_writes(user, idea)


rules.add_perm("ideas.add_idea", can_create_idea)
rules.add_perm("ideas.change_idea", can_edit_idea)
rules.add_perm("ideas.review_idea", can_review_idea)
rules.add_perm("ideas.decide_idea", can_decide_idea)
rules.add_perm("ideas.add_idealistdecision", can_decide_lists)
rules.add_perm("ideas.amend_idealistdecision", can_amend_list)
rules.add_perm("ideas.mature_idea", can_mature_idea)
