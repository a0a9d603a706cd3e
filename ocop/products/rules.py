"""Who may create and edit products (see docs/permissions.md)."""

import rules

from ocop.accounts.models import Role
from ocop.accounts.rules import owns_producer, role_predicate
from ocop.producers.rules import can_edit_producer, unit_editable_by

can_create_product = role_predicate("can_create_product", Role.PROVINCE_OFFICE, Role.COMMUNE_OFFICER, Role.PRODUCER)
# Producers add products for themselves; offices for producers they may edit.
can_add_product_for = can_edit_producer


@rules.predicate
def can_edit_product(user, product) -> bool:
    if product is None:
        return False
    return owns_producer(user, product.producer_id) or unit_editable_by(user, product.commune_id)


rules.add_perm("products.add_product", can_create_product)
rules.add_perm("products.add_product_for", can_add_product_for)
rules.add_perm("products.change_product", can_edit_product)
