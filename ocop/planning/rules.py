"""Who may manage plans, update tasks and submit reports (see docs/planning.md).

* The provincial OCOP office, and a district office for plans of its former district (the
  Kon Rẫy 2024 plan), manage the plans issued by units they cover: content, targets, tasks,
  report periods, returning reports, the compiled report.
* Agency staff update their own agency's assignments and submit its reports.
* Commune officers update the assignments and submit the reports of their commune and of
  the former communes merged into it.
Reading is decided by the selectors (a record outside one's scope is a 404); these
predicates decide changing (403).
"""

from __future__ import annotations

import rules

from ocop.accounts.models import Role
from ocop.accounts.rules import record_predicate, role_predicate
from ocop.accounts.scopes import user_scope
from ocop.planning.workflow import REPORT_EDITABLE

MANAGER_ROLES = (Role.PROVINCE_OFFICE, Role.DISTRICT_OFFICE)


def manager_unit_ids(scope) -> frozenset[int]:
    return scope.unit_ids(*MANAGER_ROLES)


def _covers(user, unit_ids: frozenset[int], unit_id: int | None) -> bool:
    """Is `unit_id` counted under one of `unit_ids` (UnitCoverage)? Cached per request."""
    from ocop.territory.models import UnitCoverage

    if unit_id is None or not unit_ids:
        return False
    cache = user.__dict__.setdefault("_planning_coverage", {})
    key = (unit_ids, unit_id)
    if key not in cache:
        cache[key] = unit_id in unit_ids or UnitCoverage.objects.filter(
            unit_id__in=list(unit_ids), covered_id=unit_id
        ).exists()
    return cache[key]


def manages_plan(user, plan) -> bool:
    if plan is None:
        return False
    scope = user_scope(user)
    if scope.is_admin:
        return True
    return _covers(user, manager_unit_ids(scope), plan.issuing_unit_id)


def holds(user, *, agency_id: int | None, commune_id: int | None) -> bool:
    """The user works for this holder: its agency's staff, or the commune (or the commune it
    was merged into)'s officer."""
    scope = user_scope(user)
    if agency_id is not None:
        return agency_id in scope.agency_ids
    return _covers(user, scope.commune_ids, commune_id)


can_add_plan = role_predicate("can_add_plan", *MANAGER_ROLES)


@rules.predicate
def can_manage_plan(user, plan) -> bool:
    return manages_plan(user, plan)


@rules.predicate
def can_update_assignment(user, assignment) -> bool:
    if assignment is None:
        return False
    return holds(user, agency_id=assignment.agency_id, commune_id=assignment.commune_id) or manages_plan(
        user, assignment.plan
    )


can_manage_assignment = record_predicate("can_manage_assignment", manages_plan, "plan")


@rules.predicate
def can_submit_report(user, report) -> bool:
    if report is None or report.status not in REPORT_EDITABLE:
        return False
    if manages_plan(user, report.period.plan):
        return True
    return not report.is_aggregate and holds(user, agency_id=report.agency_id, commune_id=report.unit_id)


@rules.predicate
def can_review_report(user, report) -> bool:
    return report is not None and not report.is_aggregate and manages_plan(user, report.period.plan)


can_view_dashboard = role_predicate("can_view_dashboard", *MANAGER_ROLES, Role.COMMUNE_OFFICER, Role.AGENCY_STAFF)


rules.add_perm("planning.add_plan", can_add_plan)
rules.add_perm("planning.manage_plan", can_manage_plan)
rules.add_perm("planning.update_assignment", can_update_assignment)
rules.add_perm("planning.manage_assignment", can_manage_assignment)
rules.add_perm("planning.submit_report", can_submit_report)
rules.add_perm("planning.review_report", can_review_report)
rules.add_perm("planning.view_dashboard", can_view_dashboard)
