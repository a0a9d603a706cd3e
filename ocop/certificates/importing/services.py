"""The writes of an import: a preview kept for confirmation, its confirmation or discard,
and a one-step import (the `ocop_import` command), all or nothing.

The services of the certificates app (naming: `certificate_import_<verb>`, keyword-only,
`actor=`); `apply_plan` writes a validated plan with bulk inserts in the caller's
transaction.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from ocop.certificates.importing.plan import ImportPlan, NewDecision, NewProducer, NewProduct
from ocop.certificates.importing.planner import plan_import
from ocop.certificates.importing.table import Issue
from ocop.certificates.models import (
    Certificate,
    CertificateEvent,
    CertificateImport,
    RecognitionDecision,
    RecordSource,
    number_key,
    unique_public_codes,
)
from ocop.certificates.uploads import register_file_kind
from ocop.certificates.workflow import recorded_moment
from ocop.core.text import format_date_vn
from ocop.producers.models import Producer
from ocop.products.models import Product, ProductStatus

# An uploaded register waits this long for its confirmation.
IMPORT_PREVIEW_LIFETIME = timedelta(hours=24)

def apply_plan(plan: ImportPlan, *, actor, batch: CertificateImport | None, today: date) -> list[Certificate]:
    """Write a validated plan with bulk inserts (the caller holds the transaction)."""
    note = (
        f"Tạo khi nhập sổ giấy chứng nhận OCOP từ tệp “{plan.filename}” ngày {format_date_vn(today)}. "
        "Cần bổ sung người đại diện, giới tính, địa chỉ."
    )
    producers = []
    for new in plan.new_producers:
        # Registers do not carry the representative or the address; those stay empty until
        # an officer completes the record (the edit form then asks for them).
        producer = Producer(
            name=new.name,
            producer_type=new.producer_type,
            commune=new.commune,
            representative_name="",
            representative_gender="",
            address="",
            notes=note,
            created_by=actor,
        )
        producer.full_clean(
            # Foreign keys are known to exist; validating them would cost a query per row.
            exclude=["representative_name", "representative_gender", "address", "commune", "created_by"],
            validate_unique=False,
        )
        producer.refresh_search_text()
        new.instance = producer
        producers.append(producer)
    Producer.objects.bulk_create(producers)

    def producer_of(ref):
        return ref.instance if isinstance(ref, NewProducer) else ref

    products = []
    for new in plan.new_products:
        product = Product(
            name=new.name,
            producer=producer_of(new.producer_ref),
            commune=new.commune,
            category=new.category,
            status=ProductStatus.ON_MARKET,
            description="",
            created_by=actor,
        )
        product.refresh_search_text()
        new.instance = product
        products.append(product)
    Product.objects.bulk_create(products)

    decisions = []
    for new in plan.new_decisions:
        decision = RecognitionDecision(
            number=new.number,
            number_key=number_key(new.number),
            decided_on=new.decided_on,
            level=new.level,
            issuing_unit=new.issuing_unit,
            issuer_name=new.issuer_name,
            regime_key=new.regime_key,
            source=RecordSource.IMPORTED,
            import_batch=batch,
            created_by=actor,
        )
        new.instance = decision
        decisions.append(decision)
    RecognitionDecision.objects.bulk_create(decisions)

    rows = plan.to_create
    codes = unique_public_codes(len(rows))
    certificates = []
    for planned, code in zip(rows, codes, strict=True):
        product = planned.product_ref.instance if isinstance(planned.product_ref, NewProduct) else planned.product_ref
        decision = (
            planned.decision_ref.instance if isinstance(planned.decision_ref, NewDecision) else planned.decision_ref
        )
        certificate = Certificate(
            decision=decision,
            product=product,
            product_name=product.name,
            producer_name=producer_of(planned.producer_ref).name,
            number=planned.number,
            number_key=number_key(planned.number),
            stars=planned.stars,
            score=planned.score,
            issued_on=planned.issued_on,
            expires_on=planned.expires_on,
            public_code=code,
            source=RecordSource.IMPORTED,
            import_batch=batch,
            created_by=actor,
        )
        certificate.refresh_search_text()
        certificates.append(certificate)
    Certificate.objects.bulk_create(certificates)
    event_note = f"Nhập từ tệp “{plan.filename}”" + (f" (lần nhập #{batch.pk})" if batch else "")
    # The "imported" move of the certificate workflow (workflow.py), written in bulk.
    moment = recorded_moment(today)
    CertificateEvent.objects.bulk_create(
        [
            CertificateEvent(
                certificate=c, action=CertificateEvent.Kind.IMPORTED, from_state="", to_state=c.register_state,
                happened_on=today, at=moment, actor=actor, comment=event_note,
            )
            for c in certificates
        ]
    )
    return certificates


def _issues_as_dicts(issues: list[Issue]) -> list[dict]:
    return [issue.as_dict() for issue in issues]


def _purge_stale_previews() -> None:
    CertificateImport.objects.filter(
        status=CertificateImport.Status.PREVIEW, created_at__lt=timezone.now() - IMPORT_PREVIEW_LIFETIME
    ).update(status=CertificateImport.Status.DISCARDED, data=b"")


def certificate_import_preview(*, actor, filename: str, data: bytes, progress=None, store=None) -> CertificateImport:
    """Check a register file and keep it for confirmation; nothing enters the register.

    Returns the stored upload (status "preview" when valid, "rejected" with its errors).
    Raises ValidationError when the file is not an XLSX or a UTF-8 CSV, or too large.
    `progress(stage, done, total)` follows the rows; `store(write)` runs the final write
    (a job passes its once-only `apply`).
    """
    kind = register_file_kind(filename, data)
    today = timezone.localdate()
    plan = plan_import(data, filename=filename, kind=kind, actor=actor, today=today, progress=progress)
    _purge_stale_previews()
    created = []

    def write() -> CertificateImport:
        created.append(_preview_create(actor, filename, data, kind, plan, today))
        return created[0]

    (store or (lambda write: write()))(write)
    return created[0] if created else None


def _preview_create(actor, filename, data, kind, plan: ImportPlan, today) -> CertificateImport:
    return CertificateImport.objects.create(
        created_by=actor,
        filename=filename[:255],
        file_kind=kind,
        data=data if plan.ok else b"",
        size=len(data),
        status=CertificateImport.Status.PREVIEW if plan.ok else CertificateImport.Status.REJECTED,
        row_count=plan.row_count,
        summary=plan.summary(today) if plan.ok else {"rows": plan.row_count, "header_row": plan.header_row},
        errors=_issues_as_dicts(plan.issues),
    )


def _confirmable(batch: CertificateImport) -> None:
    if batch.status != CertificateImport.Status.PREVIEW:
        raise ValidationError("Tệp này không còn chờ xác nhận (đã nhập, đã hủy hoặc có lỗi).")
    if batch.created_at < timezone.now() - IMPORT_PREVIEW_LIFETIME:
        raise ValidationError("Phiên xem trước đã quá 24 giờ; hãy tải tệp lên lại.")


def certificate_import_confirm(*, actor, batch: CertificateImport, progress=None, store=None) -> CertificateImport:
    """Import a previewed file. It is checked again (the register may have changed since
    the preview); any problem rejects the whole file.

    The rows are checked first, outside the transaction (so a job's row progress is seen
    while it runs); the write then locks the upload, checks it is still waiting and that
    nothing it plans to create appeared meanwhile (the plan is made again under the lock
    only if the register changed), and writes every row or none. `store(write)` runs that
    write (a job passes its once-only `apply`)."""
    _confirmable(batch)
    today = timezone.localdate()
    plan = plan_import(
        bytes(batch.data), filename=batch.filename, kind=batch.file_kind, actor=actor, today=today, progress=progress
    )
    planned_at = _register_mark()
    done = []
    (store or (lambda write: write()))(lambda: done.append(_confirm_write(actor, batch.pk, plan, planned_at, today)))
    return done[0] if done else CertificateImport.objects.get(pk=batch.pk)


def _register_mark() -> tuple:
    """What changes when anything is written to the register: a plan made before an
    unchanged mark is still right."""
    return (
        Certificate.objects.order_by("-pk").values_list("pk", flat=True).first(),
        Producer.objects.order_by("-pk").values_list("pk", flat=True).first(),
        Product.objects.order_by("-pk").values_list("pk", flat=True).first(),
        RecognitionDecision.objects.order_by("-pk").values_list("pk", flat=True).first(),
    )


@transaction.atomic
def _confirm_write(actor, batch_pk: int, plan: ImportPlan, planned_at: tuple, today) -> CertificateImport:
    batch = CertificateImport.objects.select_for_update().get(pk=batch_pk)
    _confirmable(batch)
    if _register_mark() != planned_at:
        plan = plan_import(bytes(batch.data), filename=batch.filename, kind=batch.file_kind, actor=actor, today=today)
    if not plan.ok:
        batch.status = CertificateImport.Status.REJECTED
        batch.errors = _issues_as_dicts(plan.issues)
        batch.save(update_fields=["status", "errors", "updated_at"])
        return batch
    apply_plan(plan, actor=actor, batch=batch, today=today)
    batch.status = CertificateImport.Status.IMPORTED
    batch.summary = plan.summary(today)
    batch.imported_at = timezone.now()
    batch.save(update_fields=["status", "summary", "imported_at", "updated_at"])
    return batch


def certificate_import_discard(*, actor, batch: CertificateImport) -> None:
    if batch.status == CertificateImport.Status.PREVIEW:
        batch.status = CertificateImport.Status.DISCARDED
        batch.data = b""
        batch.save(update_fields=["status", "data", "updated_at"])


@transaction.atomic
def certificate_import_file(*, actor, filename: str, data: bytes) -> tuple[CertificateImport | None, ImportPlan]:
    """Check and import in one step (the `ocop_import certificates` command): all rows or
    none. Returns (the import record or None when rejected, the plan with its issues)."""
    kind = register_file_kind(filename, data)
    today = timezone.localdate()
    plan = plan_import(data, filename=filename, kind=kind, actor=actor, today=today)
    if not plan.ok:
        return None, plan
    batch = CertificateImport.objects.create(
        created_by=actor,
        filename=filename[:255],
        file_kind=kind,
        data=data,
        size=len(data),
        status=CertificateImport.Status.IMPORTED,
        row_count=plan.row_count,
        imported_at=timezone.now(),
    )
    apply_plan(plan, actor=actor, batch=batch, today=today)
    batch.summary = plan.summary(today)
    batch.save(update_fields=["summary"])
    return batch, plan
