"""Who may write promotion and communication records (docs/ideas-and-promotion.md).

Provincial officers anywhere in their province; commune officers records of their own
commune; producers their own products' e-commerce listings and their own consultant links.
Agency staff, councils and the legacy district office read only. Reading is the selectors'.
"""

import rules

from ocop.accounts.models import Role
from ocop.accounts.rules import owns_producer, province_covers, record_predicate, role_predicate
from ocop.producers.rules import unit_editable_by

can_create_unit_record = role_predicate("can_create_unit_record", Role.PROVINCE_OFFICE, Role.COMMUNE_OFFICER)
can_edit_event = record_predicate("can_edit_event", unit_editable_by, "unit_id")
can_edit_showroom = record_predicate("can_edit_showroom", unit_editable_by, "commune_id")
can_create_listing = role_predicate("can_create_listing", Role.PROVINCE_OFFICE, Role.COMMUNE_OFFICER, Role.PRODUCER)


@rules.predicate
def can_edit_listing(user, listing) -> bool:
    """Whoever may edit the product may edit where it is sold online."""
    return listing is not None and user.has_perm("products.change_product", listing.product)


can_create_consultant = role_predicate("can_create_consultant", Role.PROVINCE_OFFICE)
can_edit_consultant = record_predicate("can_edit_consultant", province_covers, "unit_id")


@rules.predicate
def can_link_consultant(user, producer) -> bool:
    if producer is None:
        return False
    return owns_producer(user, producer.pk) or unit_editable_by(user, producer.commune_id)


can_edit_communication = record_predicate("can_edit_communication", unit_editable_by, "unit_id")

rules.add_perm("promotion.add_tradeevent", can_create_unit_record)
rules.add_perm("promotion.change_tradeevent", can_edit_event)
rules.add_perm("promotion.add_showroom", can_create_unit_record)
rules.add_perm("promotion.change_showroom", can_edit_showroom)
rules.add_perm("promotion.add_ecommercelisting", can_create_listing)
rules.add_perm("promotion.change_ecommercelisting", can_edit_listing)
rules.add_perm("promotion.add_consultant", can_create_consultant)
rules.add_perm("promotion.change_consultant", can_edit_consultant)
rules.add_perm("promotion.link_consultant", can_link_consultant)
rules.add_perm("promotion.add_communicationactivity", can_create_unit_record)
rules.add_perm("promotion.change_communicationactivity", can_edit_communication)
