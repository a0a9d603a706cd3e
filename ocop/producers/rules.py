"""Who may create and edit producers (see docs/permissions.md).

Reading is decided by the selectors (a record outside the reader's scope is simply not
found, so the view answers 404); these predicates decide writing.
"""

import rules

from ocop.accounts.models import Role
from ocop.accounts.rules import owns_producer, role_predicate
from ocop.accounts.scopes import user_scope
from ocop.territory.models import UnitCoverage

can_create_producer = role_predicate("can_create_producer", Role.PROVINCE_OFFICE, Role.COMMUNE_OFFICER)


def unit_editable_by(user, unit_id: int | None) -> bool:
    """May `user` write records tied to this unit?

    Provincial offices write anywhere in their province (old or new units); commune
    officers only records of their own, current commune — they read, but do not change,
    the records of the units their commune replaced.
    """
    scope = user_scope(user)
    if scope.is_admin:
        return True
    if unit_id is None:
        return False
    if unit_id in scope.commune_ids:
        return True
    if scope.province_ids:
        return UnitCoverage.objects.filter(unit_id__in=scope.province_ids, covered_id=unit_id).exists()
    return False


def producer_or_unit_writes(user, record) -> bool:
    """`record` (with producer_id and commune_id) is the user's own producer's, or the user
    is an office that may write records of its commune."""
    return owns_producer(user, record.producer_id) or unit_editable_by(user, record.commune_id)


@rules.predicate
def can_edit_producer(user, producer) -> bool:
    if producer is None:
        return False
    return owns_producer(user, producer.pk) or unit_editable_by(user, producer.commune_id)


rules.add_perm("producers.add_producer", can_create_producer)
rules.add_perm("producers.change_producer", can_edit_producer)
