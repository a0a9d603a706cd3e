from django.urls import reverse

from ocop.accounts.scopes import NavItem


def nav_items(user, scope) -> list[NavItem]:
    return [NavItem("Bộ tiêu chí", reverse("criteria:index"), "criteria", "danh-muc")]
