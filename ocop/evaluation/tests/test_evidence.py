"""Evidence uploads (type by content, size cap), the reusable library, expiry."""

from datetime import date, timedelta
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from ocop.core.storage import private_storage
from ocop.evaluation import services
from ocop.evaluation.completeness import dossier_missing
from ocop.evaluation.models import (
    Dossier,
    DossierKind,
    DossierState,
    EvidenceDocument,
)
from ocop.evaluation.selectors import dossier_evidence_status
from ocop.evaluation.tests.builders import (
    complete_dossier,
    current_dakkoi,
    image_upload,
    make_product,
    pdf_upload,
    put_in_state,
)

WINDOWS_EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 200 + b"This program cannot be run in DOS mode."
LINUX_ELF = b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 300


def _stored_files() -> list[Path]:
    root = Path(private_storage.location)
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


@pytest.fixture
def draft(db):
    product = make_product(commune=current_dakkoi())
    return services.dossier_create(actor=None, product=product, kind=DossierKind.FIRST, filed_on=date(2026, 10, 1))


@pytest.mark.django_db
@pytest.mark.parametrize(
    "name, content, message",
    [
        ("giay-phep.pdf", WINDOWS_EXE, "không phải là PDF hoặc ảnh hợp lệ"),
        ("kiem-nghiem.pdf", LINUX_ELF, "không phải là PDF hoặc ảnh hợp lệ"),
        ("ghi-chu.pdf", "Đây là văn bản thường, không phải PDF".encode(), "không phải là PDF hoặc ảnh hợp lệ"),
        ("anh.gif", b"GIF89a\x01\x00\x01\x00\x80\x00\x00" + b"\x00" * 40, "không phải là PDF hoặc ảnh hợp lệ"),
        ("rong.pdf", b"", "rỗng"),
    ],
)
def test_it_refuses_a_file_whose_content_is_not_pdf_or_an_image(draft, name, content, message):
    files_before = _stored_files()
    with pytest.raises(ValidationError) as error:
        services.evidence_upload(
            actor=None, dossier=draft, item_key="business_registration",
            file=SimpleUploadedFile(name, content, content_type="application/pdf"),
        )
    assert message in " ".join(error.value.messages)
    assert "Chỉ nhận PDF" in " ".join(error.value.messages) or message == "rỗng"
    assert not EvidenceDocument.objects.filter(producer=draft.producer).exists()
    assert _stored_files() == files_before


@pytest.mark.django_db
def test_it_refuses_an_oversized_file_and_stores_nothing(draft, settings):
    settings.MAX_DOCUMENT_UPLOAD_BYTES = 1024
    big = SimpleUploadedFile("lon.pdf", b"%PDF-1.4\n" + b"0" * 4096, content_type="application/pdf")
    with pytest.raises(ValidationError) as error:
        services.evidence_upload(actor=None, dossier=draft, item_key="lab_results", file=big)
    assert "quá lớn" in error.value.messages[0]
    assert "dung lượng tối đa" in error.value.messages[0]
    assert not EvidenceDocument.objects.exists() or not EvidenceDocument.objects.filter(producer=draft.producer).exists()


@pytest.mark.django_db
def test_the_upload_page_says_why_an_executable_renamed_pdf_is_refused(client_for, demo):
    dossier = Dossier.objects.get(product__name="Mật ong rừng Đăk Kôi")
    before = EvidenceDocument.objects.count()
    response = client_for("chuthe1").post(
        reverse("evaluation:evidence_upload", args=[dossier.pk]),
        {"item_key": "lab_results", "file": SimpleUploadedFile("phieu-kiem-nghiem.pdf", WINDOWS_EXE)},
        follow=True,
    )
    assert response.status_code == 200
    text = response.content.decode()
    assert "Không lưu được tài liệu" in text
    assert "không phải là PDF hoặc ảnh hợp lệ" in text
    assert EvidenceDocument.objects.count() == before


