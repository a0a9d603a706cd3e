"""Reads of ideas and the yearly approved lists (with their amendments).

Selectors follow the house rules in docs/architecture.md (scope by `actor`, no query per row);
the functions under "For other apps" are the stable interface (docs/ideas-and-promotion.md).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet

from ocop.accounts.scopes import (
    Scope,
    apply_condition,
    covered_unit_ids,
    unit_filter,
    user_scope,
    within_unit,
)
from ocop.core.records import scoped_get
from ocop.core.search import filter_given, search_filter
from ocop.core.text import normalize_search
from ocop.ideas.models import ChangeAction, Idea, IdeaListChange, IdeaListDecision
from ocop.ideas.workflow import IDEA_LISTABLE, IDEA_REGISTERED, IdeaStatus
from ocop.territory.models import AdministrativeUnit, UnitCoverage
from ocop.territory.selectors import current_units_map

# -- scope helpers -----------------------------------------------------------------------------


def overlap_condition(scope: Scope, unit_field: str) -> Q | None:
    """Records tied to an "issuing" unit (a province or a legacy district that decides for
    many communes): readable when that unit lies within the reader's units, or covers one of
    them — a commune officer of today's Xã Kon Braih reads the 2024 list of Huyện Kon Rẫy,
    which covered the communes Kon Braih replaced."""
    if scope.is_admin:
        return None
    condition = Q(pk__in=[])
    read = scope.read_unit_ids
    if read:
        covered = covered_unit_ids(read)
        covering = UnitCoverage.objects.filter(covered__in=covered).values("unit_id")
        condition |= Q(**{f"{unit_field}__in": covered}) | Q(**{f"{unit_field}__in": covering})
    return condition


# -- ideas -------------------------------------------------------------------------------------


def idea_visible_queryset(*, actor) -> QuerySet[Idea]:
    return apply_condition(Idea.objects.all(), unit_filter(user_scope(actor), "commune", "producer_id"))


def idea_list(
    *, actor, q: str = "", unit=None, year: int | None = None, status: str = "", producer=None
) -> QuerySet[Idea]:
    queryset = within_unit(search_filter(idea_visible_queryset(actor=actor), q), "commune", unit)
    queryset = filter_given(queryset, year=year, status=status, producer=producer)
    return queryset.select_related("producer", "commune", "category", "product").order_by(
        "-year", "search_text", "id"
    )


def idea_get(*, actor, pk: int) -> Idea | None:
    return scoped_get(
        idea_visible_queryset(actor=actor), pk, "producer", "commune", "commune__parent", "category",
        "product", "created_by",
    )


def idea_events(idea: Idea) -> list:
    return list(idea.events.select_related("actor", "decision").order_by("at", "id"))


def idea_years(*, actor) -> list[int]:
    return sorted(
        set(idea_visible_queryset(actor=actor).values_list("year", flat=True).distinct()), reverse=True
    )


# -- yearly lists ------------------------------------------------------------------------------


def decision_visible_queryset(*, actor) -> QuerySet[IdeaListDecision]:
    scope = user_scope(actor)
    condition = overlap_condition(scope, "issuing_unit")
    if condition is not None and scope.producer_ids:
        condition |= Q(
            pk__in=IdeaListChange.objects.filter(idea__producer_id__in=list(scope.producer_ids)).values(
                "decision_id"
            )
        )
    return apply_condition(IdeaListDecision.objects.all(), condition)


def decision_list(*, actor, year: int | None = None, unit=None) -> QuerySet[IdeaListDecision]:
    queryset = decision_visible_queryset(actor=actor)
    if year:
        queryset = queryset.filter(year=year)
    queryset = within_unit(queryset, "issuing_unit", unit)
    return (
        queryset.select_related("issuing_unit", "issuing_unit__parent", "created_by")
        .annotate(
            added=Count("changes", filter=Q(changes__action=ChangeAction.ADD)),
            removed=Count("changes", filter=Q(changes__action=ChangeAction.REMOVE)),
        )
        .order_by("-year", "issuing_unit__search_text", "signed_on", "id")
    )


def decision_get(*, actor, pk: int) -> IdeaListDecision | None:
    return scoped_get(decision_visible_queryset(actor=actor), pk, "issuing_unit", "issuing_unit__parent", "created_by")


@dataclass
class ListEntry:
    idea: Idea
    added_by: IdeaListDecision
    change: IdeaListChange


@dataclass
class RemovedEntry:
    idea: Idea
    added_by: IdeaListDecision | None
    removed_by: IdeaListDecision
    reason: str


@dataclass
class ListState:
    """The yearly list as it stood after `decision` (and every earlier one of its unit and year)."""

    decision: IdeaListDecision
    decisions: list[IdeaListDecision]
    entries: list[ListEntry] = field(default_factory=list)
    removed: list[RemovedEntry] = field(default_factory=list)
    changes: list[IdeaListChange] = field(default_factory=list)

    @property
    def idea_ids(self) -> set[int]:
        return {entry.idea.pk for entry in self.entries}


def decisions_of(issuing_unit_id: int, year: int) -> QuerySet[IdeaListDecision]:
    """A unit's list decisions of one year in the order they apply: by signing date."""
    return IdeaListDecision.objects.filter(issuing_unit_id=issuing_unit_id, year=year).order_by(
        "signed_on", "id"
    )


