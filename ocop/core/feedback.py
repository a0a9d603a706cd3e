"""Telling the user what went wrong after a POST that redirects: every message of a
ValidationError or of a form's errors becomes a Django message, shown on the next page."""

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
