"""Building blocks of the apps' permission rules (each app's rules.py registers its own perms).

Most write rules say one of two things: "the user holds one of these roles" (creating), or
"the record exists and the user may write records of the unit it belongs to" (changing). The
factories below build those predicates, so each rules.py reads as a list of who may do what.
"""

from __future__ import annotations

from collections.abc import Callable
from operator import attrgetter

import rules

from ocop.accounts.scopes import user_scope
from ocop.territory.models import UnitCoverage


def role_predicate(name: str, *roles: str) -> rules.Predicate:
    """The user holds one of `roles` (the admin holds every role)."""
    return rules.Predicate(lambda user: user_scope(user).has(*roles), name=name)


def record_predicate(name: str, check: Callable[[object, int | None], bool], attribute: str) -> rules.Predicate:
    """The record exists and `check(user, record.<attribute>)` holds (`attribute` may be dotted)."""
    get = attrgetter(attribute)
    return rules.Predicate(lambda user, record: record is not None and check(user, get(record)), name=name)


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
