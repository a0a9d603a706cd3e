"""Reads of the council phase, filtered by who is asking (no query per row)."""

from __future__ import annotations

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from ocop.accounts.models import Role
from ocop.accounts.scopes import covered_unit_ids, user_scope
from ocop.councils.access import MANAGER_ROLES
from ocop.councils.models import (
    SCORING_POSITIONS,
    ConflictDeclaration,
    Council,
    CouncilEvaluation,
    CouncilMember,
    EvaluationStatus,
    ScoreSheet,
    ScoringEvent,
    SheetStatus,
)


def council_list(*, actor) -> QuerySet[Council]:
    scope = user_scope(actor)
    queryset = Council.objects.select_related("unit", "advisory_for").annotate(member_count=Count("members", distinct=True))
    if scope.is_admin:
        return queryset
    condition = Q(members__user=actor) | Q(advisory_teams__members__user=actor)
    managed = scope.unit_ids(*MANAGER_ROLES)
    if managed:
        condition |= Q(unit__in=covered_unit_ids(managed))
    return queryset.filter(pk__in=Council.objects.filter(condition).values("pk"))


def _with_progress(queryset: QuerySet[CouncilEvaluation]) -> QuerySet[CouncilEvaluation]:
    # Declared conflicts are not subtracted here (the detail page's `progress` does).
    return queryset.annotate(
        submitted_count=Count("sheets", filter=Q(sheets__status=SheetStatus.SUBMITTED), distinct=True),
        scorer_count=Count("council__members", filter=Q(council__members__position__in=SCORING_POSITIONS), distinct=True),
    )


def council_evaluations(*, council) -> list[CouncilEvaluation]:
    return list(
        _with_progress(
            CouncilEvaluation.objects.filter(council=council).select_related(
                "dossier", "dossier__product", "dossier__producer", "decision", "certificate"
            )
        ).order_by("dossier__product__name")
    )


def scoring_queue(*, actor) -> list[tuple[CouncilEvaluation, ScoreSheet | None]]:
    """Dossiers the actor must score (open sessions of their councils, no conflict), with
    their own sheet: two queries whatever the length."""
    conflict = ConflictDeclaration.objects.filter(
        member__user=actor, member__council=OuterRef("council"), dossier=OuterRef("dossier")
    )
    evaluations = list(
        CouncilEvaluation.objects.filter(
            status=EvaluationStatus.SCORING,
            council__members__user=actor,
            council__members__position__in=SCORING_POSITIONS,
        )
        .annotate(conflicted=Exists(conflict))
        .filter(conflicted=False)
        .select_related("council", "dossier", "dossier__product", "dossier__producer")
        .order_by("council_id", "dossier__product__name")
    )
    sheets = {
        sheet.evaluation_id: sheet
        for sheet in ScoreSheet.objects.filter(evaluation__in=evaluations, member__user=actor)
    }
    return [(evaluation, sheets.get(evaluation.pk)) for evaluation in evaluations]


def progress(*, evaluation) -> dict:
    """"2/3 thành viên đã chấm": scoring members minus declared conflicts."""
    scorers = CouncilMember.objects.filter(council=evaluation.council_id, position__in=SCORING_POSITIONS)
    conflicted = set(
        ConflictDeclaration.objects.filter(member__in=scorers, dossier=evaluation.dossier_id).values_list("member_id", flat=True)
    )
    rows = []
    sheets = {s.member_id: s for s in ScoreSheet.objects.filter(evaluation=evaluation)}
    for member in scorers.select_related("user").order_by("position", "id"):
        sheet = sheets.get(member.pk)
        rows.append({"member": member, "sheet": sheet, "conflicted": member.pk in conflicted})
    expected = [r for r in rows if not r["conflicted"]]
    done = sum(1 for r in expected if r["sheet"] is not None and r["sheet"].is_locked)
    return {"rows": rows, "done": done, "expected": len(expected), "label": f"{done}/{len(expected)} thành viên đã chấm"}


def scoring_events(*, evaluation) -> list[ScoringEvent]:
    return list(evaluation.events.select_related("actor", "sheet__member__user"))


