"""What every council page needs: the council or the scoring session in the reader's
reach (404 outside it), the session an office or the council's chair may act on (403)."""

from __future__ import annotations

from collections.abc import Callable

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from ocop.core.feedback import report_outcome
from ocop.councils import access
from ocop.councils.models import Council, CouncilEvaluation


def council_or_404(request, pk) -> Council:
    council = get_object_or_404(Council.objects.select_related("unit", "advisory_for"), pk=pk)
    if not access.can_view(request.user, council):
        raise Http404("Không tìm thấy hội đồng hoặc bạn không có quyền xem.")
    return council


def evaluation_or_404(request, pk) -> CouncilEvaluation:
    evaluation = get_object_or_404(
        CouncilEvaluation.objects.select_related(
            "council", "council__unit", "dossier", "dossier__product", "dossier__producer", "decision", "certificate"
        ),
        pk=pk,
    )
    if not access.can_view(request.user, evaluation.council):
        raise Http404("Không tìm thấy phiên đánh giá hoặc bạn không có quyền xem.")
    return evaluation


def office_evaluation_or_403(request, pk):
    evaluation = evaluation_or_404(request, pk)
    if not access.can_manage(request.user, evaluation.council):
        raise PermissionDenied("Chỉ cơ quan tham mưu quản lý OCOP được thực hiện việc này.")
    return evaluation


def chair_evaluation_or_403(request, pk, refusal: str) -> CouncilEvaluation:
    """The session whose council the reader chairs; ``refusal`` names what only the chair may do."""
    evaluation = evaluation_or_404(request, pk)
    if not access.is_chair(request.user, evaluation.council):
        raise PermissionDenied(refusal)
    return evaluation


def run_and_report(request, success: str, service: Callable[..., object], /, **kwargs) -> None:
    """Make the service call a POST asked for, as the acting user; the page the user is sent
    back to tells the outcome (ocop.core.feedback.report_outcome)."""
    report_outcome(request, lambda: service(actor=request.user, **kwargs), success=success)
