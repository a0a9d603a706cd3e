"""Reads of dossiers, evidence and rounds, filtered by who is asking. No query per row."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Case, Count, IntegerField, Q, QuerySet, Value, When
from django.utils import timezone

from ocop.accounts.models import Role
from ocop.accounts.scopes import apply_condition, covered_unit_ids, user_scope, within_unit
from ocop.core.records import scoped_get
from ocop.core.search import filter_given, search_filter
from ocop.criteria.regimes import Regime, get_regime, regime_for
from ocop.evaluation import checklist, legal, workflow
from ocop.evaluation.models import (
    COMMUNE_CLOCK_STATES,
    IN_ROUND_STATES,
    CalendarDay,
    CalendarDayKind,
    Dossier,
    DossierEvent,
    DossierState,
    EvaluationLevel,
    EvaluationRound,
    EvidenceDocument,
    RoundStatus,
)
from ocop.evaluation.workdays import WorkCalendar
from ocop.territory.models import UnitCoverage

COUNCIL_ROLES = (Role.COUNCIL_CHAIR, Role.COUNCIL_MEMBER, Role.ADVISORY_MEMBER)
OFFICE_ROLES = (Role.COMMUNE_OFFICER, Role.PROVINCE_OFFICE, Role.DISTRICT_OFFICE)
# Roles that have anything to do with dossiers (agency staff do not, for now).
DOSSIER_ROLES = (Role.PRODUCER, *OFFICE_ROLES, *COUNCIL_ROLES)


def _today() -> date:
    return timezone.localdate()


def dossier_scope_q(actor, prefix: str = "") -> Q | None:
    """Q of the dossiers `actor` may read, None for everything (admins).

    Producers: their own. Commune, district and provincial offices: dossiers filed in the
    units they cover (a commune covers the legacy communes merged into it, the province its
    former districts and communes). Councils and advisory teams: dossiers accepted into a
    round in their unit scope, read-only (later: those assigned to them, issue 5).
    `prefix` applies the same condition through a relation (e.g. "dossiers__" from a round).
    """
    scope = user_scope(actor)
    if scope.is_admin:
        return None
    condition = Q(pk__in=[])
    if scope.producer_ids:
        condition |= Q(**{f"{prefix}producer_id__in": list(scope.producer_ids)})
    office_units = scope.unit_ids(*OFFICE_ROLES)
    if office_units:
        condition |= Q(**{f"{prefix}commune__in": covered_unit_ids(office_units)})
    council_units = scope.unit_ids(*COUNCIL_ROLES)
    if council_units:
        condition |= Q(**{f"{prefix}commune__in": covered_unit_ids(council_units), f"{prefix}state__in": sorted(IN_ROUND_STATES)})
    return condition


def dossier_visible_queryset(*, actor) -> QuerySet[Dossier]:
    return apply_condition(Dossier.objects.all(), dossier_scope_q(actor))


def _overdue_first(queryset: QuerySet[Dossier], today: date) -> QuerySet[Dossier]:
    return queryset.annotate(
        overdue_rank=Case(
            When(state__in=sorted(COMMUNE_CLOCK_STATES), commune_deadline__lt=today, then=Value(0)),
            default=Value(1),
            output_field=IntegerField(),
        )
    )


def dossier_list(
    *,
    actor,
    q: str = "",
    state: str = "",
    kind: str = "",
    regime_key: str = "",
    year: int | None = None,
    overdue: bool = False,
    unit=None,
) -> QuerySet[Dossier]:
    today = _today()
    queryset = within_unit(search_filter(dossier_visible_queryset(actor=actor), q), "commune", unit)
    queryset = filter_given(queryset, state=state, kind=kind, regime_key=regime_key, filed_on__year=year)
    if overdue:
        queryset = queryset.filter(state__in=sorted(COMMUNE_CLOCK_STATES), commune_deadline__lt=today)
    return (
        _overdue_first(queryset, today)
        .select_related("product", "producer", "commune", "round")
        .order_by("overdue_rank", "-filed_on", "-id")
    )


def dossier_get(*, actor, pk: int) -> Dossier | None:
    return scoped_get(
        dossier_visible_queryset(actor=actor), pk, "product", "product__category", "product__category__parent",
        "product__category__parent__parent", "producer", "commune", "commune__parent", "province", "round",
        "self_assessment", "received_by", "office_received_by", "previous_dossier",
    )


def dossier_events(*, dossier) -> list[DossierEvent]:
    return list(dossier.events.select_related("actor").order_by("at", "id"))


# `?vai_tro=` of the to-do page: one role's share of the user's to-do (a user may hold several).
TODO_SIDES = {
    "chu-the": workflow.PRODUCER,
    "xa": workflow.COMMUNE,
    "tinh": workflow.PROVINCE,
    "huyen": workflow.DISTRICT,
}


def _todo_q(actor, side: str = "") -> Q | None:
    """Q of the dossiers waiting for `actor`'s action, built from the transition tables;
    `side` (a workflow actor kind) keeps only what waits for that role of the user."""
    scope = user_scope(actor)
    kind_conditions = {
        workflow.PRODUCER: Q(producer_id__in=list(scope.producer_ids)) if scope.producer_ids else None,
        workflow.COMMUNE: Q(commune__in=covered_unit_ids(scope.commune_ids)) if scope.commune_ids else None,
        workflow.PROVINCE: Q(commune__in=covered_unit_ids(scope.province_ids)) if scope.province_ids else None,
    }
    district_units = scope.unit_ids(Role.DISTRICT_OFFICE)
    kind_conditions[workflow.DISTRICT] = (
        Q(commune__in=covered_unit_ids(district_units)) if district_units else None
    )
    condition = Q(pk__in=[])
    for regime_key, table in workflow.WORKFLOWS.items():
        for state, targets in table.items():
            kinds = {kind for t in targets.values() for kind in t.waiting_for}
            if side:
                kinds &= {side}
            for kind in sorted(kinds):
                if scope.is_admin:
                    condition |= Q(regime_key=regime_key, state=state)
                elif kind_conditions.get(kind) is not None:
                    condition |= Q(regime_key=regime_key, state=state) & kind_conditions[kind]
    return condition


def dossier_todo(*, actor, side: str = "") -> QuerySet[Dossier]:
    """Dossiers waiting for this user's action: overdue first, then by deadline."""
    today = _today()
    queryset = Dossier.objects.filter(_todo_q(actor, side))
    return (
        _overdue_first(queryset, today)
        .select_related("product", "producer", "commune", "round")
        .annotate(
            has_deadline=Case(
                When(commune_deadline__isnull=True, then=Value(1)),
                default=Value(0),
                output_field=IntegerField(),
            )
        )
        .order_by("overdue_rank", "has_deadline", "commune_deadline", "updated_at", "id")
    )


