"""Signed documents (docs/signing.md): signing when issued, pyHanko's own validation, the
refusal of a tampered or foreign copy, the public page, the open API and access rules."""

from __future__ import annotations

import hashlib
import io
import re
from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature

from ocop.certificates import issuing, services, verification
from ocop.certificates.models import Certificate, IssuedDocument, RecordSource
from ocop.core import signing
from ocop.core.documents import html_to_pdf, pdf_text
from ocop.jobs.models import Job
from ocop.jobs.testing import run_worker
from ocop.territory.models import AdministrativeUnit
from tests.factories import ProducerFactory, ProductFactory, legacy_commune

NOT_ISSUED = "không phải văn bản do hệ thống phát hành"


@pytest.fixture
def demo_key():
    """The demo chain in this test's private store: what signing_config() then uses."""
    folder = signing.demo_key_write(issuer="Ủy ban nhân dân tỉnh Quảng Ngãi")
    return folder


def issue_one(django_capture_on_commit_callbacks, *, signer="Phạm Văn Thử") -> Certificate:
    province = AdministrativeUnit.objects.get(level="province", code="51", valid_to__isnull=True)
    product = ProductFactory(producer=ProducerFactory(commune=legacy_commune("23482")))
    with django_capture_on_commit_callbacks(execute=True):
        decision = services.decision_create(
            actor=None, number="321/QĐ-UBND", decided_on=timezone.localdate() - timedelta(days=10),
            level="province", issuing_unit=province, signer=signer,
        )
        certificate = services.certificate_issue(
            actor=None, decision=decision, product=product, number="321.01/GCN-OCOP", stars=4,
        )
    # Issuing queued one signing job per document (none before the commit); the worker signs.
    assert not IssuedDocument.objects.exists()
    assert set(Job.objects.values_list("kind", flat=True)) == {issuing.SIGN_DECISION, issuing.SIGN_CERTIFICATE}
    run_worker()
    assert set(Job.objects.values_list("state", flat=True)) == {Job.State.SUCCEEDED}
    return certificate


def stored(document: IssuedDocument) -> bytes:
    return issuing.issued_document_bytes(document)


def upload(data: bytes, name="giay-chung-nhan.pdf"):
    return SimpleUploadedFile(name, data, content_type="application/pdf")


@pytest.mark.django_db
def test_it_signs_the_certificate_and_the_decision_when_they_are_issued(demo_key, django_capture_on_commit_callbacks):
    certificate = issue_one(django_capture_on_commit_callbacks)
    document = IssuedDocument.objects.get(kind="certificate", object_id=certificate.pk)
    decision_document = IssuedDocument.objects.get(kind="decision", object_id=certificate.decision_id)
    for issued in (document, decision_document):
        data = stored(issued)
        assert hashlib.sha256(data).hexdigest() == issued.sha256 and issued.size == len(data)
        assert issued.signed and issued.demo_key
        # pyHanko's own validator, against the demo root only.
        reader = PdfFileReader(io.BytesIO(data))
        assert len(reader.embedded_signatures) == 1
        status = validate_pdf_signature(reader.embedded_signatures[0], signing.validation_context())
        assert status.bottom_line and status.intact and status.valid and status.trusted
        assert signing.DEMO_MARK in status.signing_cert.subject.human_friendly
        # The visible block: a widget with a real area where the template reserved it.
        field = reader.embedded_signatures[0].sig_field
        x1, y1, x2, y2 = (float(v) for v in field["/Rect"])
        assert x2 - x1 > 100 and y2 - y1 > 40
    text = " ".join(pdf_text(stored(document)).split())
    assert "GIẤY CHỨNG NHẬN" in text and certificate.product_name in text and certificate.public_code in text
    assert "Bản in ngày" not in text  # the signed file carries no printing-day status
    decision_text = " ".join(pdf_text(stored(decision_document)).split())
    assert "QUYẾT ĐỊNH" in decision_text and "Phạm Văn Thử" in decision_text
    assert "321.01/GCN-OCOP" in decision_text and certificate.public_code in decision_text


