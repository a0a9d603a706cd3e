"""Who may create and edit products (see docs/permissions.md)."""

import rules

from ocop.accounts.models import Role
from ocop.accounts.rules import role_predicate
from ocop.producers.rules import can_edit_producer, producer_or_unit_writes

can_create_product = role_predicate("can_create_product", Role.PROVINCE_OFFICE, Role.COMMUNE_OFFICER, Role.PRODUCER)
# Producers add products for themselves; offices for producers they may edit.
can_add_product_for = can_edit_producer


@rules.predicate
def can_edit_product(user, product) -> bool:
    return product is not None and producer_or_unit_writes(user, product)


rules.add_perm("products.add_product", can_create_product)
rules.add_perm("products.add_product_for", can_add_product_for)
rules.add_perm("products.change_product", can_edit_product)