def dossier_todo_count(*, actor, side: str = "") -> int:
    return Dossier.objects.filter(_todo_q(actor, side)).count()


def dossiers_waiting_for(*, actor, side: str, limit: int) -> tuple[list[Dossier], int]:
    """The first `limit` dossiers of the to-do page filtered to one role (`?vai_tro=`), and
    the page's total: the same queryset, so the home's number is the list's number."""
    queryset = dossier_todo(actor=actor, side=side)
    return list(queryset[:limit]), queryset.count()


def dossier_state_counts(*, actor, states) -> tuple[list[tuple[str, str, int]], int]:
    """(state, label, count) of the actor's dossiers in `states`, and the total of the whole
    list: one grouped query on the dossier list's own queryset (so each count equals the
    list filtered by that state, and the total the unfiltered list)."""
    rows = dossier_list(actor=actor).order_by().values("state").annotate(n=Count("id"))
    counts = {row["state"]: row["n"] for row in rows}
    by_state = [(state, DossierState(state).label, counts[state]) for state in states if counts.get(state)]
    return by_state, sum(counts.values())


def dossiers_overdue(*, actor, limit: int) -> tuple[list[Dossier], int]:
    """Commune checks past their 15 working days (QĐ 26/2026 Điều 7.2) the actor may read:
    the first `limit` by deadline and the count of the list's "quá hạn" filter."""
    queryset = dossier_list(actor=actor, overdue=True)
    return list(queryset.order_by("commune_deadline", "id")[:limit]), queryset.count()


