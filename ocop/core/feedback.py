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
