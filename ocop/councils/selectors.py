"""Reads of the council phase, filtered by who is asking (no query per row)."""

from __future__ import annotations

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

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