def deadline_marks(dossiers, today: date | None = None) -> dict[int, tuple[int, bool]]:
    """{dossier id: (working days, overdue)} for dossiers on the commune's clock: working
    days left until the deadline, or working days late once it passed, on the calendar of
    each dossier's province (the calendar the deadline was computed with). One query."""
    today = today or _today()
    clocked = [
        d for d in dossiers if d.state in COMMUNE_CLOCK_STATES and d.commune_deadline is not None
    ]
    if not clocked:
        return {}
    provinces = {d.province_id for d in clocked if d.province_id}
    adjustments: dict[int | None, tuple[set, set]] = {None: (set(), set())}
    for province_id in provinces:
        adjustments[province_id] = (set(), set())
    for day, kind, province_id in CalendarDay.objects.filter(
        Q(province__isnull=True) | Q(province_id__in=provinces)
    ).values_list("day", "kind", "province_id"):
        targets = [adjustments[None]] if province_id is None else []
        if province_id is None:
            targets += [adjustments[p] for p in provinces]
        else:
            targets.append(adjustments[province_id])
        for days_off, working in targets:
            (days_off if kind == CalendarDayKind.DAY_OFF else working).add(day)
    calendars = {
        key: WorkCalendar.with_adjustments(days_off=off, working_days=on)
        for key, (off, on) in adjustments.items()
    }
    marks = {}
    for dossier in clocked:
        calendar = calendars[dossier.province_id if dossier.province_id in provinces else None]
        deadline = dossier.commune_deadline
        if deadline < today:
            marks[dossier.pk] = (calendar.working_days_after(deadline, today), True)
        else:
            marks[dossier.pk] = (calendar.working_days_after(today, deadline), False)
    return marks


# -- evidence -----------------------------------------------------------------------------

def evidence_library(*, producer, product=None) -> QuerySet[EvidenceDocument]:
    """The producer's documents usable for `product`: shared ones and the product's own."""
    condition = Q(product__isnull=True)
    if product is not None:
        condition |= Q(product=product)
    return (
        EvidenceDocument.objects.filter(condition, producer=producer, is_archived=False)
        .select_related("uploaded_by")
        .order_by("item_key", "-created_at", "-id")
    )


def dossier_documents(*, dossier) -> list[EvidenceDocument]:
    return list(
        EvidenceDocument.objects.filter(attachments__dossier=dossier)
        .select_related("uploaded_by")
        .order_by("item_key", "-created_at", "-id")
    )


def dossier_evidence_status(*, dossier, documents=None, today: date | None = None):
    """Checklist item statuses of a dossier (see checklist.evidence_status)."""
    documents = dossier_documents(dossier=dossier) if documents is None else documents
    regime = get_regime(dossier.regime_key)
    return checklist.evidence_status(
        checklist.checklist_for(dossier.regime_key),
        [
            checklist.AttachedDocument(d.item_key, d.expires_on, d.title, d.subtype)
            for d in documents
        ],
        criteria_set=dossier.product.category.criteria_set,
        version=regime.criteria_version,
        today=today or _today(),
    )


@dataclass
class FilingChecklist:
    """What a dossier must contain, known before it exists (QĐ 26/2026 Điều 6.1, 6.2.d):
    the forms, the samples and every evidence item with whether it is required for the
    product's criteria set, and what the producer's library already holds."""

    regime: Regime
    kind: str
    kind_label: str
    kind_source: str
    evidence_source: str
    criteria_set: int
    criteria_set_name: str
    forms: list[tuple[str, str]] = field(default_factory=list)  # (component, what it holds)
    statuses: list[checklist.ItemStatus] = field(default_factory=list)

    @property
    def required(self) -> list[checklist.ItemStatus]:
        return [status for status in self.statuses if status.required]

    @property
    def optional(self) -> list[checklist.ItemStatus]:
        return [status for status in self.statuses if not status.required]


