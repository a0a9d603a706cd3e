from django.contrib.auth.decorators import login_required
from django.http import FileResponse
from django.shortcuts import render

from ocop.core.paging import paginate
from ocop.core.requests import found_or_404
from ocop.core.responses import not_available
from ocop.jobs import selectors


def _job_or_404(request, public_id):
    return found_or_404(selectors.job_get(actor=request.user, public_id=public_id), "việc chạy nền")


@login_required
def job_list(request):
    page_obj = paginate(request, selectors.job_list(actor=request.user))
    return render(request, "jobs/list.html", {"page_obj": page_obj})


@login_required
def job_detail(request, public_id):
    job = _job_or_404(request, public_id)
    if request.htmx:
        response = render(request, "jobs/_progress.html", {"job": job})
        if job.state == job.State.SUCCEEDED and job.result_url and job.result.get("forward"):
            # A job whose result is a page (an import's preview): go there when it is ready.
            response["HX-Redirect"] = job.result_url
        return response
    return render(request, "jobs/detail.html", {"job": job})


@login_required
def job_download(request, public_id):
    """The result file, to the job's owner only (anyone else gets 404, not the file)."""
    job = _job_or_404(request, public_id)
    if job.state != job.State.SUCCEEDED or not job.result_file:
        raise not_available("Việc này chưa có tệp kết quả.", back_url=job_url(job), back_label="Về trang việc")
    return FileResponse(job.result_file.open("rb"), as_attachment=True, filename=job.result_name)


def job_url(job) -> str:
    from django.urls import reverse

    return reverse("jobs:detail", args=[job.public_id])
