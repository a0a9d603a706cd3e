"""Helpers that build dossiers for the tests, through the real services."""

from __future__ import annotations

import io
from datetime import date

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from ocop.accounts.models import Role, User
from ocop.accounts.services import role_assign
from ocop.criteria.services import self_assessment_save
from ocop.evaluation import services
from ocop.evaluation.demo import MAU02_TEXT, sample_pdf, sample_sheet
from ocop.evaluation.models import CommuneReport, Dossier, DossierKind
from ocop.products.models import ProductCategory
from tests.factories import ProducerFactory, ProductFactory, current_commune, legacy_commune

REPORT_TEXT = {
    "local_materials": "Nguyên liệu trồng tại xã.",
    "local_labour": "Lao động là người địa phương.",
    "idea_origin": "Sản phẩm truyền thống.",
    "local_identity": "Tri thức bản địa của đồng bào Xơ Đăng.",
}


def pdf_upload(name: str = "tai-lieu.pdf", text: str = "sample") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, sample_pdf(text), content_type="application/pdf")


def image_upload(name: str = "anh.png", fmt: str = "PNG") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), (20, 120, 40)).save(buffer, format=fmt)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=f"image/{fmt.lower()}")


def make_product(*, commune, criteria_set: int = 13, producer=None, name: str | None = None):
    producer = producer or ProducerFactory(commune=commune)
    kwargs = {"producer": producer, "commune": commune, "category": ProductCategory.objects.get(criteria_set=criteria_set)}
    if name:
        kwargs["name"] = name
    return ProductFactory(**kwargs)


def legacy_dakkoi():
    return legacy_commune("23482")


def current_dakkoi():
    return current_commune("23485")


def producer_user(producer, username: str) -> User:
    user = User.objects.create_user(username=username, password="x", full_name=f"Chủ thể {username}")
    role_assign(actor=None, user=user, role=Role.PRODUCER, producer=producer)
    return user


REQUIRED_UPLOADS = {
    # criteria set → the documents completeness needs (see data/evidence.json)
    "food": [
        ("business_registration", ""),
        ("production_conditions", "attp"),
        ("quality_declaration", ""),
        ("lab_results", ""),
    ],
    "tourism": [("business_registration", "")],
}


def complete_dossier(
    product, *, actor=None, filed_on: date | None = None, kind: str = DossierKind.FIRST, uploads=None
) -> Dossier:
    """A draft with Mẫu 01/02 filled in, a self-assessment and the required evidence."""
    dossier = services.dossier_create(actor=actor, product=product, kind=kind, filed_on=filed_on)
    fields = dict(MAU02_TEXT)
    if not dossier.phone:
        fields["phone"] = "0912345678"
    if kind != DossierKind.FIRST:
        fields["changes_summary"] = "Thay đổi bao bì, bổ sung phiếu kiểm nghiệm định kỳ."
    if dossier.regime_key == "qd26-2026":
        fields["self_assessment"] = self_assessment_save(
            actor=actor, product=product, points=sample_sheet(product.category.criteria_set)
        )
    else:
        fields["self_part_totals"] = {"A": "30", "B": "18", "C": "25"}
    services.dossier_update(actor=actor, dossier=dossier, **fields)
    if uploads is None:
        uploads = REQUIRED_UPLOADS["tourism" if product.category.criteria_set == 26 else "food"]
    present = set(dossier.documents.values_list("item_key", flat=True))
    for item_key, subtype in uploads:
        if item_key in present:
            continue
        services.evidence_upload(
            actor=actor, dossier=dossier, item_key=item_key, subtype=subtype,
            file=ContentFile(sample_pdf(item_key), name=f"{item_key}.pdf"),
        )
    return Dossier.objects.get(pk=dossier.pk)


def fill_commune_report(dossier, *, samples: int | None = None) -> CommuneReport:
    if samples is None:
        samples = 0 if dossier.product.category.criteria_set == 26 else 5
    report, _ = CommuneReport.objects.update_or_create(
        dossier=dossier,
        defaults={
            **REPORT_TEXT,
            "report_number": "7/BC-UBND",
            "signer_name": "Nguyễn Văn Phong",
            "letter_number": "15/UBND",
            "letter_date": date(2026, 11, 2),
            "samples_count": samples,
        },
    )
    return report


def put_in_state(dossier: Dossier, state: str, **fields) -> Dossier:
    """Jump a complete dossier to `state` (test setup only: real code uses the workflow)."""
    fill_commune_report(dossier)
    Dossier.objects.filter(pk=dossier.pk).update(state=state, **fields)
    return Dossier.objects.select_related("product__category", "commune", "province", "producer").get(pk=dossier.pk)
