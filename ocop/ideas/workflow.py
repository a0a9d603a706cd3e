"""Workflow table of ideas (explicit, as django-oscar does for orders).

Rows of the one workflow mechanism (ocop.core.workflow.Transition): an action, the states it
may start from, the state it leads to, the permission (a `rules` name checked on the record)
that guards it, whether a comment is required and the named checks it needs. Moves marked
`manual=False` are never offered as buttons: only the service that records a list decision
applies them, so an idea enters or leaves the yearly list only by a decision number and date.
The Workflow itself (model, history model, checks) is registered in models.py;
ocop.core.workflow.transition_apply applies every move and writes the IdeaEvent row.

The chu trình OCOP thường niên (ocop.gov.vn, "6 bước chuẩn hóa quy trình OCOP"): step 2
the commune receives and reviews ideas and the competent level approves the list; the
business plans of step 3 follow the same kind of table (ocop.business_plans.workflow).
"""

from __future__ import annotations

from django.db import models

from ocop.core.workflow import Transition


class IdeaStatus(models.TextChoices):
    DRAFT = "nhap", "Nháp"
    SUBMITTED = "da_gui_xa", "Đã gửi UBND xã"
    RETURNED = "can_bo_sung", "Xã yêu cầu bổ sung"
    PROPOSED = "xa_de_nghi", "Xã đề nghị đưa vào danh sách"
    NOT_PROPOSED = "xa_khong_de_nghi", "Xã không đề nghị"
    LISTED = "trong_danh_sach", "Trong danh sách được phê duyệt"
    REJECTED = "bi_loai", "Bị loại"
    REMOVED = "rut_khoi_danh_sach", "Đã đưa ra khỏi danh sách"


def transition_table(*transitions: Transition) -> dict[str, Transition]:
    """The rows of a table by action (the services look moves up by the button's action)."""
    return {transition.action: transition for transition in transitions}


IDEA_TRANSITIONS = transition_table(
    Transition(
        "gui_xa", "Gửi UBND xã", frozenset({IdeaStatus.DRAFT, IdeaStatus.RETURNED}),
        IdeaStatus.SUBMITTED, "ideas.change_idea", checks=("complete",),
    ),
    Transition(
        "tra_lai", "Trả lại để bổ sung", frozenset({IdeaStatus.SUBMITTED}),
        IdeaStatus.RETURNED, "ideas.review_idea", comment_required=True, style="warning",
    ),
    Transition(
        "de_nghi", "Đề nghị đưa vào danh sách", frozenset({IdeaStatus.SUBMITTED}),
        IdeaStatus.PROPOSED, "ideas.review_idea",
    ),
    Transition(
        "khong_de_nghi", "Không đề nghị", frozenset({IdeaStatus.SUBMITTED}),
        IdeaStatus.NOT_PROPOSED, "ideas.review_idea", comment_required=True, style="danger",
    ),
    Transition(
        "loai", "Loại ý tưởng", frozenset({IdeaStatus.PROPOSED, IdeaStatus.NOT_PROPOSED}),
        IdeaStatus.REJECTED, "ideas.decide_idea", comment_required=True, style="danger",
    ),
    Transition(
        "dua_vao_danh_sach", "Đưa vào danh sách",
        frozenset({IdeaStatus.PROPOSED, IdeaStatus.NOT_PROPOSED, IdeaStatus.REJECTED, IdeaStatus.REMOVED}),
        IdeaStatus.LISTED, "ideas.decide_idea", manual=False,
    ),
    Transition(
        "rut_khoi_danh_sach", "Đưa ra khỏi danh sách", frozenset({IdeaStatus.LISTED}),
        IdeaStatus.REMOVED, "ideas.decide_idea", manual=False,
    ),
)

# Ideas a list decision may add, and the states that count as "registered" for statistics
# (sent to the commune at least once).
IDEA_LISTABLE = IDEA_TRANSITIONS["dua_vao_danh_sach"].sources
IDEA_EDITABLE = frozenset({IdeaStatus.DRAFT, IdeaStatus.RETURNED})
IDEA_REGISTERED = frozenset(IdeaStatus.values) - {IdeaStatus.DRAFT}
