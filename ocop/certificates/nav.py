from django.urls import reverse

from ocop.accounts.models import Role
from ocop.accounts.scopes import UNIT_ROLES_THAT_READ, NavItem


def nav_items(user, scope) -> list[NavItem]:
    if not scope.has(*UNIT_ROLES_THAT_READ, Role.AGENCY_STAFF, Role.PRODUCER):
        return []
    return [NavItem("Giấy chứng nhận", reverse("certificates:list"), "certificates", "sau-cong-nhan")]