@pytest.mark.django_db
def test_it_signs_nothing_when_the_issue_is_rolled_back(demo_key, django_capture_on_commit_callbacks):
    from django.db import transaction

    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(RuntimeError), transaction.atomic():
            province = AdministrativeUnit.objects.get(level="province", code="51", valid_to__isnull=True)
            services.decision_create(actor=None, number="9/QĐ-UBND", decided_on=date(2026, 8, 1),
                                     level="province", issuing_unit=province)
            raise RuntimeError
    assert not IssuedDocument.objects.exists() and not Job.objects.exists()


@pytest.mark.django_db
def test_it_refuses_a_copy_with_one_byte_changed(demo_key, django_capture_on_commit_callbacks):
    certificate = issue_one(django_capture_on_commit_callbacks)
    data = stored(certificate.issued_documents.get())
    # One byte inside the first content stream (signed bytes; offsets unchanged).
    position = data.index(b"stream", 0) + 40
    tampered = bytearray(data)
    tampered[position] ^= 0x01
    tampered = bytes(tampered)

    reader = PdfFileReader(io.BytesIO(tampered))
    status = validate_pdf_signature(reader.embedded_signatures[0], signing.validation_context())
    assert not status.intact and not status.bottom_line

    result = verification.document_verify(data=tampered, on=timezone.localdate())
    assert result.verdict == verification.ALTERED and not result.issued
    assert NOT_ISSUED in result.headline
    assert "không hợp lệ" in result.signature_line


@pytest.mark.django_db
def test_the_page_says_an_unaltered_copy_is_the_issued_document_and_who_signed_it(
    client, demo_key, django_capture_on_commit_callbacks
):
    certificate = issue_one(django_capture_on_commit_callbacks)
    data = stored(certificate.issued_documents.get())
    response = client.post(reverse("certificates:verify_document"), {"file": upload(data)})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Đúng là văn bản do hệ thống phát hành, nguyên vẹn, chưa bị sửa đổi." in html
    assert "Ký số bởi Ủy ban nhân dân tỉnh Quảng Ngãi (DEMO), chữ ký hợp lệ" in html
    assert html.count(signing.DEMO_MARK) == 1  # the warning, once, not also as the organisation
    assert "Còn hiệu lực" in html and certificate.number in html
    # The SHA-256 alone gives the same answer (validated on the stored file).
    by_hash = client.post(reverse("certificates:verify_document"), {"sha256": hashlib.sha256(data).hexdigest().upper()})
    assert "Đúng là văn bản do hệ thống phát hành" in by_hash.content.decode()
    # The open API the page points to answers the same question.
    api = re.search(r"<code>GET (/api/v1/\S+)\?sha256=…</code>", html).group(1)
    answer = client.get(api, {"sha256": hashlib.sha256(data).hexdigest()})
    assert answer.status_code == 200 and answer.json()["issued"] is True


@pytest.mark.django_db
def test_the_page_says_a_foreign_pdf_is_not_an_issued_document(client, demo_key):
    forged = html_to_pdf("<h1>GIẤY CHỨNG NHẬN</h1><p>Sản phẩm OCOP 5 sao</p>")
    response = client.post(reverse("certificates:verify_document"), {"file": upload(forged)})
    assert response.status_code == 200
    assert NOT_ISSUED in response.content.decode()
    assert "Không có chữ ký số." in response.content.decode()
    unknown = client.post(reverse("certificates:verify_document"), {"sha256": "0" * 64})
    assert NOT_ISSUED in unknown.content.decode()


@pytest.mark.django_db
def test_a_pdf_signed_with_another_key_is_not_trusted(client, demo_key, tmp_path):
    other = signing.demo_key_write(issuer="Cơ quan giả mạo", folder=tmp_path / "other")
    config = signing.SigningConfig(kind="pkcs12", pkcs12=other / "signer.p12", password=signing.DEMO_PASSWORD,
                                   trust_roots=(other / "root.pem",))
    forged = signing.pdf_sign(html_to_pdf("<p>Giấy chứng nhận giả</p>"),
                              text=signing.SignatureText(body="Cơ quan giả mạo"), config=config)
    result = verification.document_verify(data=forged, on=timezone.localdate())
    assert result.verdict == verification.FOREIGN and NOT_ISSUED in result.headline
    assert result.check.intact and not result.check.trusted


