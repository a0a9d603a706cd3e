"""Pages of the dossier workflow. Thin: permission, form, one service or selector, render.

Outside the reader's scope a dossier or round is not found (404); visible but not allowed
to change: 403 (docs/evaluation.md, Phân quyền). The pages live in modules named for what
they show: `dossiers`, `evidence` (with Mẫu 03), `rounds` (with the calendar).
"""

from ocop.evaluation.views.dossiers import (
    dossier_create,
    dossier_create_checklist,
    dossier_detail,
    dossier_document,
    dossier_history,
    dossier_list,
    dossier_mau01,
    dossier_mau02,
    dossier_transition,
    todo,
)
from ocop.evaluation.views.evidence import (
    commune_report,
    dossier_evidence,
    evidence_attach,
    evidence_detach,
    evidence_file,
    evidence_upload,
)
from ocop.evaluation.views.rounds import (
    calendar,
    calendar_delete,
    round_create,
    round_detail,
    round_edit,
    round_list,
)

__all__ = [
    "calendar",
    "calendar_delete",
    "commune_report",
    "dossier_create",
    "dossier_create_checklist",
    "dossier_detail",
    "dossier_document",
    "dossier_evidence",
    "dossier_history",
    "dossier_list",
    "dossier_mau01",
    "dossier_mau02",
    "dossier_transition",
    "evidence_attach",
    "evidence_detach",
    "evidence_file",
    "evidence_upload",
    "round_create",
    "round_detail",
    "round_edit",
    "round_list",
    "todo",
]
