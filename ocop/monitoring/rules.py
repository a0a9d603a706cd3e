"""Who may write monitoring records (docs/certificates.md §9).

QĐ 26/2026 Điều 9.4.a: the provincial OCOP office leads inspections in its province; the
seed plan (Kon Rẫy 2024, §IV) asks each commune to watch OCOP label use. So: plans and
inspections by the provincial office (and admin); label-use checks also by the officers of
the product's commune (today's commune covers its former communes); compliance documents
also by the producer itself.
"""

import rules

from ocop.accounts.models import Role
from ocop.accounts.scopes import user_scope
from ocop.certificates.rules import commune_covers, province_manages


@rules.predicate
def can_add_plan(user) -> bool:
    return user_scope(user).has(Role.PROVINCE_OFFICE)


@rules.predicate
def can_inspect_product(user, product) -> bool:
    return product is not None and province_manages(user, product.commune_id)


@rules.predicate
def can_check_labels_of(user, product) -> bool:
    if product is None:
        return False
    return province_manages(user, product.commune_id) or commune_covers(user, product.commune_id)


@rules.predicate
def can_add_document_for(user, product) -> bool:
    if product is None:
        return False
    if product.producer_id in user_scope(user).producer_ids:
        return True
    return province_manages(user, product.commune_id) or commune_covers(user, product.commune_id)


@rules.predicate
def can_edit_plan(user, plan) -> bool:
    return plan is not None and province_manages(user, plan.unit_id)


rules.add_perm("monitoring.add_plan", can_add_plan)
rules.add_perm("monitoring.change_plan", can_edit_plan)
rules.add_perm("monitoring.inspect_product", can_inspect_product)
rules.add_perm("monitoring.check_labels", can_check_labels_of)
rules.add_perm("monitoring.add_document", can_add_document_for)
