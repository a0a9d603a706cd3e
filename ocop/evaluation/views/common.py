"""What every dossier page needs: who may see the lists, the dossier in the reader's scope
(404 outside it), the dossier the reader may edit (403), errors shown as messages."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError

from ocop.core.feedback import error_messages
from ocop.core.requests import found_or_404, require_perm
from ocop.evaluation import selectors


def require_list_access(request):
    require_perm(request, "evaluation.view_dossiers", message="Bạn không có quyền xem hồ sơ đánh giá, phân hạng.")


def get_visible_or_404(request, pk):
    dossier = found_or_404(selectors.dossier_get(actor=request.user, pk=pk), "hồ sơ")
    return dossier


def get_editable_or_403(request, pk):
    dossier = get_visible_or_404(request, pk)
    # The state is checked here as well: superusers pass every `has_perm`.
    if not dossier.is_editable_state or not request.user.has_perm("evaluation.change_dossier", dossier):
        raise PermissionDenied(
            "Bạn chỉ được xem hồ sơ này, hoặc hồ sơ không ở trạng thái được sửa "
            f"(đang: {dossier.get_state_display()})."
        )
    return dossier


def show_errors(request, exc: ValidationError, prefix: str = "") -> None:
    if prefix:
        messages.error(request, prefix)
    error_messages(request, exc)
