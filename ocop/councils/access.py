"""Who may do what with a council (role × scope, plus membership)."""

from __future__ import annotations

from ocop.accounts.models import Role
from ocop.accounts.scopes import user_scope
from ocop.councils.models import ConflictDeclaration, Council, CouncilMember, Position
from ocop.territory.models import UnitCoverage

MANAGER_ROLES = (Role.PROVINCE_OFFICE, Role.DISTRICT_OFFICE)


def _covers(unit_ids, unit_id) -> bool:
    if not unit_ids or unit_id is None:
        return False
    return UnitCoverage.objects.filter(unit_id__in=list(unit_ids), covered_id=unit_id).exists()


def can_manage(user, council: Council) -> bool:
    """The provincial office of the council's province (or the district office of its
    legacy district under QĐ 148) manages it: members, rounds, decisions. Ministry-level
    councils are managed by administrators."""
    scope = user_scope(user)
    if scope.is_admin:
        return True
    return _covers(scope.unit_ids(*MANAGER_ROLES), council.unit_id)


def membership(user, council: Council) -> CouncilMember | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return CouncilMember.objects.filter(council=council, user=user).first()


def is_chair(user, council: Council) -> bool:
    member = membership(user, council)
    return member is not None and member.position == Position.CHAIR


def is_conflicted(member: CouncilMember | None, dossier) -> bool:
    return member is not None and ConflictDeclaration.objects.filter(member=member, dossier=dossier).exists()


def can_see_scores(user, evaluation) -> bool:
    """Members' points are visible to the council (and its managers) only after closing,
    and never to a member with a declared conflict on the dossier."""
    from ocop.councils.models import EvaluationStatus

    council = evaluation.council
    member = membership(user, council)
    if is_conflicted(member, evaluation.dossier):
        return False
    if evaluation.status != EvaluationStatus.CLOSED:
        return False
    return member is not None or can_manage(user, council)


def can_view(user, council: Council) -> bool:
    """Managers, members, and the members of its advisory team(s)."""
    if can_manage(user, council) or membership(user, council) is not None:
        return True
    return CouncilMember.objects.filter(council__advisory_for=council, user=user).exists()
