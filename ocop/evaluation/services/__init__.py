"""Writes of dossiers, evidence, commune reports, rounds and the working-day calendar.

Every write is atomic, validated, records its actor, and raises ValidationError with
Vietnamese messages. `dossier_transition` is the only function that changes a dossier's
state: a thin wrapper around the core workflow mechanism (`core.workflow.transition_apply`)
with the regime's table, the actor-role guard, the checks and effects of
`services/transitions.py`, which then notifies the people concerned.

The writes live in modules named for what they hold; this package re-exports them so
callers keep writing `from ocop.evaluation import services; services.dossier_create(...)`:

- `dossiers`: creating, editing, the evidence documents, re-evaluation;
- `commune_report`: Mẫu 03 and the proposal letter;
- `numbering`: registration numbers, product codes, the commune's deadline;
- `transitions`: the workflow and its notifications;
- `rounds`: evaluation rounds and the working-day calendar.
"""

from ocop.evaluation.services.commune_report import (
    COMMUNE_REPORT_FIELDS,
    PROPOSAL_FIELDS,
    commune_report_missing,
    commune_report_save,
    proposal_missing,
)
from ocop.evaluation.services.dossiers import (
    EDITABLE_FIELDS,
    MAU01_FIELDS,
    MAU02_FIELDS,
    PREFILL_FIELDS,
    commune_on,
    current_certificate_of,
    dossier_create,
    dossier_file,
    dossier_start_reevaluation,
    dossier_update,
    evidence_attach,
    evidence_detach,
    evidence_upload,
    previous_dossier_of,
    reevaluation_window_warning,
)
from ocop.evaluation.services.numbering import (
    commune_deadline_for,
    commune_deadlines_recompute,
    evaluation_year_for,
)
from ocop.evaluation.services.rounds import (
    ROUND_FIELDS,
    calendar_day_delete,
    calendar_day_set,
    round_create,
    round_update,
)
from ocop.evaluation.services.transitions import (
    TransitionNotAllowed,
    dossier_stakeholders,
    dossier_transition,
    dossier_workflow,
    overdue_reminders_send,
)

__all__ = [
    "COMMUNE_REPORT_FIELDS",
    "EDITABLE_FIELDS",
    "MAU01_FIELDS",
    "MAU02_FIELDS",
    "PREFILL_FIELDS",
    "PROPOSAL_FIELDS",
    "ROUND_FIELDS",
    "TransitionNotAllowed",
    "calendar_day_delete",
    "calendar_day_set",
    "commune_deadline_for",
    "commune_deadlines_recompute",
    "commune_on",
    "commune_report_missing",
    "commune_report_save",
    "current_certificate_of",
    "dossier_create",
    "dossier_file",
    "dossier_stakeholders",
    "dossier_start_reevaluation",
    "dossier_transition",
    "dossier_update",
    "dossier_workflow",
    "evaluation_year_for",
    "evidence_attach",
    "evidence_detach",
    "evidence_upload",
    "overdue_reminders_send",
    "previous_dossier_of",
    "proposal_missing",
    "reevaluation_window_warning",
    "round_create",
    "round_update",
]
