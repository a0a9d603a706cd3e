from django.urls import reverse

from ocop.accounts.models import Role
from ocop.accounts.scopes import NavItem


def nav_items(user, scope) -> list[NavItem]:
    """"Hội đồng" for offices and council members; "Chấm điểm" for members."""
    items = []
    if scope.has(Role.PROVINCE_OFFICE, Role.DISTRICT_OFFICE, Role.COUNCIL_CHAIR, Role.COUNCIL_MEMBER, Role.ADVISORY_MEMBER):
        items.append(NavItem("Hội đồng", reverse("councils:list"), "councils", "danh-gia"))
    if scope.has(Role.COUNCIL_CHAIR, Role.COUNCIL_MEMBER) and not scope.is_admin:
        items.append(NavItem("Chấm điểm", reverse("councils:queue"), "councils-queue", "danh-gia"))
    return items
