"""The council's minutes and its recognition decision are issued signed (docs/signing.md)."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.urls import reverse
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature

from ocop.certificates import issuing
from ocop.certificates.models import IssuedDocument
from ocop.core import signing
from ocop.core.documents import pdf_text
from ocop.councils import services
from ocop.jobs.testing import run_worker
from ocop.territory.models import AdministrativeUnit
from tests.factories import ProductFactory

from .helpers import make_council, make_dossier, sheet_with_total

pytestmark = pytest.mark.django_db


def valid(data: bytes) -> bool:
    reader = PdfFileReader(io.BytesIO(data))
    return validate_pdf_signature(reader.embedded_signatures[0], signing.validation_context()).bottom_line


def test_it_signs_the_minutes_at_close_and_the_decision_with_its_certificates(client, django_capture_on_commit_callbacks):
    signing.demo_key_write(issuer="Ủy ban nhân dân tỉnh Quảng Ngãi")
    province = AdministrativeUnit.objects.get(level="province", code="51", valid_to__isnull=True)
    council, round_obj, members = make_council(province)
    dossier = make_dossier(ProductFactory(), round_obj=round_obj)
    evaluation = services.evaluation_open(actor=members[0].user, council=council, dossier=dossier)
    for member, total in zip(members, (74, 76, 78), strict=True):
        services.sheet_save(actor=member.user, evaluation=evaluation, points=sheet_with_total(13, total), submit=True)
    with django_capture_on_commit_callbacks(execute=True):
        services.evaluation_close(actor=members[0].user, evaluation=evaluation, minutes_number="05")
    run_worker()  # the signing jobs queued by the close
    evaluation.refresh_from_db()
    minutes = IssuedDocument.objects.get(kind="minutes", object_id=evaluation.pk)
    data = issuing.issued_document_bytes(minutes)
    assert minutes.signed and valid(data)
    text = " ".join(pdf_text(data).split())
    assert "BIÊN BẢN" in text and "76,00" in text and "Số: 05/BB-HĐ" in text

    with django_capture_on_commit_callbacks(execute=True):
        decision = services.decision_issue(actor=None, council=council, evaluations=[evaluation],
                                           number="88/QĐ-UBND", decided_on=date(2026, 11, 20), signer="Người Ký")
    run_worker()
    assert valid(issuing.issued_document_bytes(IssuedDocument.objects.get(kind="decision", object_id=decision.pk)))
    evaluation.refresh_from_db()
    assert valid(issuing.issued_document_bytes(evaluation.certificate.issued_documents.get()))

    # The minutes PDF: members of the council read it; someone outside gets nothing.
    url = reverse("councils:minutes_pdf", args=[evaluation.pk])
    client.force_login(members[1].user)
    response = client.get(url)
    assert response.status_code == 200 and response.content == data
    from ocop.accounts.models import User

    client.force_login(User.objects.create(username="nguoi-ngoai"))
    assert client.get(url).status_code in (403, 404)
