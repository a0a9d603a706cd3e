"""Dossiers being prepared: creating (pre-filled, reusing the evidence library), editing
Mẫu 01/02, the evidence documents, and opening a re-evaluation."""

from __future__ import annotations

from datetime import date
from typing import Any

from auditlog.context import set_actor
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q

from ocop.core.registers import record_assign, record_save
from ocop.core.text import lower_first
from ocop.core.uploads import check_document_upload
from ocop.core.workflow import record_event, recorded_at
from ocop.criteria.regimes import RegimeNotFound, get_regime, regime_for
from ocop.evaluation import hooks, legal
from ocop.evaluation.completeness import part_totals_problem, self_assessment_problem
from ocop.evaluation.models import (
    CLOSED_STATES,
    EDITABLE_STATES,
    Dossier,
    DossierDocument,
    DossierKind,
    DossierState,
    EvidenceDocument,
)
from ocop.evaluation.services.numbering import _today
from ocop.evaluation.services.transitions import dossier_workflow
from ocop.territory.models import AdministrativeUnit, UnitLevel

# -- creating and editing ------------------------------------------------------------------

MAU01_FIELDS = (
    "representative_name",
    "representative_title",
    "contact_address",
    "phone",
    "email",
    "samples_offered",
)
MAU02_FIELDS = (
    "representative_gender",
    "representative_ethnicity",
    "representative_residence",
    "product_specification",
    "producer_history",
    "organisation_structure",
    "results_production",
    "results_quality",
    "results_market",
    "results_business",
    "changes_summary",
    "business_plan",
    "self_assessment",
    "self_part_totals",
)
EDITABLE_FIELDS = MAU01_FIELDS + MAU02_FIELDS
# Copied from the product's previous dossier into a new one (upgrade, re-evaluation).
PREFILL_FIELDS = tuple(
    f for f in EDITABLE_FIELDS if f not in ("samples_offered", "self_assessment", "self_part_totals", "changes_summary")
)


def _province_of(unit: AdministrativeUnit) -> AdministrativeUnit:
    node = unit
    while node is not None and node.level != UnitLevel.PROVINCE:
        node = node.parent
    if node is None:
        raise ValidationError("Không xác định được tỉnh của xã tiếp nhận hồ sơ.")
    return node


def commune_on(product, day: date) -> AdministrativeUnit:
    """The commune that receives a dossier filed on `day`: the product's commune if it was
    valid then, else the unit it became (a 2026 dossier of a product registered under a
    commune merged on 1/7/2025 goes to today's commune)."""
    from ocop.territory.selectors import current_units_map

    commune = product.commune
    if commune.is_valid_on(day):
        return commune
    successors = current_units_map([commune.pk], on=day).get(commune.pk) or []
    return successors[0] if successors else commune


def _latest_self_assessment(product, regime):
    from ocop.criteria.selectors import latest_self_assessments

    if regime.criteria_version is None:
        return None
    assessment = latest_self_assessments([product.pk]).get(product.pk)
    if (
        assessment is not None
        and assessment.criteria_version == regime.criteria_version
        and assessment.criteria_set == product.category.criteria_set
    ):
        return assessment
    return None


def previous_dossier_of(product) -> Dossier | None:
    """The product's last dossier to pre-fill from: the last one that went through, else
    the last withdrawn one (its texts are still the producer's work)."""
    dossiers = product.dossiers.order_by("-filed_on", "-id")
    return dossiers.exclude(state=DossierState.WITHDRAWN).first() or dossiers.first()


def _latest_valid_library(producer, product, today: date) -> list[EvidenceDocument]:
    """The newest still-valid document per (item, subtype) of the producer's library."""
    documents = (
        EvidenceDocument.objects.filter(
            Q(product__isnull=True) | Q(product=product), producer=producer, is_archived=False
        )
        .filter(Q(expires_on__isnull=True) | Q(expires_on__gte=today))
        .order_by("item_key", "subtype", "-created_at", "-id")
    )
    chosen: dict[tuple[str, str], EvidenceDocument] = {}
    for document in documents:
        chosen.setdefault((document.item_key, document.subtype), document)
    return list(chosen.values())