def product_history(*, product) -> dict:
    """Every dossier (with its events), council result, decision and certificate of a product."""
    from ocop.certificates.models import Certificate
    from ocop.evaluation.models import Dossier, DossierEvent

    dossiers = list(Dossier.objects.filter(product=product).select_related("round").order_by("filed_on", "id"))
    events: dict[int, list] = {}
    for event in DossierEvent.objects.filter(dossier__in=dossiers).select_related("actor").order_by("at", "id"):
        events.setdefault(event.dossier_id, []).append(event)
    evaluations: dict[int, list] = {}
    for evaluation in CouncilEvaluation.objects.filter(dossier__in=dossiers).select_related("council", "decision", "certificate"):
        evaluations.setdefault(evaluation.dossier_id, []).append(evaluation)
    certificates = list(
        Certificate.objects.filter(product=product).select_related("decision").order_by("issued_on", "id")
    )
    return {
        "dossiers": [
            {"dossier": d, "events": events.get(d.pk, []), "evaluations": evaluations.get(d.pk, [])} for d in dossiers
        ],
        "certificates": certificates,
    }


def divergence_report(*, evaluation) -> dict | None:
    """After a close refused for divergence, what the chair needs to lead the discussion:
    each member's total (the diverging ones marked against the council's threshold) and
    the per-criterion spread (highest − lowest points), largest first. Live figures: after
    re-scoring the chair sees the new spread. Three queries whatever the council's size."""
    from fractions import Fraction

    from ocop.councils import rules
    from ocop.criteria.engine import to_decimal

    refusal = evaluation.events.filter(action="divergent").order_by("-at", "-id").first()
    if refusal is None:
        return None
    conflicted = set(
        ConflictDeclaration.objects.filter(member__council=evaluation.council_id, dossier=evaluation.dossier_id)
        .values_list("member_id", flat=True)
    )
    sheets = [
        s for s in ScoreSheet.objects.filter(evaluation=evaluation, member__position__in=SCORING_POSITIONS)
        .select_related("member__user").order_by("member__position", "member_id")
        if s.member_id not in conflicted and s.total is not None
    ]
    threshold = evaluation.council.divergence_threshold
    totals = {s.member_id: Fraction(s.total) for s in sheets}
    concerned = rules.members_concerned(totals, threshold)
    by_options = bool(evaluation.criteria_set)
    values = {s.member_id: (s.points if by_options else s.part_totals) for s in sheets}
    spreads = rules.criterion_spreads(values)
    titles = {}
    if by_options:
        from ocop.criteria import catalog

        titles = {leaf.code: leaf.title for leaf in catalog.get_set(evaluation.criteria_set, evaluation.criteria_version).leaves}
    criteria = [
        {
            "code": code,
            "title": titles.get(code, f"Phần {code}"),
            "points": [to_decimal(Fraction(values[s.member_id][code])) if code in values[s.member_id] else None
                       for s in sheets],
            "spread": to_decimal(spread),
        }
        for code, spread in sorted(spreads.items(), key=lambda item: (-item[1], item[0]))
        if spread
    ]
    spread = (max(totals.values()) - min(totals.values())) if totals else Fraction(0)
    return {
        "refusal": refusal,
        "threshold": threshold,
        "spread": to_decimal(spread),
        "divergent": spread > threshold,
        "members": [
            {
                "sheet": s,
                "diverging": s.member_id in concerned,
                # Whom each member is too far from: the outlier is the one named by the others.
                "apart_from": [str(o.member.user) for o in sheets
                               if o.pk != s.pk and abs(totals[o.member_id] - totals[s.member_id]) > threshold],
            }
            for s in sheets
        ],
        "criteria": criteria,
    }


# Who may sit on a council or an advisory team: officials of the managing offices, council
# and advisory members, and the staff of the agencies (sở, ngành) that send experts
# (QĐ 26/2026 Điều 7.3.c: the chair of the provincial People's Committee establishes the
# council and the advisory team from the agencies concerned). Never a producer's account
# (they are judged by the council) nor the system administrator.
ELIGIBLE_MEMBER_ROLES = (
    Role.COUNCIL_CHAIR, Role.COUNCIL_MEMBER, Role.ADVISORY_MEMBER,
    Role.PROVINCE_OFFICE, Role.DISTRICT_OFFICE, Role.AGENCY_STAFF,
)
EXCLUDED_MEMBER_ROLES = (Role.PRODUCER, Role.ADMIN)