@pytest.mark.django_db
@pytest.mark.parametrize(
    "upload, content_type, suffix",
    [
        (lambda: pdf_upload("a.PDF"), "application/pdf", ".pdf"),
        (lambda: image_upload("b.png", "PNG"), "image/png", ".png"),
        (lambda: image_upload("c.jpeg", "JPEG"), "image/jpeg", ".jpg"),
        (lambda: image_upload("d.webp", "WEBP"), "image/webp", ".webp"),
        # The name lies the other way round: the content decides.
        (lambda: image_upload("anh-scan.pdf", "PNG"), "image/png", ".png"),
    ],
)
def test_it_accepts_pdf_and_images_and_names_them_by_content(draft, upload, content_type, suffix):
    document = services.evidence_upload(actor=None, dossier=draft, item_key="promotion", file=upload())
    assert document.content_type == content_type
    assert document.file.name.endswith(suffix)
    assert Path(private_storage.path(document.file.name)).is_file()
    assert len(document.sha256) == 64
    assert draft.documents.filter(pk=document.pk).exists()


@pytest.mark.django_db
def test_it_stores_evidence_outside_the_public_media_folder(draft, settings):
    document = services.evidence_upload(actor=None, dossier=draft, item_key="promotion", file=pdf_upload())
    path = Path(private_storage.path(document.file.name)).resolve()
    assert Path(settings.MEDIA_ROOT).resolve() not in path.parents


@pytest.mark.django_db
def test_it_reuses_a_still_valid_document_in_the_next_dossier_without_uploading_again():
    producer_commune = current_dakkoi()
    first = make_product(commune=producer_commune)
    second = make_product(commune=producer_commune, producer=first.producer)
    dossier_a = complete_dossier(first, filed_on=date(2026, 10, 1))
    shared = dossier_a.documents.get(item_key="business_registration")
    assert shared.product_id is None  # producer-wide: stored once for every product
    product_only = dossier_a.documents.get(item_key="lab_results")
    count = EvidenceDocument.objects.count()

    dossier_b = services.dossier_create(actor=None, product=second, kind=DossierKind.FIRST, filed_on=date(2026, 10, 2))
    assert shared in dossier_b.documents.all()
    assert product_only not in dossier_b.documents.all()  # another product's lab results
    assert EvidenceDocument.objects.count() == count  # nothing uploaded twice


@pytest.mark.django_db
def test_a_reevaluation_reuses_valid_documents_and_leaves_expired_ones_behind():
    product = make_product(commune=current_dakkoi())
    first = complete_dossier(product, filed_on=date(2026, 6, 1))
    expired = services.evidence_upload(
        actor=None, dossier=first, item_key="quality_declaration", file=pdf_upload("cong-bo-cu.pdf"),
        title="Bản tự công bố cũ", expires_on=date(2026, 8, 31),
    )
    put_in_state(first, DossierState.WITHDRAWN)
    previous_text = first.results_market

    class Certificate:  # what ocop.certificates passes: anything with .pk, .product, .expires_on
        pk = 42
        expires_on = date(2027, 4, 30)

    Certificate.product = product
    again = services.dossier_start_reevaluation(
        actor=None, certificate_or_product=Certificate(), filed_on=date(2026, 11, 20)
    )
    assert again.kind == DossierKind.REEVALUATION
    assert again.certificate_ref == 42 and again.certificate_expires_on == date(2027, 4, 30)
    assert again.results_market == previous_text  # pre-filled from the last dossier
    attached = set(again.documents.values_list("item_key", flat=True))
    assert {"business_registration", "production_conditions", "lab_results"} <= attached
    assert expired not in again.documents.all()
    problems = dossier_missing(again, today=date(2026, 11, 20))
    assert any("những thay đổi" in p for p in problems)  # Điều 6.1.c: must state what changed


