"""Who may create and edit products (see docs/permissions.md)."""

import rules

from ocop.accounts.models import Role
from ocop.accounts.scopes import user_scope
from ocop.producers.rules import unit_editable_by


@rules.predicate
def can_create_product(user) -> bool:
    return user_scope(user).has(Role.PROVINCE_OFFICE, Role.COMMUNE_OFFICER, Role.PRODUCER)


@rules.predicate
def can_add_product_for(user, producer) -> bool:
    """Producers add products for themselves; offices for producers they may edit."""
    if producer is None:
        return False
    if producer.pk in user_scope(user).producer_ids:
        return True
    return unit_editable_by(user, producer.commune_id)


@rules.predicate
def can_edit_product(user, product) -> bool:
    if product is None:
        return False
    if product.producer_id in user_scope(user).producer_ids:
        return True
    return unit_editable_by(user, product.commune_id)


rules.add_perm("products.add_product", can_create_product)
rules.add_perm("products.add_product_for", can_add_product_for)
rules.add_perm("products.change_product", can_edit_product)
