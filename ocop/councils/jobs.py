"""A council's documents in one ZIP, made by a job: every recognition decision its
evaluations led to (DOCX) and every certificate issued (PDF with its QR code). Rendering
dozens of PDFs takes longer than a request may; the office follows the job's progress
and downloads the ZIP (its own only). Registered in CouncilsConfig.ready()."""

from __future__ import annotations

import zipfile

from django.core.files.storage import storages
from django.utils import timezone

from ocop.certificates.documents import kept_certificate_pdf
from ocop.councils import documents
from ocop.councils.models import Council, CouncilEvaluation
from ocop.jobs.kinds import JobKind, register_kind
from ocop.territory.selectors import current_units_map

ROUND_DOCUMENTS = "council-documents"
SIGN_MINUTES = "sign-minutes"


def _evaluations(council: Council) -> list[CouncilEvaluation]:
    return list(
        CouncilEvaluation.objects.filter(council=council, decision__isnull=False)
        .select_related(
            "council", "dossier__product", "dossier__producer", "decision", "decision__issuing_unit",
            "certificate", "certificate__decision", "certificate__product", "certificate__product__commune",
        )
        .order_by("decision_id", "certificate__number", "pk")
    )


def _council_documents(job, ctx) -> None:
    council = Council.objects.get(pk=job.params["council"])
    evaluations = _evaluations(council)
    if not evaluations:
        ctx.fail(["Hội đồng chưa có quyết định công nhận nào; chưa có văn bản để lập."])
    by_decision: dict[int, list[CouncilEvaluation]] = {}
    for evaluation in evaluations:
        by_decision.setdefault(evaluation.decision_id, []).append(evaluation)
    certified = [e for e in evaluations if e.certificate_id]
    on = timezone.localdate()
    current = current_units_map({e.certificate.product.commune_id for e in certified}, on=on)
    store = storages["private"]
    items = [("decision", group) for group in by_decision.values()] + [("certificate", e) for e in certified]

    def write(handle):
        with zipfile.ZipFile(handle, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            for kind, item in ctx.counted(items, total=len(items), stage="Lập quyết định và giấy chứng nhận"):
                if kind == "decision":
                    decision = item[0].decision
                    name = documents.kept_decision_docx(decision, item)
                    entry = f"quyet-dinh/quyet-dinh-{decision.pk}.docx"
                else:
                    certificate = item.certificate
                    name = kept_certificate_pdf(
                        certificate, on=on, current_units=current.get(certificate.product.commune_id, [])
                    )
                    entry = f"giay-chung-nhan/{certificate.number.replace('/', '-')}.pdf"
                with store.open(name, "rb") as source:
                    archive.writestr(entry, source.read())

    ctx.write_file(f"van-ban-hoi-dong-{council.pk}.zip", write)
    ctx.set_result(
        message=f"Đã lập {len(by_decision)} quyết định và {len(certified)} giấy chứng nhận của “{council.name}”."
    )


def register() -> None:
    from ocop.certificates.issuing import signing_kind

    register_kind(JobKind(ROUND_DOCUMENTS, "Lập văn bản của hội đồng", _council_documents))
    register_kind(signing_kind(SIGN_MINUTES, "Ký số biên bản họp hội đồng", model=CouncilEvaluation,
                               issue=documents.minutes_document_issue, record="evaluation"))
