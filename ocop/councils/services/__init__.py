"""Writes of the council phase: councils, members, scoring, closing, results, decisions.

Every function is atomic, takes the acting user, validates and raises `ValidationError`
with Vietnamese messages. Dossier state changes go through the core workflow mechanism
(`moves.council_transition`, the table in `workflow.py`) and write `evaluation.DossierEvent`
rows; scoring actions write `ScoringEvent` rows (the same history shape).

The writes live in modules named for what they hold; this package re-exports them so
callers keep writing `from ocop.councils import services; services.evaluation_close(...)`:
`moves` (the workflow), `councils`, `scoring`, `closing`, `results`.
"""

from ocop.councils.services.closing import (
    CloseOutcome,
    compute_result,
    evaluation_close,
    evaluation_record_agreed,
)
from ocop.councils.services.councils import council_create, council_member_add, council_round_attach
from ocop.councils.services.moves import (
    DECISION_LEVELS,
    council_transition,
    council_workflow,
    regime_level,
    scoring_event_record,
    scoring_workflow,
)
from ocop.councils.services.results import (
    DecisionLine,
    advisory_record_add,
    decision_issue,
    decision_plan,
    evaluation_forward,
    evaluation_not_recognise,
    recognisable,
    upper_result_record,
)
from ocop.councils.services.scoring import (
    SheetSummary,
    conflict_declare,
    evaluation_criteria_set,
    evaluation_open,
    sheet_reopen,
    sheet_save,
    sheet_summary,
    sheets_reopen,
)

__all__ = [
    "DECISION_LEVELS",
    "CloseOutcome",
    "DecisionLine",
    "SheetSummary",
    "advisory_record_add",
    "compute_result",
    "conflict_declare",
    "council_create",
    "council_member_add",
    "council_round_attach",
    "council_transition",
    "council_workflow",
    "decision_issue",
    "decision_plan",
    "evaluation_close",
    "evaluation_criteria_set",
    "evaluation_forward",
    "evaluation_not_recognise",
    "evaluation_open",
    "evaluation_record_agreed",
    "recognisable",
    "regime_level",
    "scoring_event_record",
    "scoring_workflow",
    "sheet_reopen",
    "sheet_save",
    "sheet_summary",
    "sheets_reopen",
    "upper_result_record",
]
