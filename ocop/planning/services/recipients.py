"""Who is told about a plan's work: its managers, and the staff of a task's holder."""

from __future__ import annotations

from ocop.accounts.models import Role, RoleAssignment
from ocop.planning.models import Plan


def plan_manager_users(plan: Plan) -> list:
    """Users who manage the plan: office roles whose unit covers its issuing unit (one query)."""
    from ocop.territory.models import UnitCoverage

    covering = UnitCoverage.objects.filter(covered_id=plan.issuing_unit_id).values("unit_id")
    return [
        assignment.user
        for assignment in RoleAssignment.objects.filter(
            role__in=[Role.PROVINCE_OFFICE, Role.DISTRICT_OFFICE], unit_id__in=covering
        ).select_related("user")
    ]


def holder_users(*, agency_id: int | None = None, commune_id: int | None = None) -> list:
    """Staff of the agency, or officers of the commune (or of the commune it became)."""
    from ocop.territory.models import UnitCoverage

    if agency_id is not None:
        queryset = RoleAssignment.objects.filter(role=Role.AGENCY_STAFF, agency_id=agency_id)
    else:
        covering = UnitCoverage.objects.filter(covered_id=commune_id).values("unit_id")
        queryset = RoleAssignment.objects.filter(role=Role.COMMUNE_OFFICER, unit_id__in=covering)
    return [assignment.user for assignment in queryset.select_related("user")]
