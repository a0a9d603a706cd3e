from django.urls import reverse

from ocop.accounts.scopes import NavItem
from ocop.notifications.selectors import unread_count


def nav_items(user, scope) -> list[NavItem]:
    count = unread_count(actor=user)
    label = f"Thông báo ({count})" if count else "Thông báo"
    return [NavItem(label, reverse("notifications:list"), "notifications")]
