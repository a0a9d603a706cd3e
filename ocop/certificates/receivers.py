"""The certificate register's answers to the dossier workflow (see ocop/evaluation/hooks.py).

Connected in CertificatesConfig.ready(): evaluation is the lower layer and exposes a signal
and a registration function; this app, above it, subscribes. No import goes the other way.
"""

from __future__ import annotations

from ocop.certificates.models import Certificate
from ocop.evaluation import hooks


def record_reevaluation_filing(sender, *, dossier, actor, reference, **kwargs) -> None:
    """A re-evaluation dossier started from a certificate was submitted: record the filing
    on the certificate (QĐ 26/2026 Điều 7.6.a, 12.3). A ValidationError (the certificate no
    longer allows it) propagates and refuses the submission."""
    from ocop.certificates.services import certificate_mark_reevaluation_filed

    certificate = Certificate.objects.filter(pk=dossier.certificate_ref).first()
    if certificate is None:
        return
    certificate_mark_reevaluation_filed(
        actor=actor, certificate=certificate, filed_on=dossier.submitted_on, reference=reference
    )


def current_certificate(product):
    from ocop.certificates.selectors import current_certificates_for

    return current_certificates_for([product.pk]).get(product.pk)


def connect() -> None:
    hooks.reevaluation_submitted.connect(record_reevaluation_filing, dispatch_uid="certificates-reevaluation-filed")
    hooks.register_current_certificate_finder(current_certificate)