@transaction.atomic
def dossier_create(
    *,
    actor,
    product,
    kind: str,
    filed_on: date | None = None,
    is_sample: bool = False,
    previous_dossier: Dossier | None = None,
    certificate_ref: int | None = None,
    certificate_expires_on: date | None = None,
    **fields,
) -> Dossier:
    """Open a draft dossier for `product`, judged under the regime of the filing date.

    Mẫu 01/02 are pre-filled from the producer, and from the product's previous dossier
    when there is one; still-valid documents of the evidence library are attached, so
    nothing valid is uploaded twice; the product's latest matching self-assessment is
    linked (Mẫu 02 Phần III).
    """
    filed_on = filed_on or _today()
    if kind not in DossierKind.values:
        raise ValidationError({"kind": "Lần đăng ký không hợp lệ."})
    try:
        regime = regime_for(filed_on)
    except RegimeNotFound as exc:
        raise ValidationError(str(exc)) from exc
    open_dossier = product.dossiers.exclude(state__in=sorted(CLOSED_STATES)).first()
    if open_dossier is not None:
        raise ValidationError(
            f"Sản phẩm “{product.name}” đang có hồ sơ chưa hoàn tất "
            f"({lower_first(open_dossier.get_state_display())}); không thể lập thêm hồ sơ mới."
        )
    producer = product.producer
    commune = commune_on(product, filed_on)
    if previous_dossier is None:
        previous_dossier = previous_dossier_of(product)
    values: dict[str, Any] = {
        "representative_name": producer.representative_name,
        "contact_address": f"{producer.address}, {commune.name}" if producer.address else commune.name,
        "phone": producer.phone,
        "email": producer.email,
        "representative_gender": producer.get_representative_gender_display(),
        "representative_ethnicity": producer.representative_ethnicity,
        "product_specification": product.description,
        "samples_offered": legal.samples_default(regime.key, product.category.criteria_set),
    }
    if previous_dossier is not None:
        for name in PREFILL_FIELDS:
            value = getattr(previous_dossier, name)
            if value not in (None, ""):
                values[name] = value
    values.update(fields)
    unknown = set(values) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"Unknown dossier fields: {sorted(unknown)}")
    if "self_assessment" not in fields:
        values["self_assessment"] = _latest_self_assessment(product, regime)
    dossier = Dossier(
        product=product,
        producer=producer,
        commune=commune,
        province=_province_of(commune),
        kind=kind,
        regime_key=regime.key,
        filed_on=filed_on,
        previous_dossier=previous_dossier,
        certificate_ref=certificate_ref,
        certificate_expires_on=certificate_expires_on,
        is_sample=is_sample,
        created_by=actor,
        **values,
    )
    _validate_fields(dossier)
    dossier.full_clean()
    dossier.refresh_search_text()
    with set_actor(actor):
        dossier.save()
    for document in _latest_valid_library(producer, product, filed_on):
        DossierDocument.objects.create(dossier=dossier, document=document, attached_by=actor)
    record_event(
        dossier_workflow,
        dossier,
        action="create",
        actor=actor,
        data={"regime": regime.key, "reused_documents": dossier.attachments.count()},
        at=recorded_at(filed_on),
    )
    return dossier


def _validate_fields(dossier: Dossier) -> None:
    errors: dict[str, str] = {}
    criteria_set = dossier.product.category.criteria_set
    if dossier.samples_offered is not None:
        if legal.samples_exempt(dossier.regime_key, criteria_set) and dossier.samples_offered:
            errors["samples_offered"] = (
                "Sản phẩm dịch vụ du lịch (bộ 26) không gửi sản phẩm mẫu (QĐ 26/2026 Điều 6.2.d)."
            )
    if dossier.self_assessment_id is not None:
        problem = self_assessment_problem(dossier, dossier.self_assessment)
        if problem:
            errors["self_assessment"] = problem
    if dossier.self_part_totals:
        # Drafts (Mẫu 02 in steps) may hold some parts; submission needs all of them.
        problem = part_totals_problem(dossier, dossier.self_part_totals, partial=True)
        if problem:
            errors["self_part_totals"] = problem[0].upper() + problem[1:] + "."
    if errors:
        raise ValidationError(errors)


def _require_editable(dossier: Dossier) -> None:
    if dossier.state not in EDITABLE_STATES:
        raise ValidationError(
            f"Hồ sơ đang ở trạng thái «{dossier.get_state_display()}», không sửa được."
        )


@transaction.atomic
def dossier_update(*, actor, dossier: Dossier, **fields) -> Dossier:
    """Change Mẫu 01/02 contents while the dossier is a draft or returned for completion.
    The regime, product and kind never change."""
    _require_editable(dossier)
    record_assign(dossier, fields, EDITABLE_FIELDS)
    _validate_fields(dossier)
    return record_save(dossier, actor=actor)


# -- evidence ------------------------------------------------------------------------------

@transaction.atomic
def evidence_upload(
    *,
    actor,
    dossier: Dossier,
    item_key: str,
    file,
    title: str = "",
    subtype: str = "",
    issued_on: date | None = None,
    expires_on: date | None = None,
    is_sample: bool = False,
) -> EvidenceDocument:
    """Store a document ONCE in the producer's library and attach it to `dossier`.

    Producer-wide items (business registration, production conditions…) are stored without
    a product so every other dossier of the producer can reuse them.
    """
    from ocop.evaluation.checklist import checklist_for

    _require_editable(dossier)
    try:
        item = checklist_for(dossier.regime_key).item(item_key)
    except KeyError as exc:
        raise ValidationError({"item_key": "Mục minh chứng không hợp lệ."}) from exc
    if subtype and subtype not in {s.key for s in item.subtypes}:
        raise ValidationError({"subtype": "Loại giấy tờ không hợp lệ."})
    if issued_on and expires_on and expires_on < issued_on:
        raise ValidationError({"expires_on": "Ngày hết hiệu lực phải sau ngày cấp."})
    checked = check_document_upload(file)
    content_type, digest, size = checked.content_type, checked.sha256, checked.size
    document = EvidenceDocument(
        producer=dossier.producer,
        product=dossier.product if item.owner == "product" else None,
        item_key=item.key,
        subtype=subtype,
        title=(title or "").strip() or item.title,
        original_name=(getattr(file, "name", "") or "")[:255],
        content_type=content_type,
        size=size,
        sha256=digest,
        issued_on=issued_on,
        expires_on=expires_on,
        uploaded_by=actor,
        is_sample=is_sample,
    )
    # The extension on disk follows the detected content, not the uploaded name.
    file.name = f"tai-lieu.{checked.extension}"
    document.file = file
    document.full_clean(exclude=["file"])
    document.save()
    DossierDocument.objects.create(dossier=dossier, document=document, attached_by=actor)
    return document


