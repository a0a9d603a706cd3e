"""Menu entries of this app (see accounts.scopes.navigation_for)."""

from django.urls import reverse

from ocop.accounts.models import Role
from ocop.accounts.scopes import NavItem

# Offices manage plans; agencies and communes hold tasks and report.
PLANNING_ROLES = (Role.PROVINCE_OFFICE, Role.DISTRICT_OFFICE, Role.COMMUNE_OFFICER, Role.AGENCY_STAFF)


def nav_items(user, scope) -> list[NavItem]:
    if not scope.has(*PLANNING_ROLES):
        return []
    return [
        NavItem("Danh sách kế hoạch", reverse("planning:list"), "planning", "ke-hoach"),
        NavItem("Nhiệm vụ", reverse("planning:tasks"), "planning-tasks", "ke-hoach"),
        NavItem("Báo cáo định kỳ", reverse("planning:reports"), "planning-reports", "ke-hoach"),
        NavItem("Bảng điều khiển", reverse("planning:dashboard"), "planning-dashboard", "ke-hoach"),
    ]
