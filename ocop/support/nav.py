"""Menu entries of this app (see accounts.scopes.navigation_for)."""

from django.urls import reverse

from ocop.accounts.scopes import NavItem
from ocop.ideas.nav import READERS


def nav_items(user, scope) -> list[NavItem]:
    if not scope.has(*READERS):
        return []
    return [NavItem("Hỗ trợ", reverse("support:support_list"), "ideas-support", "chuan-bi")]