@transaction.atomic
def evidence_attach(*, actor, dossier: Dossier, document: EvidenceDocument) -> None:
    """Attach a library document (reuse) to a dossier being prepared."""
    _require_editable(dossier)
    if document.producer_id != dossier.producer_id or (
        document.product_id is not None and document.product_id != dossier.product_id
    ):
        raise ValidationError("Tài liệu này không thuộc thư viện minh chứng của sản phẩm.")
    if document.is_archived:
        raise ValidationError("Tài liệu đã được lưu trữ, không dùng lại được.")
    DossierDocument.objects.get_or_create(
        dossier=dossier, document=document, defaults={"attached_by": actor}
    )


@transaction.atomic
def evidence_detach(*, actor, dossier: Dossier, document: EvidenceDocument) -> None:
    """Remove a document from the dossier; it stays in the library."""
    _require_editable(dossier)
    DossierDocument.objects.filter(dossier=dossier, document=document).delete()



# -- re-evaluation ---------------------------------------------------------------------------

@transaction.atomic
def dossier_start_reevaluation(
    *, actor, certificate_or_product, filed_on: date | None = None, is_sample: bool = False, **fields
) -> Dossier:
    """Open a re-evaluation dossier (QĐ 26/2026 Điều 6.1.c, 7.6) from a certificate or a
    product, pre-filled from the product's last dossier, reusing every still-valid document.

    `certificate_or_product`: a Product, or any object with `.product` (a certificate of
    ocop.certificates; its `pk` is kept in `certificate_ref`, and its `expires_on` /
    `valid_until`, if any, in `certificate_expires_on`).
    """
    from ocop.products.models import Product

    if isinstance(certificate_or_product, Product):
        product, certificate = certificate_or_product, None
    else:
        certificate = certificate_or_product
        product = getattr(certificate, "product", None)
        if product is None:
            raise ValidationError("Giấy chứng nhận không gắn với sản phẩm nào.")
    expires_on = None
    if certificate is not None:
        expires_on = getattr(certificate, "expires_on", None) or getattr(certificate, "valid_until", None)
    previous = previous_dossier_of(product)
    return dossier_create(
        actor=actor,
        product=product,
        kind=DossierKind.REEVALUATION,
        filed_on=filed_on,
        is_sample=is_sample,
        previous_dossier=previous,
        certificate_ref=certificate.pk if certificate is not None else None,
        certificate_expires_on=expires_on,
        **fields,
    )


def current_certificate_of(product):
    """The product's certificate in force (the certificate register, see hooks.py), or None."""
    return hooks.current_certificate_of(product)


def dossier_file(*, actor, product, kind: str, **fields) -> Dossier:
    """What the "Lập hồ sơ" page calls: a re-evaluation starts from the product's current
    certificate when the certificates app knows one (so the certificate is told when the
    dossier is submitted); any other dossier is a plain `dossier_create`."""
    if kind == DossierKind.REEVALUATION:
        certificate = current_certificate_of(product)
        return dossier_start_reevaluation(
            actor=actor, certificate_or_product=certificate or product, **fields
        )
    return dossier_create(actor=actor, product=product, kind=kind, **fields)


def reevaluation_window_warning(dossier: Dossier) -> str:
    """A warning when a re-evaluation is filed outside 180–120 days before expiry
    (QĐ 26/2026 Điều 7.6.a); late filing keeps the certificate alive (Điều 12.3)."""
    from ocop.criteria.regimes import reevaluation_window

    if dossier.kind != DossierKind.REEVALUATION or dossier.certificate_expires_on is None:
        return ""
    try:
        earliest, latest = reevaluation_window(
            dossier.certificate_expires_on, get_regime(dossier.regime_key)
        )
    except RegimeNotFound:
        return ""
    day = dossier.submitted_on or dossier.filed_on
    if day < earliest:
        return (
            f"Nộp sớm: hồ sơ đánh giá lại nộp không sớm hơn ngày {earliest:%d/%m/%Y} "
            "(180 ngày trước khi giấy chứng nhận hết hạn – QĐ 26/2026 Điều 7.6.a)."
        )
    if day > latest:
        return (
            f"Nộp muộn: hạn nộp là ngày {latest:%d/%m/%Y} (120 ngày trước khi hết hạn – Điều "
            "7.6.a); giấy chứng nhận tiếp tục hiệu lực đến khi có kết quả, tối đa 180 ngày sau "
            "ngày hết hạn (Điều 12.3)."
        )
    return ""
