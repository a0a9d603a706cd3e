from django.db.models import QuerySet

from ocop.jobs.models import Job


def job_list(*, actor) -> QuerySet[Job]:
    """The jobs a person asked for, newest first (results are the owner's only)."""
    return Job.objects.filter(owner=actor).order_by("-created_at", "-id")


def job_get(*, actor, public_id) -> Job | None:
    """The job if `actor` owns it; None otherwise, so a stranger cannot tell whether it exists."""
    if not actor.is_authenticated:
        return None
    return Job.objects.filter(public_id=public_id, owner=actor).first()
