"""Who may see what: a user's roles and the units, agencies and producers they cover.

`user_scope(user)` reads the role assignments once per request (cached on the user
object); selectors in every app filter by it, and `rules.py` builds predicates on it.
"""

import hashlib
from dataclasses import dataclass, field
from typing import NamedTuple

from django.core.cache import cache
from django.db.models import Q, QuerySet
from django.urls import reverse

from ocop.accounts.models import Role, RoleAssignment
from ocop.core.modules import app_modules

UNIT_ROLES_THAT_EDIT_REGISTRIES = {Role.PROVINCE_OFFICE}
UNIT_ROLES_THAT_READ = {
    Role.PROVINCE_OFFICE,
    Role.DISTRICT_OFFICE,
    Role.COMMUNE_OFFICER,
    Role.COUNCIL_CHAIR,
    Role.COUNCIL_MEMBER,
    Role.ADVISORY_MEMBER,
}


@dataclass(frozen=True)
class Scope:
    is_admin: bool = False
    roles: frozenset[str] = frozenset()
    # role → ids of the units it is assigned to
    units: dict[str, frozenset[int]] = field(default_factory=dict)
    agency_ids: frozenset[int] = frozenset()
    agency_unit_ids: frozenset[int] = frozenset()
    producer_ids: frozenset[int] = frozenset()

    def has(self, *roles: str) -> bool:
        return self.is_admin or any(role in self.roles for role in roles)

    def unit_ids(self, *roles: str) -> frozenset[int]:
        ids: set[int] = set()
        for role in roles:
            ids |= self.units.get(role, frozenset())
        return frozenset(ids)

    @property
    def read_unit_ids(self) -> frozenset[int]:
        """Units whose coverage this user may read (agency staff read their agency's unit)."""
        return self.unit_ids(*UNIT_ROLES_THAT_READ) | self.agency_unit_ids

    @property
    def commune_ids(self) -> frozenset[int]:
        return self.unit_ids(Role.COMMUNE_OFFICER)

    @property
    def province_ids(self) -> frozenset[int]:
        return self.unit_ids(Role.PROVINCE_OFFICE)


def user_scope(user) -> Scope:
    if not getattr(user, "is_authenticated", False):
        return Scope()
    cached = getattr(user, "_ocop_scope", None)
    if cached is not None:
        return cached
    units: dict[str, set[int]] = {}
    roles: set[str] = set()
    agency_ids: set[int] = set()
    agency_unit_ids: set[int] = set()
    producer_ids: set[int] = set()
    for assignment in RoleAssignment.objects.filter(user=user).select_related("agency"):
        roles.add(assignment.role)
        if assignment.unit_id:
            units.setdefault(assignment.role, set()).add(assignment.unit_id)
        if assignment.agency_id:
            agency_ids.add(assignment.agency_id)
            agency_unit_ids.add(assignment.agency.unit_id)
        if assignment.producer_id:
            producer_ids.add(assignment.producer_id)
    scope = Scope(
        is_admin=user.is_superuser or Role.ADMIN in roles,
        roles=frozenset(roles),
        units={role: frozenset(ids) for role, ids in units.items()},
        agency_ids=frozenset(agency_ids),
        agency_unit_ids=frozenset(agency_unit_ids),
        producer_ids=frozenset(producer_ids),
    )
    user._ocop_scope = scope
    return scope


def covered_unit_ids(unit_ids) -> QuerySet:
    """Subquery: ids of every unit counted under the given units (see UnitCoverage)."""
    from ocop.territory.models import UnitCoverage

    return UnitCoverage.objects.filter(unit_id__in=list(unit_ids)).values("covered_id")


def within_unit(queryset: QuerySet, unit_field: str, unit) -> QuerySet:
    """Restrict to records under `unit` (old or new: a current unit also covers the units it
    replaced); no unit means no restriction."""
    if unit is None:
        return queryset
    return queryset.filter(**{f"{unit_field}__in": covered_unit_ids([unit.pk])})


def apply_condition(queryset: QuerySet, condition: Q | None) -> QuerySet:
    """`queryset` under a scope condition of `unit_filter` (None: everything)."""
    return queryset if condition is None else queryset.filter(condition)


def unit_filter(scope: Scope, unit_field: str, producer_field: str | None = None) -> Q | None:
    """A Q restricting records to what the scope may read, or None for "everything".

    `unit_field` is the lookup of the record's unit (e.g. "commune"); `producer_field`
    the lookup of its producer id, for producer users.
    """
    if scope.is_admin:
        return None
    condition = Q(pk__in=[])
    if scope.read_unit_ids:
        condition |= Q(**{f"{unit_field}__in": covered_unit_ids(scope.read_unit_ids)})
    if producer_field and scope.producer_ids:
        condition |= Q(**{f"{producer_field}__in": list(scope.producer_ids)})
    return condition