def idea_list_as_of(decision: IdeaListDecision) -> ListState:
    """Replay the changes of `decision` and of every earlier decision of its unit and year.

    Three queries whatever the size of the list.
    """
    applied = list(
        decisions_of(decision.issuing_unit_id, decision.year)
        .filter(Q(signed_on__lt=decision.signed_on) | Q(signed_on=decision.signed_on, pk__lte=decision.pk))
        .select_related("created_by")
    )
    order = {d.pk: index for index, d in enumerate(applied)}
    by_pk = {d.pk: d for d in applied}
    changes = sorted(
        IdeaListChange.objects.filter(decision_id__in=list(order)).select_related(
            "idea__producer", "idea__commune", "idea__category", "idea__product", "created_by"
        ),
        key=lambda change: (order[change.decision_id], change.pk),
    )
    current: dict[int, ListEntry] = {}
    removed: dict[int, RemovedEntry] = {}
    for change in changes:
        change.decision = by_pk[change.decision_id]
        if change.action == ChangeAction.ADD:
            current[change.idea_id] = ListEntry(change.idea, change.decision, change)
            removed.pop(change.idea_id, None)
        else:
            entry = current.pop(change.idea_id, None)
            removed[change.idea_id] = RemovedEntry(
                change.idea, entry.added_by if entry else None, change.decision, change.reason
            )

    def sort_key(item):
        return (normalize_search(item.idea.commune.name), normalize_search(item.idea.name), item.idea.pk)

    return ListState(
        decision=by_pk[decision.pk],
        decisions=applied,
        entries=sorted(current.values(), key=sort_key),
        removed=sorted(removed.values(), key=sort_key),
        changes=changes,
    )


def latest_decision(issuing_unit_id: int, year: int) -> IdeaListDecision | None:
    return decisions_of(issuing_unit_id, year).last()


def ideas_eligible_for_list(*, issuing_unit, year: int) -> QuerySet[Idea]:
    """Ideas of `year` under `issuing_unit` that a list decision may add now."""
    return (
        Idea.objects.filter(year=year, status__in=IDEA_LISTABLE, commune__in=covered_unit_ids([issuing_unit.pk]))
        .select_related("producer", "commune", "category")
        .order_by("commune__search_text", "search_text", "id")
    )


@dataclass(frozen=True)
class IdeaCountRow:
    commune: AdministrativeUnit
    current_units: list[AdministrativeUnit]
    year: int
    registered: int  # sent to the commune at least once (any state but draft)
    approved: int  # in the approved list now


def idea_counts_by_commune_year(
    *, actor, unit=None, years: Iterable[int] | None = None
) -> list[IdeaCountRow]:
    """Ideas registered and approved per recorded commune and year, with today's unit(s) of
    each commune for regrouping. Two to three queries whatever the number of rows."""
    queryset = within_unit(idea_visible_queryset(actor=actor), "commune", unit)
    if years is not None:
        queryset = queryset.filter(year__in=list(years))
    rows = list(
        queryset.values("commune_id", "year")
        .annotate(
            registered=Count("id", filter=Q(status__in=IDEA_REGISTERED)),
            approved=Count("id", filter=Q(status=IdeaStatus.LISTED)),
        )
        .order_by("year", "commune_id")
    )
    communes = AdministrativeUnit.objects.in_bulk({row["commune_id"] for row in rows})
    current = current_units_map(communes.keys())
    return [
        IdeaCountRow(
            communes[row["commune_id"]], current.get(row["commune_id"], []), row["year"],
            row["registered"], row["approved"],
        )
        for row in rows
    ]


def ideas_waiting_for(*, actor, status: str, limit: int) -> tuple[list[Idea], int]:
    """Ideas in `status` as the idea list filtered by it shows them: the first `limit`
    (oldest first, they waited longest) and the list's count."""
    queryset = idea_list(actor=actor, status=status)
    return list(queryset.order_by("updated_at", "id")[:limit]), queryset.count()
