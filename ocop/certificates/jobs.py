"""The certificate register's long work, run as jobs (ocop.jobs): checking and importing an
uploaded register (row progress, every row or none, the preview page as the result) and the
register export of any length. Registered in CertificatesConfig.ready()."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.urls import reverse

from ocop.certificates import documents, selectors
from ocop.certificates.importing import services as import_services
from ocop.certificates.models import CertificateImport, DecisionLevel
from ocop.core.storage import random_name
from ocop.core.text import format_date_vn
from ocop.jobs.kinds import JobKind, register_kind
from ocop.jobs.models import Job
from ocop.jobs.services import job_submit

IMPORT_CHECK = "certificate-import-check"
IMPORT_APPLY = "certificate-import-apply"
REGISTER_EXPORT = "certificate-register-export"


def _row_progress(ctx):
    def progress(stage: str, done: int, total: int) -> None:
        if ctx.job.stage != stage:
            ctx.stage(stage, total)
        ctx.progress(done)

    return progress


# -- import: check ----------------------------------------------------------------------------


def import_check_submit(*, actor, filename: str, data: bytes, key: str):
    """Keep the upload in the private store and check it as a job; the job's result is the
    preview page (where the officer confirms)."""
    name = storages["private"].save(random_name("jobs/uploads", filename), ContentFile(data))
    return job_submit(
        actor=actor, kind=IMPORT_CHECK, title=f"Kiểm tra tệp nhập giấy chứng nhận “{filename}”", key=key,
        params={"upload": name, "filename": filename}, back_url=reverse("certificates:import"),
    )


def _import_check(job, ctx) -> None:
    store = storages["private"]
    upload = job.params["upload"]
    if job.applied_at is None:
        with store.open(upload, "rb") as handle:
            data = handle.read()
        try:
            import_services.certificate_import_preview(
                actor=job.owner, filename=job.params["filename"], data=data, progress=_row_progress(ctx),
                # The preview row and the job's note of it in one transaction, once.
                store=lambda write: ctx.apply(lambda: ctx.set_result(batch=write().pk)),
            )
        except ValidationError:
            store.delete(upload)  # not a register file: nothing to keep
            raise
    batch = CertificateImport.objects.get(pk=Job.objects.get(pk=job.pk).result["batch"])
    store.delete(upload)  # the upload row now holds the bytes (or nothing, when rejected)
    ctx.set_result(forward=True, message=f"Đã kiểm tra {batch.row_count} dòng.")
    ctx.set_result_url(reverse("certificates:import_preview", args=[batch.token]))


# -- import: confirm ----------------------------------------------------------------------------


def import_apply_submit(*, actor, batch: CertificateImport, key: str):
    return job_submit(
        actor=actor, kind=IMPORT_APPLY, title=f"Nhập giấy chứng nhận từ tệp “{batch.filename}”", key=key,
        params={"batch": batch.pk}, back_url=reverse("certificates:import_preview", args=[batch.token]),
    )


def _import_apply(job, ctx) -> None:
    batch = CertificateImport.objects.get(pk=job.params["batch"])
    ctx.set_result_url(reverse("certificates:import_preview", args=[batch.token]))
    if batch.status == CertificateImport.Status.PREVIEW and job.applied_at is None:
        batch = import_services.certificate_import_confirm(
            actor=job.owner, batch=batch, progress=_row_progress(ctx), store=ctx.apply
        )
    batch.refresh_from_db()
    if batch.status == CertificateImport.Status.REJECTED:
        ctx.fail(
            ["Dữ liệu đã thay đổi từ lúc xem trước nên tệp có lỗi; không có dòng nào được nhập."] + batch.errors
        )
    if batch.status != CertificateImport.Status.IMPORTED:
        ctx.fail(["Tệp này không còn chờ xác nhận (đã hủy hoặc hết hạn); không có gì được nhập."])
    ctx.set_result(
        batch=batch.pk, forward=True, message=f"Đã nhập {batch.summary.get('certificates_new', 0)} giấy chứng nhận từ tệp “{batch.filename}”."
    )


# -- register export ----------------------------------------------------------------------------


def export_params(*, q: str, unit, stars, status: str, level: str, on: date) -> dict:
    return {"q": q, "unit": unit.pk if unit else None, "stars": stars, "status": status, "level": level, "on": on.isoformat()}


def export_queryset(actor, params: dict):
    from ocop.territory.models import AdministrativeUnit

    unit = AdministrativeUnit.objects.filter(pk=params["unit"]).first() if params.get("unit") else None
    return selectors.certificate_list(
        actor=actor, q=params.get("q", ""), unit=unit, stars=params.get("stars"), status=params.get("status", ""),
        level=params.get("level", "") if params.get("level", "") in DecisionLevel.values else "",
        on=date.fromisoformat(params["on"]),
    )


def _register_export(job, ctx) -> None:
    on = date.fromisoformat(job.params["on"])
    queryset = export_queryset(job.owner, job.params)
    total = queryset.count()
    rows = ctx.counted(documents.register_rows(queryset, on=on), total=total, stage="Ghi từng giấy chứng nhận vào tệp")

    def write(handle):
        documents.write_register_xlsx(handle, rows, on=on)

    ctx.write_file(f"so-giay-chung-nhan-{on:%Y%m%d}.xlsx", write)
    ctx.set_result(message=f"Đã xuất {total} giấy chứng nhận (tình trạng tính đến ngày {format_date_vn(on)}).")


def register() -> None:
    from ocop.certificates import issuing

    issuing.register_kinds()
    register_kind(JobKind(IMPORT_CHECK, "Kiểm tra tệp nhập giấy chứng nhận", _import_check))
    register_kind(JobKind(IMPORT_APPLY, "Nhập sổ giấy chứng nhận", _import_apply))
    register_kind(JobKind(REGISTER_EXPORT, "Xuất sổ giấy chứng nhận", _register_export))
