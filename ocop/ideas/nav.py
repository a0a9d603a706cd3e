"""Menu entries of this app (see accounts.scopes.navigation_for)."""

from django.urls import reverse

from ocop.accounts.models import Role
from ocop.accounts.scopes import UNIT_ROLES_THAT_READ, NavItem

# Everyone who takes part in steps 2–4 of the cycle: offices, councils, agencies, producers
# (business plans and support use the same readers).
READERS = (*UNIT_ROLES_THAT_READ, Role.AGENCY_STAFF, Role.PRODUCER)


def nav_items(user, scope) -> list[NavItem]:
    if not scope.has(*READERS):
        return []
    return [NavItem("Ý tưởng sản phẩm", reverse("ideas:list"), "ideas", "chuan-bi")]
