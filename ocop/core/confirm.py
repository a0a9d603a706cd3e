"""Confirmation before an irreversible step (submit a score sheet, issue a Mẫu 03, a
recognition decision with its certificates, a revocation).

The action's button posts its form as usual; the view asks `confirmed(request)` and, when
the POST does not carry the explicit confirmation field, answers with `confirmation_page`:
a summary of what is about to happen (what stays at zero, which products, numbers, dates,
ground and effect) and a form that re-posts the same fields plus the confirmation field.
Only that second POST reaches the service that writes. Works without JavaScript; a stray
double click, a replayed form or a script posting the first form never acts.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.shortcuts import render

CONFIRM_FIELD = "xac_nhan"
CONFIRM_VALUE = "dong-y"
# Fields never replayed into the confirmation form.
_NOT_REPLAYED = {"csrfmiddlewaretoken", CONFIRM_FIELD}


def confirmed(request) -> bool:
    """True only for a POST that carries the explicit confirmation of the summary page."""
    return request.method == "POST" and request.POST.get(CONFIRM_FIELD) == CONFIRM_VALUE


@dataclass
class Confirmation:
    """What the summary page says. `rows` are (label, value) pairs; `warnings` are shown
    highlighted (criteria still at 0, overdue deadlines…); `effect` says what the step does
    and whether and how it can be undone."""

    title: str
    action_url: str
    cancel_url: str
    confirm_label: str
    effect: str
    rows: list[tuple[str, object]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    warnings_title: str = ""
    table_head: list[str] = field(default_factory=list)
    table_rows: list[list[object]] = field(default_factory=list)
    cancel_label: str = "Quay lại, chưa thực hiện"
    # A cancel that must keep what the user typed (the score sheet) posts the replayed
    # fields to `cancel_url` with this button name instead of following a link.
    cancel_post_name: str = ""
    # Fields of the first POST not replayed by that cancel (the action's own button).
    cancel_drop: tuple[str, ...] = ()
    danger: bool = False
    breadcrumb: list[tuple[str, str]] = field(default_factory=list)


def replayed_fields(request) -> list[tuple[str, str]]:
    """The first POST's fields, to be posted again with the confirmation."""
    return [
        (name, value)
        for name in request.POST
        if name not in _NOT_REPLAYED
        for value in request.POST.getlist(name)
    ]


def confirmation_page(request, confirmation: Confirmation, *, status: int = 200):
    # The summary re-posts the first POST's fields as hidden inputs; an uploaded file cannot
    # travel that way and would be silently lost, so a step with a file must not use this.
    if request.FILES:
        raise ValueError("A confirmation page cannot carry uploaded files: confirm before the upload step.")
    return render(
        request,
        "core/confirm.html",
        {
            "confirmation": confirmation,
            "replayed": replayed_fields(request),
            "confirm_field": CONFIRM_FIELD,
            "confirm_value": CONFIRM_VALUE,
        },
        status=status,
    )
