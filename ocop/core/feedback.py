"""Telling the user what went wrong after a POST that redirects: every message of a
ValidationError or of a form's errors becomes a Django message, shown on the next page."""

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import BaseForm


def error_messages(request, error: ValidationError | BaseForm) -> None:
    if isinstance(error, BaseForm):
        texts = [text for field_errors in error.errors.values() for text in field_errors]
    else:
        texts = error.messages
    for text in texts:
        messages.error(request, text)


def report_outcome(request, action: Callable[[], object], *, success: str) -> bool:
    """Run a service call for a POST that redirects: its ValidationError becomes error
    messages, otherwise `success` is shown. Returns whether the call went through."""
    try:
        action()
    except ValidationError as error:
        error_messages(request, error)
        return False
    messages.success(request, success)
    return True


def commented_action(request, form: BaseForm, action: Callable[[str], object], *, success: str, missing: str) -> bool:
    """A POST that needs a reason (returning a report, reopening a task…): `action(comment)`
    runs only when the form holds the reason; else `missing` asks for it."""
    if not form.is_valid():
        messages.error(request, missing)
        return False
    return report_outcome(request, lambda: action(form.cleaned_data["comment"]), success=success)


def commented_post(*, record_or_404, perm: str, refusal: str, form_class, action, success: str, missing: str,
                   back: str):
    """A POST-only view for a move that needs a reason (return a report, reopen a task): the
    record by `record_or_404(request, pk)`, the permission `perm` on it (else `refusal`), the
    reason read by `form_class` (a `comment` field), `action(actor, record, comment)` through
    `commented_action`, then back to `back` (a URL name taking the record's pk)."""
    from django.contrib.auth.decorators import login_required
    from django.shortcuts import redirect
    from django.views.decorators.http import require_POST

    from ocop.core.requests import require_perm

    @login_required
    @require_POST
    def view(request, pk):
        record = record_or_404(request, pk)
        require_perm(request, perm, record, refusal)
        commented_action(request, form_class(request.POST), lambda comment: action(request.user, record, comment),
                         success=success, missing=missing)
        return redirect(back, pk=record.pk)

    return view