@pytest.mark.django_db
def test_an_expired_document_is_flagged_and_does_not_count():
    product = make_product(commune=current_dakkoi())
    dossier = complete_dossier(product, filed_on=date(2026, 10, 1))
    assert dossier_missing(dossier, today=date(2026, 10, 1)) == []
    lab = dossier.documents.get(item_key="lab_results")
    EvidenceDocument.objects.filter(pk=lab.pk).update(expires_on=date(2026, 10, 10))
    status = {s.item.key: s for s in dossier_evidence_status(dossier=dossier, today=date(2026, 10, 11))}
    assert status["lab_results"].expired and not status["lab_results"].valid
    problems = dossier_missing(dossier, today=date(2026, 10, 11))
    assert problems == [
        "Minh chứng – Phiếu kết quả kiểm nghiệm chỉ tiêu chất lượng, an toàn thực phẩm theo tiêu "
        "chuẩn công bố: tài liệu đã hết hạn ngày 10/10/2026, cần tải lên bản còn hiệu lực."
    ]
    # Valid on its last day.
    assert dossier_missing(dossier, today=date(2026, 10, 10)) == []


@pytest.mark.django_db
def test_it_refuses_submission_until_complete_with_the_list_in_vietnamese():
    product = make_product(commune=current_dakkoi())
    dossier = services.dossier_create(actor=None, product=product, kind=DossierKind.FIRST)
    with pytest.raises(ValidationError) as error:
        services.dossier_transition(actor=None, dossier=dossier, action="submit")
    messages = error.value.messages
    assert "Mẫu 01: chưa nhập chức vụ người đại diện." in messages
    assert any(m.startswith("Mẫu 02 Phần III: chưa chọn phiếu tự đánh giá") for m in messages)
    assert any(m.startswith("Minh chứng – Giấy đăng ký kinh doanh: chưa có tài liệu") for m in messages)
    assert any(m.startswith("Minh chứng – Công bố chất lượng sản phẩm") for m in messages)
    assert Dossier.objects.get(pk=dossier.pk).state == DossierState.DRAFT


@pytest.mark.django_db
def test_only_the_dossiers_readers_can_download_its_files(client_for, demo):
    dossier = Dossier.objects.get(product__name="Cà phê nhân xanh Đăk Kôi")
    document = dossier.documents.get(item_key="lab_results")
    url = reverse("evaluation:evidence_file", args=[dossier.pk, document.pk])
    response = client_for("chuthe1").get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert client_for("chuthe2").get(url).status_code == 404
    assert client_for("xa.konbraih").get(url).status_code == 404
    # A document of another producer is not served through this dossier.
    other = EvidenceDocument.objects.exclude(producer=dossier.producer).first()
    assert client_for("xa.dakkoi").get(
        reverse("evaluation:evidence_file", args=[dossier.pk, other.pk])
    ).status_code == 404


@pytest.mark.django_db
def test_it_refuses_to_change_evidence_once_submitted(demo):
    dossier = Dossier.objects.get(product__name="Cà phê nhân xanh Đăk Kôi")
    with pytest.raises(ValidationError) as error:
        services.evidence_upload(actor=None, dossier=dossier, item_key="awards", file=pdf_upload())
    assert "không sửa được" in error.value.messages[0]


@pytest.mark.django_db
def test_it_keeps_the_expiry_date_entered_with_the_upload(draft):
    later = date.today() + timedelta(days=400)
    document = services.evidence_upload(
        actor=None, dossier=draft, item_key="production_conditions", subtype="attp",
        file=pdf_upload(), issued_on=date(2026, 1, 5), expires_on=later,
    )
    assert document.expires_on == later and document.product_id is None
    with pytest.raises(ValidationError):
        services.evidence_upload(
            actor=None, dossier=draft, item_key="production_conditions", file=pdf_upload(),
            issued_on=date(2026, 1, 5), expires_on=date(2025, 1, 5),
        )