def council_member_candidates(council) -> QuerySet:
    """Active accounts eligible for `council`: an eligible role at the council's level and
    territory (a unit the council's unit covers, or an agency of such a unit; any unit for
    a ministry-level council), no producer or administrator role, not a superuser, not
    already a member. One query."""
    from ocop.accounts.models import RoleAssignment, User

    eligible = RoleAssignment.objects.filter(role__in=ELIGIBLE_MEMBER_ROLES)
    if council.unit_id is not None:
        from ocop.territory.models import UnitCoverage

        # Units inside the council's territory, and the units whose territory holds it (a
        # province's officials may sit on a council of one of its former districts).
        inside = covered_unit_ids([council.unit_id])
        around = UnitCoverage.objects.filter(covered_id=council.unit_id).values("unit_id")
        eligible = eligible.filter(
            Q(unit__in=inside) | Q(unit__in=around) | Q(agency__unit__in=inside) | Q(agency__unit__in=around)
        )
    excluded = RoleAssignment.objects.filter(role__in=EXCLUDED_MEMBER_ROLES)
    return (
        User.objects.filter(is_active=True, is_superuser=False, pk__in=eligible.values("user_id"))
        .exclude(pk__in=excluded.values("user_id"))
        .exclude(pk__in=CouncilMember.objects.filter(council=council).values("user_id"))
        .order_by("full_name", "username")
    )


def member_conflicts(council, users) -> dict[int, list[str]]:
    """Possible conflicts of interest of candidate members with the producers whose dossiers
    are in the council's rounds: the person declared a conflict on such a dossier before
    (in any council or advisory team), or bears the name of its legal representative.
    Flags only; the member still declares the conflict on the dossier before scoring.
    Three queries whatever the number of candidates."""
    from ocop.core.text import normalize_search
    from ocop.evaluation.models import Dossier

    users = list(users)
    if not users:
        return {}
    dossiers = list(
        Dossier.objects.filter(round__in=council.rounds.all() if council.kind == "council"
                               else (council.advisory_for.rounds.all() if council.advisory_for_id else []))
        .select_related("producer", "product")
    )
    if not dossiers:
        return {}
    flags: dict[int, list[str]] = {}
    declared = (
        ConflictDeclaration.objects.filter(member__user__in=users, dossier__producer__in={d.producer_id for d in dossiers})
        .select_related("dossier__producer").values_list("member__user_id", "dossier__producer__name")
    )
    for user_id, producer_name in declared:
        text = f"đã khai báo xung đột lợi ích với {producer_name}"
        if text not in flags.setdefault(user_id, []):
            flags[user_id].append(text)
    representatives: dict[str, set[str]] = {}
    for dossier in dossiers:
        for name in (dossier.producer.representative_name, dossier.representative_name):
            if name.strip():
                representatives.setdefault(normalize_search(name), set()).add(dossier.producer.name)
    for user in users:
        producers = representatives.get(normalize_search(user.full_name or ""), set()) if user.full_name else set()
        for producer_name in sorted(producers):
            flags.setdefault(user.pk, []).append(f"trùng tên người đại diện của {producer_name}")
    return flags


def scoring_waiting_for(*, actor, limit: int) -> tuple[list[tuple[CouncilEvaluation, ScoreSheet | None]], int]:
    """The scoring queue (the "Việc chấm điểm" page) for the home: sheets still to submit
    first, at most `limit`, and the queue's length as that page lists it."""
    queue = scoring_queue(actor=actor)
    ordered = sorted(queue, key=lambda pair: pair[1] is not None and pair[1].is_locked)
    return ordered[:limit], len(queue)


