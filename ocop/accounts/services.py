"""Account actions: role assignment."""

from django.core.exceptions import ValidationError
from django.db import transaction

from ocop.accounts.models import ROLE_SCOPE, RoleAssignment, User


@transaction.atomic
def role_assign(
    *, actor: User | None, user: User, role: str, unit=None, agency=None, producer=None
) -> RoleAssignment:
    """Give `user` a role with the scope that role needs (see ROLE_SCOPE)."""
    needed = ROLE_SCOPE[role]
    given = {"unit": unit, "agency": agency, "producer": producer}
    if needed and given[needed] is None:
        labels = {"unit": "địa bàn", "agency": "cơ quan", "producer": "chủ thể"}
        raise ValidationError({needed: f"Vai trò này cần chọn {labels[needed]}."})
    assignment = RoleAssignment(user=user, role=role, **{k: v for k, v in given.items() if k == needed})
    assignment.full_clean()
    assignment.save()
    if role == "admin" and not (user.is_staff and user.is_superuser):
        user.is_staff = user.is_superuser = True
        user.save(update_fields=["is_staff", "is_superuser"])
    return assignment
