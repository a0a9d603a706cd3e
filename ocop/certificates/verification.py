"""Public verification of a document: is this PDF (or this SHA-256) a document the system
issued, unaltered, signed by whom, and is the certificate still in force? One answer for the
verification page and the open API (docs/signing.md)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import ValidationError

from ocop.certificates import validity
from ocop.certificates.issuing import issued_document_bytes, sha256_hex
from ocop.certificates.models import IssuedDocument, Revocation
from ocop.core import signing
from ocop.core.text import format_date_vn
from ocop.core.uploads import check_document_upload

ISSUED, ALTERED, UNKNOWN_SIGNED, FOREIGN = "issued", "altered", "unknown_signed", "foreign"
NOT_ISSUED = "không phải văn bản do hệ thống phát hành"
HEADLINES = {
    ISSUED: "Đúng là văn bản do hệ thống phát hành, nguyên vẹn, chưa bị sửa đổi.",
    ALTERED: f"Tệp đã bị sửa đổi sau khi ký: {NOT_ISSUED}.",
    UNKNOWN_SIGNED: f"Tệp có chữ ký số nhưng không có trong sổ văn bản đã phát hành: {NOT_ISSUED}.",
    FOREIGN: f"Tệp này {NOT_ISSUED}.",
}
_SHA256 = re.compile(r"^[0-9a-f]{64}$")


@dataclass
class CertificateState:
    number: str
    product: str
    code: str
    label: str
    in_force: bool
    revocation: str = ""


@dataclass
class Verification:
    verdict: str
    sha256: str
    document: IssuedDocument | None = None
    check: signing.SignatureCheck | None = None
    certificates: list[CertificateState] = field(default_factory=list)

    @property
    def issued(self) -> bool:
        return self.verdict == ISSUED

    @property
    def headline(self) -> str:
        return HEADLINES[self.verdict]

    @property
    def signature_line(self) -> str:
        """"Ký số bởi …" in words, or why the signature does not hold."""
        check = self.check
        if self.document is not None and not self.document.signed:
            return "Văn bản được phát hành khi chưa cấu hình chữ ký số: không có chữ ký số."
        if check is None or not check.signed:
            return "Không có chữ ký số."
        # The demo key's organisation is the DEMO mark itself, said once at the end instead.
        organisation = check.signer_organisation if not check.demo else ""
        who = check.signer + (f" ({organisation})" if organisation else "")
        if not check.ok:
            return f"Chữ ký số của {who} không hợp lệ: " + " ".join(check.problems)
        when = check.timestamped_at or check.signed_at
        line = f"Ký số bởi {who}, chữ ký hợp lệ và chứng thư được tin cậy"
        if when:
            local = when.astimezone(signing.VIETNAM)
            line += f"; thời gian ký {local:%H:%M:%S} ngày {format_date_vn(local.date())}"
            line += " (dấu thời gian của tổ chức cấp dấu thời gian)" if check.timestamped_at else ""
        if check.demo:
            line += f". Khóa thử nghiệm: {signing.DEMO_MARK}"
        return line + "."

    def as_json(self) -> dict:
        check = self.check
        return {
            "sha256": self.sha256,
            "verdict": self.verdict,
            "issued": self.issued,
            "message": self.headline,
            "document": None if self.document is None else {
                "kind": self.document.kind,
                "kind_label": self.document.get_kind_display(),
                "title": self.document.title,
                "issuer": self.document.issuer,
                "issued_at": self.document.issued_at.isoformat(),
            },
            "signature": None if check is None else {
                "signed": check.signed, "intact": check.intact, "whole_file": check.whole_file,
                "trusted": check.trusted, "valid": check.ok, "signer": check.signer,
                "organisation": check.signer_organisation, "demo": check.demo,
                "signed_at": check.signed_at.isoformat() if check.signed_at else None,
                "timestamp": check.timestamped_at.isoformat() if check.timestamped_at else None,
                "problems": check.problems,
            },
            "signature_text": self.signature_line,
            "certificates": [
                {"number": c.number, "product": c.product, "verification_code": c.code, "status": c.label,
                 "in_force": c.in_force, "revocation": c.revocation}
                for c in self.certificates
            ],
        }


def sha256_clean(value: str) -> str:
    digest = (value or "").strip().lower()
    if not _SHA256.match(digest):
        raise ValidationError({"sha256": "Mã SHA-256 phải gồm đúng 64 ký tự 0–9, a–f."})
    return digest


def upload_read(uploaded) -> bytes:
    """The uploaded file's bytes, after the site's upload checks (size, type by content):
    only a PDF is a document the system issues."""
    checked = check_document_upload(uploaded)
    if checked.content_type != "application/pdf":
        raise ValidationError({"file": f"Tệp “{uploaded.name}” không phải PDF: chỉ kiểm tra được tệp PDF."})
    uploaded.seek(0)
    return uploaded.read()


def _states(document: IssuedDocument, on: date) -> list[CertificateState]:
    if document.certificate_id:
        certificates = [document.certificate]
    elif document.decision_id:
        certificates = list(document.decision.certificates.order_by("number_key"))
    else:
        return []
    revocations = {
        r.certificate_id: r for r in Revocation.objects.filter(
            certificate__in=certificates, status=Revocation.Status.DECIDED).order_by("decided_on")
    }
    states = []
    for certificate in certificates:
        status = validity.certificate_status(certificate, on)
        revocation = revocations.get(certificate.pk) if status == validity.REVOKED else None
        states.append(CertificateState(
            number=certificate.number, product=certificate.product_name, code=certificate.public_code,
            label=validity.PUBLIC_LABELS[status], in_force=status in validity.IN_FORCE,
            revocation=(f"Quyết định thu hồi số {revocation.decision_number} ngày {format_date_vn(revocation.decided_on)}"
                        if revocation else ""),
        ))
    return states


def document_verify(*, data: bytes | None = None, sha256: str = "", on: date) -> Verification:
    """Either the file (`data`) or its SHA-256. The signature is validated with pyHanko
    against the configured trust roots: on the uploaded file, or on the stored one when only
    the hash was given."""
    digest = sha256_hex(data) if data is not None else sha256_clean(sha256)
    document = (
        IssuedDocument.objects.select_related("certificate", "decision").filter(sha256=digest).first()
    )
    if document is not None:
        check = None
        if document.signed:
            check = signing.pdf_verify(data if data is not None else issued_document_bytes(document))
        return Verification(ISSUED, digest, document, check, _states(document, on))
    if data is None:
        return Verification(FOREIGN, digest)
    check = signing.pdf_verify(data)
    if check.signed and (not check.intact or not check.whole_file):
        verdict = ALTERED
    elif check.signed and check.ok:
        verdict = UNKNOWN_SIGNED
    else:
        verdict = FOREIGN
    return Verification(verdict, digest, None, check)

