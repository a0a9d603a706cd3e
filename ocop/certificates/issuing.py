"""Issued documents: the PDF of a certificate, a recognition decision or a council's minutes
as issued, signed by the issuing body (ocop.core.signing), stored with its SHA-256.

When: `certificate_issue` and `decision_create` queue the signing as a job (ocop.jobs) once
their transaction commits (a decision lists the certificates issued with it in the same
transaction), so a rolled-back issue signs nothing, signing never holds the database
transaction open, and the request that issues a decision with its twenty certificates does
not render and sign twenty-one PDFs: the task worker does, one job per document. The PDF
views also issue a document that is still missing when first opened (before the worker got
to it, a failed attempt, or a record issued before signing existed). Certificates and decisions
imported from paper registers were not issued by the system and are not signed.
See docs/signing.md.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string

from ocop.certificates.models import Certificate, IssuedDocument, RecognitionDecision, RecordSource
from ocop.core import signing
from ocop.core.documents import html_to_pdf_signable, vietnamese_date_line

logger = logging.getLogger(__name__)


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def issued_document_store(
    *, actor, kind: str, object_id: int, title: str, issuer: str, html: str, text: signing.SignatureText,
    certificate: Certificate | None = None, decision: RecognitionDecision | None = None, is_sample: bool = False,
    timestamper=None,
) -> IssuedDocument:
    """Render `html`, sign it where the template put its signature place, keep the bytes and
    their SHA-256. Once per record: a second call returns the document already issued."""
    existing = IssuedDocument.objects.filter(kind=kind, object_id=object_id).first()
    if existing is not None:
        return existing
    pdf, place = html_to_pdf_signable(html)
    config = signing.signing_config()
    signed = config is not None
    if signed:
        pdf = signing.pdf_sign(pdf, text=text, place=place, config=config, timestamper=timestamper)
        check = signing.pdf_verify(pdf, config=config)
    else:
        # No key configured (a development machine without the demo): the document is still
        # issued and its hash recorded; the verification page says it carries no signature.
        logger.warning("No signing key configured: %s issued unsigned", title)
        check = signing.SignatureCheck()
    document = IssuedDocument(
        kind=kind, object_id=object_id, certificate=certificate, decision=decision, title=title, issuer=issuer,
        sha256=sha256_hex(pdf), size=len(pdf), signed=signed, signer=check.signer,
        signer_organisation=check.signer_organisation, demo_key=check.demo,
        timestamped=check.timestamped_at is not None, created_by=actor, is_sample=is_sample,
    )
    document.file.save(f"{kind}.pdf", ContentFile(pdf), save=False)
    try:
        with transaction.atomic():
            document.save()
    except IntegrityError:  # issued concurrently by another request: keep theirs
        document.file.delete(save=False)
        return IssuedDocument.objects.get(kind=kind, object_id=object_id)
    return document


def issued_document_bytes(document: IssuedDocument) -> bytes:
    with document.file.open("rb") as handle:
        return handle.read()


def _position(decision: RecognitionDecision) -> str:
    return "Chủ tịch" if decision.issuing_unit_id else "Bộ trưởng"


def certificate_document_issue(*, actor, certificate: Certificate, timestamper=None) -> IssuedDocument:
    """The certificate as issued: the printed layout without the printing-day status (the
    state is read live through the QR code), signed by the body that issued the decision."""
    from ocop.certificates.documents import issued_certificate_html

    decision = certificate.decision
    return issued_document_store(
        actor=actor, kind=IssuedDocument.Kind.CERTIFICATE, object_id=certificate.pk,
        title=f"Giấy chứng nhận sản phẩm OCOP số {certificate.number}", issuer=decision.issuer_name,
        html=issued_certificate_html(certificate),
        text=signing.SignatureText(body=decision.issuer_name, signer=decision.signer, position=_position(decision),
                                   reason=f"Cấp Giấy chứng nhận sản phẩm OCOP số {certificate.number}"),
        certificate=certificate, decision=decision, is_sample=certificate.is_sample, timestamper=timestamper,
    )


DECISION_TEMPLATE = "certificates/decision_pdf.html"


def decision_document_issue(*, actor, decision: RecognitionDecision, timestamper=None) -> IssuedDocument:
    """The recognition decision with the list of the certificates it issued."""
    from ocop.criteria.regimes import get_regime

    certificates = list(decision.certificates.select_related("product__producer").order_by("number_key"))
    unit = decision.issuing_unit
    place = unit.name.removeprefix("Tỉnh ").removeprefix("Huyện ").removeprefix("Thành phố ") if unit else "Hà Nội"
    try:
        basis = [item["document"] for item in get_regime(decision.regime_key).legal_basis]
    except (KeyError, LookupError):
        basis = []
    html = render_to_string(DECISION_TEMPLATE, {
        "decision": decision, "certificates": certificates, "unit": unit, "basis": basis,
        "date_line": vietnamese_date_line(place, decision.decided_on), "position": _position(decision).upper(),
    })
    return issued_document_store(
        actor=actor, kind=IssuedDocument.Kind.DECISION, object_id=decision.pk,
        title=f"Quyết định số {decision.number} ngày {decision.decided_on:%d/%m/%Y} công nhận sản phẩm OCOP",
        issuer=decision.issuer_name, html=html,
        text=signing.SignatureText(body=decision.issuer_name, signer=decision.signer, position=_position(decision),
                                   reason=f"Ban hành Quyết định số {decision.number}"),
        decision=decision, is_sample=decision.is_sample, timestamper=timestamper,
    )


def issue_after_commit(kind: str, *, actor, object_id: int, title: str) -> None:
    """Queue the job `kind` (a signing kind registered by the app that owns the record) for
    the record `object_id`, once the current transaction has committed. One job per record,
    however often this is called; a failure to queue is logged and leaves the record issued
    without its PDF, which its view issues on the next request."""
    from ocop.jobs.services import idempotency_key, job_submit

    actor_id = actor.pk if actor is not None and getattr(actor, "is_authenticated", False) else None

    def submit():
        try:
            job_submit(actor=None, kind=kind, title=title, key=idempotency_key("sign", kind, object_id),
                       params={"id": object_id, "actor": actor_id})
        except Exception:  # noqa: BLE001 - the issue itself is committed and must stand
            logger.exception("Could not queue the signing of %s %s", kind, object_id)

    transaction.on_commit(submit)


def signing_kind(key: str, label: str, *, model, issue: Callable[..., IssuedDocument], record: str):
    """The job kind that signs one record's document: `issue(actor=…, <record>=…)`. A retry
    after a crash is safe: `issued_document_store` issues once per record."""
    from django.contrib.auth import get_user_model

    from ocop.jobs.kinds import JobKind

    def run(job, ctx) -> None:
        item = model.objects.filter(pk=job.params["id"]).first()
        if item is None:
            ctx.fail(["Văn bản này không còn trong hệ thống (bản ghi đã bị xóa) nên không ký được."])
        actor = get_user_model().objects.filter(pk=job.params.get("actor")).first()
        ctx.stage(label)
        document = issue(actor=actor, **{record: item})
        ctx.set_result(message=f"Đã lập và ký số: {document.title}.")

    return JobKind(key, label, run)


SIGN_CERTIFICATE = "sign-certificate"
SIGN_DECISION = "sign-decision"


def schedule_certificate(*, actor, certificate: Certificate) -> None:
    if certificate.source == RecordSource.ISSUED:
        issue_after_commit(SIGN_CERTIFICATE, actor=actor, object_id=certificate.pk,
                           title=f"Ký số Giấy chứng nhận sản phẩm OCOP số {certificate.number}")


def schedule_decision(*, actor, decision: RecognitionDecision) -> None:
    if decision.source == RecordSource.ISSUED:
        issue_after_commit(SIGN_DECISION, actor=actor, object_id=decision.pk,
                           title=f"Ký số Quyết định số {decision.number} công nhận sản phẩm OCOP")


def issue_missing(*, actor=None, sample_only: bool = False) -> int:
    """Issue the signed PDF of every certificate and decision the system issued that has
    none yet (issued before signing was configured, or whose signing failed). Returns how
    many documents were issued. `manage.py ocop_sign_documents` runs it."""
    certificates = Certificate.objects.filter(source=RecordSource.ISSUED, issued_documents__isnull=True)
    decisions = RecognitionDecision.objects.filter(source=RecordSource.ISSUED, issued_documents__isnull=True)
    if sample_only:
        certificates, decisions = certificates.filter(is_sample=True), decisions.filter(is_sample=True)
    count = 0
    for decision in decisions.select_related("issuing_unit").order_by("pk"):
        decision_document_issue(actor=actor, decision=decision)
        count += 1
    for certificate in certificates.select_related("decision", "product").order_by("pk"):
        certificate_document_issue(actor=actor, certificate=certificate)
        count += 1
    return count


def register_kinds() -> None:
    from ocop.jobs.kinds import register_kind

    register_kind(signing_kind(SIGN_CERTIFICATE, "Ký số giấy chứng nhận", model=Certificate,
                               issue=certificate_document_issue, record="certificate"))
    register_kind(signing_kind(SIGN_DECISION, "Ký số quyết định công nhận", model=RecognitionDecision,
                               issue=decision_document_issue, record="decision"))
