"""What a view needs to hand long work to a job.

Idempotency from the page: a form that starts a job carries a fresh token
(`{% include "jobs/_token.html" %}`, the value from `new_token()`); the same form sent twice —
a double click, the browser sending it again — carries the same token, so `job_submit` finds
the first job instead of starting another.
"""

from __future__ import annotations

import uuid

from django.shortcuts import redirect, render

from ocop.jobs.models import Job
from ocop.jobs.services import idempotency_key, job_submit

TOKEN_FIELD = "ma_yeu_cau"


def new_token() -> str:
    return uuid.uuid4().hex


def request_key(request, *parts) -> str:
    """The job key of a POST: who, what, and the form's token (a fresh one when missing, so
    a form without it still works, only without the double-submit protection)."""
    token = request.POST.get(TOKEN_FIELD, "").strip()[:64] or new_token()
    return idempotency_key(request.user.pk, *parts, token)


def job_redirect(job: Job):
    return redirect("jobs:detail", public_id=job.public_id)


def export_job_page(request, *, kind: str, title: str, params: dict, rows: int, back_url: str, what: str, message: str = ""):
    """An export too long for a request: GET says how many rows (or `message`) and offers
    to make the file on the server; the POST starts the job and goes to its page."""
    if request.method == "POST":
        job = job_submit(
            actor=request.user, kind=kind, title=title, key=request_key(request, kind, params),
            params=params, back_url=back_url,
        )
        return job_redirect(job)
    return render(
        request,
        "jobs/export_confirm.html",
        {"title": title, "rows": rows, "what": what, "message": message, "back_url": back_url, "token": new_token(),
         "token_field": TOKEN_FIELD},
    )