def filing_checklist(*, product, kind: str, on: date | None = None) -> FilingChecklist:
    """The checklist for filing `product` as `kind` today, under the regime governing a
    filing on that day (the one the dossier will record). The same rules as the dossier's
    own completeness check: `checklist.evidence_status` over the producer's library."""
    on = on or _today()
    regime = regime_for(on)
    info = legal.kind_info(kind)
    library = evidence_library(producer=product.producer, product=product)
    criteria_set = product.category.criteria_set
    statuses = checklist.evidence_status(
        checklist.checklist_for(regime.key),
        [checklist.AttachedDocument(d.item_key, d.expires_on, d.title, d.subtype) for d in library],
        criteria_set=criteria_set,
        version=regime.criteria_version,
        today=on,
    )
    part_iii = (
        f"điểm tự đánh giá từng chỉ tiêu theo bộ sản phẩm số {criteria_set} (phiếu tự đánh giá đã lưu)"
        if regime.granularity == "options"
        else "điểm tự đánh giá từng phần A, B, C"
    )
    forms = [
        ("Phiếu đăng ký (Mẫu 01)", "người đại diện, chức vụ, địa chỉ liên hệ, điện thoại, số lượng sản phẩm mẫu"),
        (
            "Báo cáo tự đánh giá (Mẫu 02)",
            "Phần I thông tin chung; Phần II kết quả thực hiện phương án sản xuất kinh doanh; "
            f"Phần III {part_iii}; Phần IV kế hoạch sản xuất, kinh doanh",
        ),
    ]
    if kind != "lan_dau":
        forms.append(("Những thay đổi so với sản phẩm đã được công nhận (trong Mẫu 02)", info["source"]))
    samples = legal.samples_default(regime.key, criteria_set)
    if samples == 0:
        forms.append(("Sản phẩm mẫu", "không gửi: dịch vụ du lịch (bộ sản phẩm 26), QĐ 26/2026 Điều 6.2.d"))
    elif samples:
        forms.append(("Sản phẩm mẫu", f"{samples:02d} sản phẩm gửi kèm khi UBND xã chuyển hồ sơ (QĐ 26/2026 Điều 6.2.d)"))
    return FilingChecklist(
        regime=regime,
        kind=kind,
        kind_label=info["label"],
        kind_source=info["source"],
        evidence_source=checklist.checklist_for(regime.key).source,
        criteria_set=criteria_set,
        criteria_set_name=product.category.criteria_set_name,
        forms=forms,
        statuses=statuses,
    )


# -- calendar -----------------------------------------------------------------------------

def work_calendar_for(province_id: int | None) -> WorkCalendar:
    """National holidays plus the official adjustments for the whole country and, when
    given, the province."""
    condition = Q(province__isnull=True)
    if province_id:
        condition |= Q(province_id=province_id)
    days_off, working = set(), set()
    for day, kind in CalendarDay.objects.filter(condition).values_list("day", "kind"):
        (days_off if kind == CalendarDayKind.DAY_OFF else working).add(day)
    return WorkCalendar.with_adjustments(days_off=days_off, working_days=working)


def calendar_days(*, actor) -> QuerySet[CalendarDay]:
    scope = user_scope(actor)
    queryset = CalendarDay.objects.select_related("province", "created_by")
    if not scope.is_admin:
        queryset = queryset.filter(Q(province__isnull=True) | Q(province_id__in=list(scope.province_ids)))
    return queryset.order_by("-day")


# -- rounds -------------------------------------------------------------------------------

# The states of IN_ROUND_STATES, in the order of the cycle (the columns of the rounds list).
ROUND_COUNT_STATES = tuple(state for state in DossierState if state in IN_ROUND_STATES)


def round_visible_queryset(*, actor) -> QuerySet[EvaluationRound]:
    """Rounds organised by a unit the actor covers (producers: rounds holding their
    dossiers)."""
    scope = user_scope(actor)
    queryset = EvaluationRound.objects.all()
    if scope.is_admin:
        return queryset
    condition = Q(pk__in=[])
    units = scope.unit_ids(Role.PROVINCE_OFFICE, Role.DISTRICT_OFFICE, Role.COMMUNE_OFFICER, *COUNCIL_ROLES)
    if units:
        # A round is visible to whoever covers its organising unit, and to a commune or
        # former district lying inside it.
        inside = UnitCoverage.objects.filter(covered_id__in=covered_unit_ids(units)).values("unit_id")
        condition |= Q(unit__in=covered_unit_ids(units)) | Q(unit__in=inside)
    if scope.producer_ids:
        condition |= Q(dossiers__producer_id__in=list(scope.producer_ids))
    return queryset.filter(condition).distinct()