@pytest.mark.django_db
def test_the_upload_is_checked_for_type_and_size(client, demo_key, settings):
    url = reverse("certificates:verify_document")
    png = client.post(url, {"file": SimpleUploadedFile("anh.pdf", b"\x89PNG\r\n\x1a\n" + b"0" * 100)})
    assert png.status_code == 400 and "không phải là PDF hoặc ảnh hợp lệ" in png.content.decode()
    settings.MAX_DOCUMENT_UPLOAD_BYTES = 1000
    big = client.post(url, {"file": upload(html_to_pdf("<p>x</p>" * 50))})
    assert big.status_code == 400 and "quá lớn" in big.content.decode()
    empty = client.post(url, {})
    assert empty.status_code == 400 and "Chọn tệp PDF hoặc nhập mã SHA-256" in empty.content.decode()
    bad_hash = client.post(url, {"sha256": "abc"})
    assert bad_hash.status_code == 400 and "64 ký tự" in bad_hash.content.decode()


@pytest.mark.django_db
def test_the_open_api_gives_the_same_answer(client, demo_key, django_capture_on_commit_callbacks):
    certificate = issue_one(django_capture_on_commit_callbacks)
    data = stored(certificate.issued_documents.get())
    url = reverse("catalogue:api_document_verify")
    by_file = client.post(url, {"file": upload(data)}).json()
    assert by_file["verdict"] == "issued" and by_file["issued"] is True
    assert by_file["signature"]["valid"] and by_file["signature"]["demo"]
    assert by_file["certificates"][0]["status"] == "Còn hiệu lực" and by_file["certificates"][0]["in_force"]
    by_hash = client.get(url, {"sha256": hashlib.sha256(data).hexdigest()})
    assert by_hash.status_code == 200 and by_hash.json()["document"]["kind"] == "certificate"
    assert by_hash["Cache-Control"] == "no-store"
    tampered = bytearray(data)
    tampered[data.index(b"stream") + 40] ^= 1
    refused = client.post(url, {"file": upload(bytes(tampered))}).json()
    assert refused["issued"] is False and NOT_ISSUED in refused["message"]
    bad = client.get(url, {"sha256": "xyz"})
    assert bad.status_code == 400 and bad.json()["parameter"] == "sha256"
    nothing = client.get(url)
    assert nothing.status_code == 200 and nothing.json()["verdict"] == "none"
    # Described in the OpenAPI document.
    described = client.get(reverse("catalogue:api_openapi")).json()
    assert {"get", "post"} <= set(described["paths"]["/documents/verify"])
    assert "DocumentVerification" in described["components"]["schemas"]


@pytest.mark.django_db
def test_revocation_leaves_the_signed_file_and_the_page_shows_it(client_for, client, demo, demo_key):
    certificate = Certificate.objects.get(product__name="Sâm dây khô Kon Rẫy")
    document = issuing.certificate_document_issue(actor=None, certificate=certificate)
    before = stored(document)
    revocation = services.revocation_propose(
        actor=demo["users"]["tinh"], certificate=certificate, ground="d", facts="Dùng nhãn OCOP sai.",
        conclusion_reference="Biên bản kiểm tra số 5/BB", conclusion_on=timezone.localdate() - timedelta(days=3),
    )
    services.revocation_decide(actor=demo["users"]["tinh"], revocation=revocation, decision_number="88/QĐ-UBND",
                               decided_on=timezone.localdate())
    document.refresh_from_db()
    assert stored(document) == before and document.sha256 == hashlib.sha256(before).hexdigest()
    html = client.post(reverse("certificates:verify_document"), {"file": upload(before)}).content.decode()
    assert "Đúng là văn bản do hệ thống phát hành" in html
    assert "Đã bị thu hồi" in html and "Quyết định thu hồi số 88/QĐ-UBND" in html


