from django.urls import reverse

from ocop.accounts.models import Role
from ocop.accounts.scopes import NavItem


def nav_items(user, scope) -> list[NavItem]:
    # Officials who inspect, check labels or follow products after recognition (Điều 9).
    if not scope.has(Role.PROVINCE_OFFICE, Role.DISTRICT_OFFICE, Role.COMMUNE_OFFICER, Role.AGENCY_STAFF):
        return []
    return [NavItem("Kiểm tra, giám sát", reverse("monitoring:index"), "monitoring", "sau-cong-nhan")]
