"""Menu entries of this app (see accounts.scopes.navigation_for)."""

from django.urls import reverse

from ocop.accounts.scopes import NavItem


def nav_items(user, scope) -> list[NavItem]:
    from ocop.catalogue.views import LABEL_ROLES

    if not scope.has(*LABEL_ROLES):
        return []
    return [NavItem("Nhãn QR", reverse("catalogue:labels"), "catalogue", "sau-cong-nhan")]
