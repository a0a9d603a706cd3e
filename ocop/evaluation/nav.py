from django.urls import reverse

from ocop.accounts.scopes import NavItem
from ocop.evaluation.selectors import DOSSIER_ROLES, dossier_todo_count


def nav_items(user, scope) -> list[NavItem]:
    """"Hồ sơ đánh giá", "Việc cần làm" (with the number waiting), "Đợt đánh giá"."""
    if not scope.has(*DOSSIER_ROLES):
        return []
    items = [NavItem("Hồ sơ đánh giá", reverse("evaluation:list"), "evaluation", "danh-gia")]
    count = dossier_todo_count(actor=user)
    label = f"Việc cần làm ({count})" if count else "Việc cần làm"
    items.append(NavItem(label, reverse("evaluation:todo"), "evaluation-todo"))
    items.append(NavItem("Đợt đánh giá", reverse("evaluation:rounds"), "evaluation-rounds", "danh-gia"))
    return items
