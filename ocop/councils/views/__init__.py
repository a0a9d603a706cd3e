"""Thin views: check permission, validate a form, call one service or selector, render.

The pages live in modules named for what they show: `councils`, `scoring`, `results`.
"""

from ocop.councils.views.councils import (
    advisory,
    advisory_photo,
    advisory_report,
    council_create,
    council_detail,
    council_list,
    evaluation_open,
    member_add,
    product_history,
    queue,
)
from ocop.councils.views.results import (
    council_documents,
    decision_create,
    decision_document,
    forward,
    forwarding_letter,
    minutes,
    minutes_pdf,
    not_recognise,
    summary_report,
    upper_result,
)
from ocop.councils.views.scoring import (
    agreed_minutes_file,
    agreed_result,
    conflict,
    evaluation_close,
    evaluation_detail,
    sheet,
    sheet_reopen,
    sheets_reopen,
)

__all__ = [
    "advisory",
    "advisory_photo",
    "advisory_report",
    "agreed_minutes_file",
    "agreed_result",
    "conflict",
    "council_create",
    "council_documents",
    "council_detail",
    "council_list",
    "decision_create",
    "decision_document",
    "evaluation_close",
    "evaluation_detail",
    "evaluation_open",
    "forward",
    "forwarding_letter",
    "member_add",
    "minutes",
    "minutes_pdf",
    "not_recognise",
    "product_history",
    "queue",
    "sheet",
    "sheet_reopen",
    "sheets_reopen",
    "summary_report",
    "upper_result",
]