def round_list(
    *, actor, year: int | None = None, level: str = "", status: str = ""
) -> QuerySet[EvaluationRound]:
    """Rounds with their dossier counts per state, in one query."""
    queryset = round_visible_queryset(actor=actor)
    if year:
        queryset = queryset.filter(year=year)
    if level:
        queryset = queryset.filter(level=level)
    if status in RoundStatus.values:
        queryset = queryset.filter(status=status)
    # The actor's dossier scope applied on the joined dossiers directly (not "id IN (every
    # visible dossier)", which made PostgreSQL read the whole register for a few rounds).
    visible = dossier_scope_q(actor, prefix="dossiers__")

    def counted(condition: Q | None) -> Count:
        parts = [c for c in (condition, visible) if c is not None]
        if not parts:
            return Count("dossiers")
        combined = parts[0]
        for part in parts[1:]:
            combined &= part
        return Count("dossiers", filter=combined)

    annotations = {
        f"count_{state}": counted(Q(dossiers__state=state)) for state in ROUND_COUNT_STATES
    }
    return (
        EvaluationRound.objects.filter(pk__in=queryset.values("pk"))
        .select_related("unit")
        .annotate(dossier_count=counted(None), **annotations)
        .order_by("-year", "level", "number", "id")
    )


def round_get(*, actor, pk: int) -> EvaluationRound | None:
    return round_visible_queryset(actor=actor).select_related("unit").filter(pk=pk).first()


def round_dossiers(*, actor, round_obj, state: str = "") -> QuerySet[Dossier]:
    queryset = dossier_visible_queryset(actor=actor).filter(round=round_obj)
    if state:
        queryset = queryset.filter(state=state)
    return queryset.select_related("product", "product__category", "producer", "commune").order_by(
        "product_code", "id"
    )


def round_status_counts(*, actor, round_obj) -> list[tuple[str, str, int]]:
    """(state, label, count) for every state present in the round, one query."""
    rows = (
        dossier_visible_queryset(actor=actor)
        .filter(round=round_obj)
        .values("state")
        .annotate(n=Count("id"))
        .order_by("state")
    )
    counts = {row["state"]: row["n"] for row in rows}
    return [(state, DossierState(state).label, counts[state]) for state in DossierState.values if state in counts]


def rounds_open_for(*, dossier) -> QuerySet[EvaluationRound]:
    """Open rounds a dossier may be accepted into: the evaluating level of its regime,
    organised by a unit covering the dossier's commune."""
    level = workflow.office_for(dossier.regime_key)
    organisers = UnitCoverage.objects.filter(covered_id=dossier.commune_id).values("unit_id")
    return (
        EvaluationRound.objects.filter(
            level=level, status=RoundStatus.OPEN, unit__in=organisers
        )
        .select_related("unit")
        .order_by("year", "number", "id")
    )


def suggested_round(*, dossier, rounds=None) -> EvaluationRound | None:
    """The default round for a dossier, from the date the commune proposed it.

    QĐ 26/2026 Điều 5.1: dossiers proposed before 30/4 go to round 1 (held before 30/6),
    those proposed before 30/10 to round 2 (before 30/12) — `regimes.next_round`. Without
    legal cut-offs (QĐ 148 district rounds), the first open round whose cut-off has not
    passed.
    """
    from ocop.criteria.regimes import RegimeNotFound, next_round

    rounds = list(rounds_open_for(dossier=dossier) if rounds is None else rounds)
    if not rounds:
        return None
    proposed_on = dossier.forwarded_on or _today()
    level = workflow.office_for(dossier.regime_key)
    try:
        number, held_before = next_round(level, proposed_on, get_regime(dossier.regime_key))
    except RegimeNotFound:
        number, held_before = None, None
    if number is not None:
        for candidate in rounds:
            if not candidate.is_extra and candidate.number == number and candidate.year == held_before.year:
                return candidate
    for candidate in rounds:
        if candidate.proposed_before is None or proposed_on < candidate.proposed_before:
            return candidate
    return rounds[-1]


def level_label(level: str) -> str:
    return EvaluationLevel(level).label
