"""Menu entries of this app (see accounts.scopes.navigation_for)."""

from django.urls import reverse

from ocop.accounts.scopes import NavItem
from ocop.ideas.nav import READERS


def nav_items(user, scope) -> list[NavItem]:
    if not scope.has(*READERS):
        return []
    return [NavItem("Phương án kinh doanh", reverse("business_plans:list"), "ideas-plans", "chuan-bi")]