def advisory_reviews_waiting(*, actor, limit: int) -> tuple[list[tuple[Council, CouncilEvaluation]], int]:
    """Dossiers under scoring by a council whose advisory team the actor sits on, without
    the team's report yet (QĐ 26/2026 Điều 7.3.c): (team, evaluation), two queries."""
    from ocop.councils.models import AdvisoryRecord, AdvisoryRecordKind, CouncilKind

    teams = {
        team.advisory_for_id: team
        for team in Council.objects.filter(
            kind=CouncilKind.ADVISORY, members__user=actor, advisory_for__isnull=False
        ).distinct()
    }
    if not teams:
        return [], 0
    reported = AdvisoryRecord.objects.filter(
        council__advisory_for=OuterRef("council"),
        council__members__user=actor,
        dossier=OuterRef("dossier"),
        kind=AdvisoryRecordKind.REPORT,
    )
    queryset = (
        CouncilEvaluation.objects.filter(council_id__in=list(teams), status=EvaluationStatus.SCORING)
        .annotate(reported=Exists(reported))
        .filter(reported=False)
        .select_related("dossier", "dossier__product", "dossier__producer")
        .order_by("created_at", "id")
    )
    evaluations = list(queryset[:limit])
    return [(teams[e.council_id], e) for e in evaluations], queryset.count()


def _managed_units(actor):
    """Units whose councils and rounds the actor manages (see access.can_manage): a
    subquery, "all" for an administrator, or None when none."""
    scope = user_scope(actor)
    if scope.is_admin:
        return "all"
    managed = scope.unit_ids(*MANAGER_ROLES)
    return covered_unit_ids(managed) if managed else None


def _managed_councils(actor) -> QuerySet[Council] | None:
    units = _managed_units(actor)
    if units is None:
        return None
    return Council.objects.all() if units == "all" else Council.objects.filter(unit__in=units)


def scoring_to_start(*, actor, limit: int) -> tuple[list[tuple[Council | None, object]], int]:
    """Dossiers accepted into a round the actor manages whose scoring has not started:
    (council, dossier) where a council of the actor holds the round (its page lists the
    dossier under "Bắt đầu chấm điểm"), (None, dossier) where no council holds the round yet
    (a council must be set up or the round attached first). At most `limit`, and how many
    there are. Three queries."""
    from ocop.councils.models import CouncilKind
    from ocop.evaluation.models import Dossier, DossierState

    units = _managed_units(actor)
    if units is None:
        return [], 0
    councils = _managed_councils(actor).filter(kind=CouncilKind.COUNCIL)
    links = Council.rounds.through.objects.filter(council__in=councils)
    # Accepted = not yet under scoring: opening the session moves the dossier on.
    accepted = Dossier.objects.filter(state=DossierState.ACCEPTED, round__isnull=False)
    unheld = Q(round__councils__isnull=True) if units == "all" else Q(round__councils__isnull=True, round__unit__in=units)
    queryset = Dossier.objects.filter(
        pk__in=accepted.filter(Q(round__in=links.values("evaluationround_id")) | unheld).values("pk")
    )
    count = queryset.count()
    dossiers = list(queryset.select_related("product", "producer", "round").order_by("filed_on", "id")[:limit])
    council_of_round: dict[int, Council] = {}
    for link in links.filter(evaluationround_id__in={d.round_id for d in dossiers}).select_related("council").order_by("id"):
        council_of_round.setdefault(link.evaluationround_id, link.council)
    return [(council_of_round.get(d.round_id), d) for d in dossiers], count


def results_to_act_on(*, actor, limit: int) -> tuple[list[CouncilEvaluation], int]:
    """Closed council results of councils the actor manages whose dossier waits for the
    office: a recognition decision (outcome "recognise") or forwarding to the upper level
    (outcome "forward"). At most `limit`, oldest first, and how many there are."""
    from ocop.councils.models import Outcome
    from ocop.evaluation.models import DossierState

    councils = _managed_councils(actor)
    if councils is None:
        return [], 0
    queryset = CouncilEvaluation.objects.filter(
        council__in=councils, status=EvaluationStatus.CLOSED, decision__isnull=True,
        dossier__state=DossierState.EVALUATED, outcome__in=[Outcome.RECOGNISE, Outcome.FORWARD],
    )
    count = queryset.count()
    evaluations = list(
        queryset.select_related("council", "dossier__product", "dossier__producer").order_by("updated_at", "id")[:limit]
    )
    return evaluations, count