@pytest.mark.django_db
def test_a_timestamp_is_added_when_a_timestamping_authority_is_set(demo_key):
    from pyhanko.sign import signers
    from pyhanko.sign.timestamps import DummyTimeStamper

    # pyHanko's local timestamper stands in for the TSA: no network in tests.
    tsa = signers.SimpleSigner.load_pkcs12(str(demo_key / "tsa.p12"), passphrase=signing.DEMO_PASSWORD)
    stamper = DummyTimeStamper(tsa_cert=tsa.signing_cert, tsa_key=tsa.signing_key)
    signed = signing.pdf_sign(html_to_pdf("<p>Quyết định</p>"), text=signing.SignatureText(body="UBND"),
                              timestamper=stamper)
    check = signing.pdf_verify(signed)
    assert check.ok and check.timestamped_at is not None, check.problems
    reader = PdfFileReader(io.BytesIO(signed))
    # PAdES B-LTA: a document timestamp after the signature, and the validation data (DSS).
    assert "/DSS" in reader.root


@pytest.mark.django_db
def test_the_validation_data_is_embedded(demo_key):
    signed = signing.pdf_sign(html_to_pdf("<p>Biên bản</p>"), text=signing.SignatureText(body="UBND"))
    reader = PdfFileReader(io.BytesIO(signed))
    dss = reader.root["/DSS"]
    assert len(dss["/Certs"]) >= 2 and len(dss["/CRLs"]) >= 1


@pytest.mark.django_db
def test_a_document_opened_before_the_worker_signed_it_is_issued_by_its_page(
    client_for, demo, demo_key, django_capture_on_commit_callbacks
):
    """The job is queued but no worker has run yet: the decision's PDF page issues it at once,
    and the job, run later, finds it issued and signs nothing twice."""
    province = AdministrativeUnit.objects.get(level="province", code="51", valid_to__isnull=True)
    product = ProductFactory(producer=ProducerFactory(commune=legacy_commune("23482")))
    with django_capture_on_commit_callbacks(execute=True):
        decision = services.decision_create(actor=None, number="77/QĐ-UBND", decided_on=date(2026, 11, 2),
                                            level="province", issuing_unit=province, signer="Phạm Văn Thử")
        services.certificate_issue(actor=None, decision=decision, product=product, number="77.01/GCN-OCOP", stars=3)
    job = Job.objects.get(kind=issuing.SIGN_DECISION, params__id=decision.pk)
    assert job.state == Job.State.QUEUED
    response = client_for("tinh").get(reverse("certificates:decision_pdf", args=[decision.pk]))
    assert response.status_code == 200 and signing.pdf_verify(response.content).ok
    run_worker()
    job.refresh_from_db()
    assert job.state == Job.State.SUCCEEDED
    assert IssuedDocument.objects.filter(kind="decision", object_id=decision.pk).count() == 1
    assert stored(IssuedDocument.objects.get(kind="decision", object_id=decision.pk)) == response.content


@pytest.mark.django_db
def test_documents_are_issued_unsigned_and_say_so_without_a_key(django_capture_on_commit_callbacks):
    certificate = issue_one(django_capture_on_commit_callbacks)
    document = certificate.issued_documents.get()
    assert not document.signed
    result = verification.document_verify(data=stored(document), on=timezone.localdate())
    assert result.issued and "không có chữ ký số" in result.signature_line


@pytest.mark.django_db
def test_who_may_download_the_signed_documents(client_for, client, demo, demo_key):
    coffee = Certificate.objects.get(product__name="Cà phê bột Robusta Đăk Kôi")  # chuthe1's
    document = issuing.certificate_document_issue(actor=None, certificate=coffee)
    pdf_url = reverse("certificates:pdf", args=[coffee.pk])
    decision_url = reverse("certificates:decision_pdf", args=[coffee.decision_id])
    assert client.get(pdf_url).status_code == 302  # login first
    assert client.get(decision_url).status_code == 302
    own = client_for("chuthe1").get(pdf_url)
    assert own.status_code == 200 and own.content == stored(document)  # the signed file as issued
    assert client_for("chuthe1").get(decision_url).status_code == 200
    assert client_for("chuthe2").get(pdf_url).status_code == 404
    assert client_for("chuthe2").get(decision_url).status_code == 404
    decision = client_for("tinh").get(decision_url)
    assert decision.status_code == 200 and signing.pdf_verify(decision.content).ok
    # Public: the verification page, without login.
    client.logout()
    assert client.get(reverse("certificates:verify_document")).status_code == 200
    # The QR landing page links to it (the upload form lives on its own page).
    landing = client.get(reverse("certificates:verify", args=[coffee.public_code])).content.decode()
    assert f'href="{reverse("certificates:verify_document")}" id="kiem-tra-tep"' in landing


