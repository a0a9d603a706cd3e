"""Who may write monitoring records (docs/certificates.md §9).

QĐ 26/2026 Điều 9.4.a: the provincial OCOP office leads inspections in its province; the
seed plan (Kon Rẫy 2024, §IV) asks each commune to watch OCOP label use. So: plans and
inspections by the provincial office (and admin); label-use checks also by the officers of
the product's commune (today's commune covers its former communes); compliance documents
also by the producer itself.
"""

import rules

from ocop.accounts.models import Role
from ocop.accounts.rules import owns_producer, province_covers, record_predicate, role_predicate
from ocop.certificates.rules import commune_covers


def watches_unit(user, unit_id: int | None) -> bool:
    """The provincial office of the unit's province, or the officers of its (today's) commune."""
    return province_covers(user, unit_id) or commune_covers(user, unit_id)


can_add_plan = role_predicate("can_add_plan", Role.PROVINCE_OFFICE)
can_inspect_product = record_predicate("can_inspect_product", province_covers, "commune_id")
can_check_labels_of = record_predicate("can_check_labels_of", watches_unit, "commune_id")


@rules.predicate
def can_add_document_for(user, product) -> bool:
    if product is None:
        return False
    return owns_producer(user, product.producer_id) or watches_unit(user, product.commune_id)


can_edit_plan = record_predicate("can_edit_plan", province_covers, "unit_id")


rules.add_perm("monitoring.add_plan", can_add_plan)
rules.add_perm("monitoring.change_plan", can_edit_plan)
rules.add_perm("monitoring.inspect_product", can_inspect_product)
rules.add_perm("monitoring.check_labels", can_check_labels_of)
rules.add_perm("monitoring.add_document", can_add_document_for)
