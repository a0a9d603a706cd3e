"""Role homes: what waits for each role a user holds, what they filed, and the next step.

Each app that owns work adds to the home with `<app>/home.py`:

    def home_lists(user, scope, today) -> list[HomeList]

(found like the menu's `nav.py`, see ocop.core.modules.app_modules). A `HomeList` belongs to one
section (a role group below) and one column ("Việc cần làm" or "Đã gửi / đang theo dõi"); the
home shows one section per role group the user holds. Lists are bounded (the first few items by
due date) and carry the total `count` computed on the SAME queryset as the page `url` links to,
so the number on the home is the number on the list.

Which roles make up each section, and how a user's scope is read, belong to the accounts
app, which sits above core: it registers both from AccountsConfig.ready()
(`register_sections`, see ocop/accounts/homes.py), so this module imports no app.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.utils import timezone

from ocop.core.modules import app_modules

# How many items a home list shows before "Xem tất cả".
HOME_LIST_SIZE = 5

TODO = "todo"
FOLLOWING = "following"

# Sections in the order of the OCOP cycle; each is one role group the user may hold.
PRODUCER = "producer"
COMMUNE = "commune"
DISTRICT = "district"
PROVINCE = "province"
COUNCIL = "council"
AGENCY = "agency"

# key → (title, roles of the section), in the order of the OCOP cycle; filled by
# `register_sections` (the accounts app's role table).
SECTIONS: dict[str, tuple[str, tuple]] = {}
_scope_of = None


def register_sections(sections: dict[str, tuple[str, tuple]], *, scope_of) -> None:
    """The role groups of the home (`sections`, keyed by the constants above) and
    `scope_of(user)`, the user's scope (roles and where they apply)."""
    global _scope_of
    SECTIONS.clear()
    SECTIONS.update(sections)
    _scope_of = scope_of


def held_sections(scope) -> list[str]:
    """Section keys for the roles the user actually holds (an administrator's blanket powers
    do not make them a producer or a council member: admins keep the function grid)."""
    return [key for key, (_, roles) in SECTIONS.items() if any(role in scope.roles for role in roles)]


@dataclass(frozen=True)
class WorkItem:
    title: str
    url: str  # the page where the next step is taken
    action: str  # the next step, as the button there says it
    detail: str = ""  # who / where, or what is missing
    state: str = ""
    due_on: date | None = None
    # Working days left until `due_on` (legal deadlines) or, when overdue, working days late;
    # None for deadlines counted in calendar days.
    working_days: int | None = None
    overdue: bool = False
    badge: str = ""  # e.g. a count ("3 hồ sơ")


@dataclass(frozen=True)
class HomeList:
    section: str  # one of SECTIONS
    column: str  # TODO or FOLLOWING
    title: str
    items: list[WorkItem]
    count: int
    url: str  # the full list (its count is `count`)
    empty: str = "Không có việc nào."
    order: int = 50  # position inside its column
    overdue_count: int = 0
    overdue_url: str = ""


@dataclass
class HomeSection:
    key: str
    title: str
    todo: list[HomeList] = field(default_factory=list)
    following: list[HomeList] = field(default_factory=list)

    @property
    def todo_count(self) -> int:
        return sum(item.count for item in self.todo)

    # A column shows its first list always (so the role's main queue says "nothing waits")
    # and the others only when they hold something: a short home on a phone.
    @property
    def shown_todo(self) -> list[HomeList]:
        return [item for index, item in enumerate(self.todo) if index == 0 or item.count]

    @property
    def shown_following(self) -> list[HomeList]:
        return [item for index, item in enumerate(self.following) if index == 0 or item.count]


def home_sections(user, today: date | None = None) -> list[HomeSection]:
    """One section per role group held, filled by every app's `home.home_lists`."""
    scope = _scope_of(user)
    keys = held_sections(scope)
    if not keys:
        return []
    today = today or timezone.localdate()
    sections = {key: HomeSection(key, SECTIONS[key][0]) for key in keys}
    for module in app_modules("home"):
        for home_list in module.home_lists(user, scope, today):
            section = sections.get(home_list.section)
            if section is None:
                continue
            (section.todo if home_list.column == TODO else section.following).append(home_list)
    for section in sections.values():
        section.todo.sort(key=lambda item: item.order)
        section.following.sort(key=lambda item: item.order)
    return list(sections.values())


def roles_in(scope, section: str) -> bool:
    return section in held_sections(scope)