@dataclass(frozen=True)
class NavItem:
    label: str
    url: str
    key: str
    # One of NAV_GROUPS; empty = shown on its own in the menu bar (home, to-do, notifications).
    group: str = ""


# The menu's sections, in the order of the OCOP cycle. A section with one entry for a user is
# shown as a plain link, with more as a drop-down, so the bar fits an office screen and a phone.
NAV_GROUPS = {
    "danh-muc": "Danh mục",
    "chuan-bi": "Ý tưởng, hỗ trợ",
    "danh-gia": "Đánh giá",
    "sau-cong-nhan": "Sau công nhận",
    "xuc-tien": "Xúc tiến",
    "ke-hoach": "Kế hoạch",
}


@dataclass(frozen=True)
class NavGroup:
    key: str
    label: str
    items: tuple[NavItem, ...]


def navigation_for(user) -> list[NavItem]:
    """The menu entries: registries here, then what each app's optional `nav.py` offers.

    An app adds entries with `def nav_items(user, scope) -> list[NavItem]` in `<app>/nav.py`,
    so a new capability brings its own menu without editing this module.
    """
    scope = user_scope(user)
    items = [NavItem("Trang chủ", reverse("core:home"), "home")]
    if scope.has(*UNIT_ROLES_THAT_READ, Role.AGENCY_STAFF, Role.PRODUCER):
        items.append(NavItem("Chủ thể OCOP", reverse("producers:list"), "producers", "danh-muc"))
        items.append(NavItem("Sản phẩm", reverse("products:list"), "products", "danh-muc"))
    for module in app_modules("nav"):
        items.extend(module.nav_items(user, scope))
    items.append(NavItem("Địa bàn", reverse("territory:list"), "territory", "danh-muc"))
    if scope.is_admin:
        items.append(NavItem("Quản trị", reverse("admin:index"), "admin"))
    return items


def navigation_menu(items: list[NavItem]) -> list[NavItem | NavGroup]:
    """The menu bar: entries without a section first (not "Trang chủ": the brand links
    home), then the sections in NAV_GROUPS order (a section with a single entry becomes that
    entry)."""
    menu: list[NavItem | NavGroup] = [item for item in items if item.group not in NAV_GROUPS and item.key != "home"]
    for key, label in NAV_GROUPS.items():
        members = tuple(item for item in items if item.group == key)
        if len(members) == 1:
            menu.append(members[0])
        elif members:
            menu.append(NavGroup(key, label, members))
    return menu


def filter_units_for(user) -> list:
    """Units a user can filter lists by: today's units first, then those before 1/7/2025.

    Admins get provinces only (3,000+ communes make a useless drop-down); others get every
    unit their scope covers.
    """
    from ocop.territory.models import AdministrativeUnit, UnitLevel

    scope = user_scope(user)
    if scope.is_admin:
        queryset = AdministrativeUnit.objects.filter(level=UnitLevel.PROVINCE)
    else:
        read = scope.read_unit_ids
        if not read and scope.producer_ids:
            return []
        queryset = AdministrativeUnit.objects.filter(pk__in=covered_unit_ids(read))
    return list(queryset.order_by("valid_to", "level", "name").select_related("parent"))


class UnitChoice(NamedTuple):
    """One option of the territory filter of a list."""

    pk: int
    label: str  # "Xã A – Tỉnh B"
    is_current: bool


# The territory changes when it is reorganised (a migration or an import, years apart), but
# every register page asked for its filter: for a province office 394 units with their
# provinces, read and labelled on each request (about a fifth of the page's time). The
# options are kept in the shared cache, by the units the scope reads, for this long.
UNIT_CHOICES_SECONDS = 60


def filter_unit_choices(user) -> list[UnitChoice]:
    """`filter_units_for(user)` as filter options, in the same order."""
    scope = user_scope(user)
    scope_key = f"{int(scope.is_admin)}:{int(bool(scope.producer_ids))}:{','.join(map(str, sorted(scope.read_unit_ids)))}"
    key = "ocop:unit-choices:" + hashlib.sha256(scope_key.encode()).hexdigest()
    choices = cache.get(key)
    if choices is None:
        choices = [
            UnitChoice(unit.pk, f"{unit.name} – {unit.parent.name}" if unit.parent else unit.name, unit.is_current)
            for unit in filter_units_for(user)
        ]
        cache.set(key, choices, UNIT_CHOICES_SECONDS)
    return choices
