"""The whole public register as files (products, producers, certificates; CSV and XLSX),
made by a job, for exports too long to make inside a request.

A filtered export of at most OCOP_SYNC_EXPORT_MAX_ROWS rows is made at once, as before. The
unfiltered export of a longer register (the national register: 40,000 products) is served
from these files: one job writes all six for the data version of the moment; until it is
done, the last finished set is served (its date is in the file name), or, the first time,
503 with Retry-After. The scheduler also makes them every night (ocop/catalogue/tasks.py).
"""

from __future__ import annotations

import tempfile

from django.core.files import File
from django.core.files.storage import storages
from django.http import FileResponse
from django.utils import timezone

from ocop.catalogue.cache import current_version
from ocop.core.responses import CSV, XLSX
from ocop.jobs.models import Job
from ocop.jobs.services import idempotency_key, job_submit

KIND = "open-data-files"
TITLE = "Lập tệp dữ liệu mở toàn bộ (sản phẩm, chủ thể, giấy chứng nhận)"
# name -> download name prefix
FILES = {
    "products": "san-pham-ocop",
    "producers": "chu-the-ocop",
    "certificates": "giay-chung-nhan-ocop",
}


def latest() -> Job | None:
    return Job.objects.filter(kind=KIND, state=Job.State.SUCCEEDED).order_by("-finished_at", "-pk").first()


def request_files() -> Job:
    """The job that makes the files of today's data version (one per version and day)."""
    return job_submit(
        actor=None, kind=KIND, title=TITLE,
        key=idempotency_key("open-data", current_version(), timezone.localdate().isoformat()),
    )


def file_response(name: str, fmt: str):
    """The newest finished file `name`.`fmt`, asking for fresher ones when the data changed;
    None when no set was ever finished."""
    job = request_files()
    ready = job if job.state == Job.State.SUCCEEDED else latest()
    if ready is None:
        return None
    stored = ready.result["files"][f"{name}.{fmt}"]
    response = FileResponse(
        storages["private"].open(stored, "rb"), as_attachment=True,
        filename=f"{FILES[name]}-{ready.result['on'].replace('-', '')}.{fmt}",
        content_type=CSV if fmt == "csv" else XLSX,
    )
    response["Access-Control-Allow-Origin"] = "*"
    return response


def run(job, ctx) -> None:
    from ocop.catalogue import api, selectors, serializers, sources
    from ocop.core.responses import csv_lines, write_xlsx

    on = selectors.today()
    sets = {
        "products": (
            serializers.PRODUCT_COLUMNS, "Sản phẩm OCOP",
            lambda: selectors.product_search(on=on, with_category=True),
            lambda queryset: api._product_rows(on, queryset),
        ),
        "producers": (
            serializers.PRODUCER_COLUMNS, "Chủ thể OCOP",
            lambda: selectors.producer_search(q="", unit=None, producer_type=""),
            api._producer_rows,
        ),
        "certificates": (
            serializers.CERTIFICATE_COLUMNS, "Giấy chứng nhận OCOP",
            lambda: sources.certificate_search(on=on, q="", commune_ids=None, stars=None, status="", number=""),
            api._certificate_rows,
        ),
    }
    store = storages["private"]
    folder = f"open-data/{job.pk}"
    if job.attempts > 1:
        # An earlier attempt stopped half-way (its worker died): its files are removed, so a
        # retried job leaves one set, not one set per attempt.
        _remove_folder(store, folder)
    files = {}
    for name, (columns, title, queryset_of, rows_of) in sets.items():
        total = queryset_of().count()
        for fmt in ("csv", "xlsx"):
            rows = ctx.counted(rows_of(queryset_of()), total=total, stage=f"Lập tệp {FILES[name]}.{fmt}")
            with tempfile.TemporaryFile() as handle:
                if fmt == "csv":
                    for piece in csv_lines(columns, rows):
                        handle.write(piece)
                else:
                    write_xlsx(handle, columns, rows, title=title, note=api.EXPORT_NOTE)
                handle.seek(0)
                files[f"{name}.{fmt}"] = store.save(f"{folder}/{name}.{fmt}", File(handle))
    ctx.set_result(files=files, on=on.isoformat(), message="Đã lập tệp dữ liệu mở toàn bộ.")
    # Older sets are replaced: only the newest is served.
    for old in Job.objects.filter(kind=KIND, state=Job.State.SUCCEEDED).exclude(pk=job.pk):
        for stored in old.result.get("files", {}).values():
            store.delete(stored)
        Job.objects.filter(pk=old.pk).update(result={**old.result, "files": {}}, state=Job.State.FAILED, errors=["Đã có bộ tệp mới hơn."])


def _remove_folder(store, folder: str) -> None:
    try:
        _dirs, names = store.listdir(folder)
    except FileNotFoundError:
        return
    for name in names:
        store.delete(f"{folder}/{name}")


def register() -> None:
    """App ready hook: the job kind, and the nightly schedule (importing tasks registers it
    with the scheduler)."""
    from ocop.catalogue import tasks  # noqa: F401
    from ocop.jobs.kinds import JobKind, register_kind

    register_kind(JobKind(KIND, TITLE, run))
