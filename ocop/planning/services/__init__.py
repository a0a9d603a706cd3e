"""Writes of plans, targets, tasks, progress and periodic reports: validated, atomic, audited.

Every function takes `actor=` (None is the system: the demo loader and imports of past
plans, which notify nobody and pass every guard), raises ValidationError with Vietnamese
messages, and writes nothing unless all of it is valid. Status changes go through the tables
of `ocop.planning.workflow` and write an event row each.

One module per concern; callers keep using `ocop.planning.services.<function>`:
`plans` (a plan's text and targets), `importing` (a plan from its parsed text), `tasks`
(tasks, assignments, progress), `reports` (report periods, periodic and compiled reports),
`recipients` (who is notified), `saving` (audited saves).
"""

from ocop.planning.services.importing import HolderSpec, plan_import
from ocop.planning.services.plans import (
    LINE_FIELDS,
    PLAN_FIELDS,
    TARGET_FIELDS,
    default_communes,
    plan_create,
    plan_update,
    target_create,
    target_delete,
    target_update,
)
from ocop.planning.services.recipients import holder_users, plan_manager_users
from ocop.planning.services.reports import (
    STANDARD_REPORT_INDICATORS,
    aggregate_prepare,
    prefilled_figures,
    report_indicators,
    report_period_update,
    report_periods_generate,
    report_prepare,
    report_refresh_figures,
    report_return,
    report_save,
    report_submit,
)
from ocop.planning.services.tasks import (
    assignment_add,
    assignment_reopen,
    progress_update_create,
    responsibility_create,
    task_create,
    task_update,
)

__all__ = [
    "HolderSpec",
    "LINE_FIELDS",
    "PLAN_FIELDS",
    "STANDARD_REPORT_INDICATORS",
    "TARGET_FIELDS",
    "aggregate_prepare",
    "assignment_add",
    "assignment_reopen",
    "default_communes",
    "holder_users",
    "plan_create",
    "plan_import",
    "plan_manager_users",
    "plan_update",
    "prefilled_figures",
    "progress_update_create",
    "report_indicators",
    "report_period_update",
    "report_periods_generate",
    "report_prepare",
    "report_refresh_figures",
    "report_return",
    "report_save",
    "report_submit",
    "responsibility_create",
    "target_create",
    "target_delete",
    "target_update",
    "task_create",
    "task_update",
]
