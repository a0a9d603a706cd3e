"""Who may do what with dossiers, rounds and the calendar (docs/evaluation.md §Phân quyền).

Reading is decided by the selectors (outside the reader's scope a dossier is not found:
404); these predicates decide writing (visible but not allowed: 403). Workflow moves are
guarded by the transition table (`workflow.is_allowed`).
"""

import rules

from ocop.accounts.models import Role
from ocop.accounts.rules import role_predicate
from ocop.accounts.scopes import user_scope
from ocop.evaluation import workflow
from ocop.evaluation.models import COMMUNE_REPORT_EDITABLE_STATES, EDITABLE_STATES
from ocop.evaluation.selectors import DOSSIER_ROLES
from ocop.territory.models import UnitCoverage

can_view_dossiers = role_predicate("can_view_dossiers", *DOSSIER_ROLES)
# QĐ 26/2026 Điều 7.1: the producer files; the commune may file on its behalf
# (Điều 10.4.a: UBND cấp xã guides producers to complete their dossiers).
can_create_dossier = role_predicate("can_create_dossier", Role.PRODUCER, Role.COMMUNE_OFFICER)


@rules.predicate
def can_file_for_product(user, product) -> bool:
    if product is None:
        return False
    scope = user_scope(user)
    if scope.is_admin or product.producer_id in scope.producer_ids:
        return True
    return bool(scope.commune_ids) and UnitCoverage.objects.filter(
        unit_id__in=list(scope.commune_ids), covered_id=product.commune_id
    ).exists()


@rules.predicate
def can_edit_dossier(user, dossier) -> bool:
    """Mẫu 01, Mẫu 02 and evidence: the producer (or its commune) while it is a draft or
    was returned for completion."""
    if dossier is None or dossier.state not in EDITABLE_STATES:
        return False
    kinds = workflow.actor_kinds(user, dossier)
    return bool(kinds & {workflow.PRODUCER, workflow.COMMUNE})


@rules.predicate
def can_edit_commune_report(user, dossier) -> bool:
    if dossier is None or dossier.state not in COMMUNE_REPORT_EDITABLE_STATES:
        return False
    return workflow.COMMUNE in workflow.actor_kinds(user, dossier)


can_manage_rounds = role_predicate("can_manage_rounds", Role.PROVINCE_OFFICE, Role.DISTRICT_OFFICE)


@rules.predicate
def can_change_round(user, round_obj) -> bool:
    if round_obj is None:
        return False
    scope = user_scope(user)
    if scope.is_admin:
        return True
    if round_obj.unit_id is None:
        return False
    if round_obj.level == "district":
        return round_obj.unit_id in scope.unit_ids(Role.DISTRICT_OFFICE)
    return round_obj.unit_id in scope.province_ids


can_manage_calendar = role_predicate("can_manage_calendar", Role.PROVINCE_OFFICE)


rules.add_perm("evaluation.view_dossiers", can_view_dossiers)
rules.add_perm("evaluation.add_dossier", can_create_dossier)
rules.add_perm("evaluation.add_dossier_for", can_file_for_product)
rules.add_perm("evaluation.change_dossier", can_edit_dossier)
rules.add_perm("evaluation.change_commune_report", can_edit_commune_report)
rules.add_perm("evaluation.add_round", can_manage_rounds)
rules.add_perm("evaluation.change_round", can_change_round)
rules.add_perm("evaluation.manage_calendar", can_manage_calendar)