@pytest.mark.django_db
def test_imported_certificates_are_not_signed(demo_key, django_capture_on_commit_callbacks):
    province = AdministrativeUnit.objects.get(level="province", code="51", valid_to__isnull=True)
    product = ProductFactory(producer=ProducerFactory(commune=legacy_commune("23482")))
    with django_capture_on_commit_callbacks(execute=True):
        decision = services.decision_create(actor=None, number="5/QĐ-UBND", decided_on=date(2025, 9, 1),
                                            level="province", issuing_unit=province, source=RecordSource.IMPORTED)
        services.certificate_issue(actor=None, decision=decision, product=product, number="5.01/GCN",
                                   stars=3, source=RecordSource.IMPORTED)
    assert not IssuedDocument.objects.exists() and not Job.objects.exists()


def test_the_issuing_bodys_pkcs12_file_is_configured_by_environment(settings, tmp_path):
    from django.core.exceptions import ImproperlyConfigured

    folder = signing.demo_key_write(issuer="Ủy ban nhân dân tỉnh Thử", folder=tmp_path / "co-quan")
    settings.OCOP_SIGNING_PKCS12 = str(folder / "signer.p12")
    settings.OCOP_SIGNING_PKCS12_PASSWORD = signing.DEMO_PASSWORD.decode()
    settings.OCOP_SIGNING_TRUST_ROOTS = str(folder / "root.pem")
    config = signing.signing_config()
    assert config.kind == "pkcs12" and not config.is_demo
    signed = signing.pdf_sign(html_to_pdf("<p>Quyết định</p>"), text=signing.SignatureText(body="UBND tỉnh Thử"))
    check = signing.pdf_verify(signed)
    assert check.ok and check.signer == "Ủy ban nhân dân tỉnh Thử (DEMO)"
    settings.OCOP_SIGNING_TRUST_ROOTS = ""  # no trust root configured: valid maths, not trusted
    assert not signing.pdf_verify(signed).trusted
    settings.OCOP_SIGNING_PKCS12_PASSWORD = "sai-mat-khau"
    with pytest.raises(ImproperlyConfigured, match="PKCS#12"):
        signing.pdf_sign(html_to_pdf("<p>x</p>"), text=signing.SignatureText(body="UBND"))


def test_it_signs_and_verifies_inside_a_running_event_loop(settings, tmp_path):
    """An ASGI server or a browser-driving test keeps an event loop running in the thread;
    pyHanko's own asyncio.run would refuse to start there."""
    import asyncio
    from concurrent.futures import ThreadPoolExecutor

    folder = signing.demo_key_write(issuer="Ủy ban nhân dân tỉnh Thử", folder=tmp_path / "co-quan")
    settings.OCOP_SIGNING_PKCS12 = str(folder / "signer.p12")
    settings.OCOP_SIGNING_PKCS12_PASSWORD = signing.DEMO_PASSWORD.decode()
    settings.OCOP_SIGNING_TRUST_ROOTS = str(folder / "root.pem")
    unsigned = html_to_pdf("<p>Quyết định</p>")

    async def inside_a_loop():
        signed = signing.pdf_sign(unsigned, text=signing.SignatureText(body="UBND tỉnh Thử"))
        return signing.pdf_verify(signed)

    # A thread of its own for the loop: this test process may itself be driving a browser.
    with ThreadPoolExecutor(max_workers=1) as pool:
        assert pool.submit(asyncio.run, inside_a_loop()).result().ok
