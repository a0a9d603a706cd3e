"""Writes of the certificate register: validated, atomic, with the acting user recorded.

The council/decision workflow (evaluation app) creates decisions and certificates through
`decision_create` and `certificate_issue`; the dossier workflow records re-evaluations with
`certificate_mark_reevaluation_filed` / `certificate_mark_reevaluation_decided` after
asking `ocop.certificates.validity.reevaluation_allowed`. See docs/certificates.md §8.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from auditlog.context import set_actor
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from ocop.certificates import issuing, legal, validity
from ocop.certificates.models import (
    Certificate,
    CertificateEvent,
    DecisionLevel,
    RecognitionDecision,
    RecordSource,
    Revocation,
    number_key,
    unique_public_codes,
)
from ocop.certificates.selectors import product_recipients
from ocop.certificates.workflow import certificate_move
from ocop.core.registers import record_save
from ocop.core.text import format_date_vn
from ocop.core.uploads import check_document_upload
from ocop.products.models import Product


def _event(certificate, kind, on, *, actor, note: str = "", from_state: str = "") -> CertificateEvent:
    """The history row of a move in the certificate workflow (workflow.py: checked against
    its transition table; `from_state` is the register state before the change)."""
    return certificate_move(certificate, kind, on, actor=actor, note=note, from_state=from_state)


# -- decisions and certificates ------------------------------------------------------------


@transaction.atomic
def decision_create(
    *,
    actor,
    number: str,
    decided_on: date,
    level: str,
    issuing_unit=None,
    regime_key: str | None = None,
    issuer_name: str = "",
    signer: str = "",
    source: str = RecordSource.ISSUED,
    is_sample: bool = False,
) -> RecognitionDecision:
    """Record a recognition decision (quyết định công nhận).

    `level` is "district" (before 1/7/2025), "province" or "central"; `issuing_unit` the
    province (or legacy district) of the issuing People's Committee, None for the central
    level; `regime_key` the regime the dossiers were judged under (default: the newest regime
    in force on `decided_on` that has the level).
    """
    if level not in DecisionLevel.values:
        raise ValidationError({"level": "Cấp công nhận không hợp lệ."})
    regime_key = regime_key or legal.regime_for_decision(decided_on, level)
    if regime_key is None:
        raise ValidationError({"level": legal.level_gone_message(level, decided_on)})
    if not issuer_name:
        if issuing_unit is not None:
            issuer_name = f"UBND {issuing_unit.name[:1].lower()}{issuing_unit.name[1:]}"
        else:
            issuer_name = legal.level_name(regime_key, level)
    decision = RecognitionDecision(
        number=number.strip(),
        number_key=number_key(number),
        decided_on=decided_on,
        level=level,
        issuing_unit=issuing_unit,
        issuer_name=issuer_name,
        regime_key=regime_key,
        signer=signer,
        source=source,
        is_sample=is_sample,
        created_by=actor,
    )
    decision = record_save(decision, actor=actor)
    # Signed by the issuing body once the decision and its certificates are committed.
    issuing.schedule_decision(actor=actor, decision=decision)
    return decision


@transaction.atomic
def certificate_issue(
    *,
    actor,
    decision: RecognitionDecision,
    product: Product,
    number: str,
    stars: int,
    score: Decimal | None = None,
    issued_on: date | None = None,
    replaces: Certificate | None = None,
    source: str = RecordSource.ISSUED,
    is_sample: bool = False,
) -> Certificate:
    """Issue (or record) a certificate under `decision`; expiry from the decision's regime.

    `replaces` is the product's previous certificate when this one results from a
    re-evaluation or an upgrade: it is marked replaced from `issued_on`, and a pending
    re-evaluation on it is closed that day.
    """
    issued_on = issued_on or decision.decided_on
    errors: dict[str, str] = {}
    if stars not in (3, 4, 5):
        errors["stars"] = "Chỉ sản phẩm 3, 4, 5 sao được cấp giấy chứng nhận (QĐ 26/2026 Điều 4.1.a)."
    elif not legal.stars_allowed(decision.regime_key, decision.level, stars):
        errors["stars"] = (
            f"{decision.get_level_display()} theo {decision.regime_name} không công nhận sản phẩm {stars} sao."
        )
    if score is not None and stars in (3, 4, 5):
        band = legal.band_stars(decision.regime_key, score)
        if band is None or band < stars:
            errors["score"] = f"Điểm {score} chỉ đạt hạng {band} sao, không đủ cho {stars} sao (QĐ 26/2026 Điều 3.3)."
    key = number_key(number)
    if Certificate.objects.filter(
        number_key=key, decision__level=decision.level, decision__issuing_unit=decision.issuing_unit_id
    ).exists():
        errors["number"] = f"Số giấy chứng nhận {number} đã có trong sổ của cơ quan ban hành này."
    if Certificate.objects.filter(decision=decision, product=product).exists():
        errors["product"] = "Sản phẩm đã có giấy chứng nhận theo quyết định này."
    if replaces is not None and replaces.product_id != product.pk:
        errors["product"] = "Giấy chứng nhận được thay thế phải là của cùng sản phẩm."
    if errors:
        raise ValidationError(errors)
    certificate = Certificate(
        decision=decision,
        product=product,
        product_name=product.name,
        producer_name=product.producer.name,
        number=number.strip(),
        number_key=key,
        stars=stars,
        score=score,
        issued_on=issued_on,
        expires_on=legal.expiry_date(issued_on, decision.regime_key),
        public_code=unique_public_codes(1)[0],
        source=source,
        is_sample=is_sample,
        created_by=actor,
    )
    certificate.full_clean(exclude=["public_code"])
    certificate.refresh_search_text()
    with set_actor(actor):
        certificate.save()
    kind = CertificateEvent.Kind.IMPORTED if source == RecordSource.IMPORTED else CertificateEvent.Kind.ISSUED
    _event(certificate, kind, issued_on, actor=actor, note=str(decision))
    if replaces is not None:
        replaces = Certificate.objects.select_for_update().get(pk=replaces.pk)
        before = replaces.register_state
        replaces.replaced_by = certificate
        replaces.replaced_on = issued_on
        if validity.reevaluation_pending(replaces, issued_on):
            replaces.reevaluation_decided_on = issued_on
        with set_actor(actor):
            replaces.save(update_fields=["replaced_by", "replaced_on", "reevaluation_decided_on", "updated_at"])
        _event(
            replaces, CertificateEvent.Kind.REPLACED, issued_on, actor=actor,
            note=f"Thay bằng giấy số {certificate.number}", from_state=before,
        )
    issuing.schedule_certificate(actor=actor, certificate=certificate)
    return certificate


@transaction.atomic
def certificate_mark_reevaluation_filed(
    *, actor, certificate: Certificate, filed_on: date, reference: str = ""
) -> Certificate:
    """Record that a re-evaluation dossier was filed (QĐ 26/2026 Điều 7.6).

    Refused unless `reevaluation_allowed(certificate, filed_on)`; from then on the
    certificate counts as pending (valid, or extended after expiry under Điều 12.3).
    """
    certificate = Certificate.objects.select_for_update().get(pk=certificate.pk)
    allowed, reason = validity.reevaluation_allowed(certificate, filed_on)
    if not allowed:
        raise ValidationError(reason)
    if filed_on > timezone.localdate():
        raise ValidationError("Ngày nộp hồ sơ không được ở tương lai.")
    before = certificate.register_state
    certificate.reevaluation_filed_on = filed_on
    certificate.reevaluation_decided_on = None
    certificate.reevaluation_reference = reference
    with set_actor(actor):
        certificate.save(
            update_fields=["reevaluation_filed_on", "reevaluation_decided_on", "reevaluation_reference", "updated_at"]
        )
    _event(
        certificate, CertificateEvent.Kind.REEVALUATION_FILED, filed_on, actor=actor, note=reference,
        from_state=before,
    )
    return certificate


@transaction.atomic
def reevaluation_dossier_start(*, actor, certificate: Certificate, on: date | None = None):
    """Open a re-evaluation dossier from a certificate (QĐ 26/2026 Điều 7.6): refused unless
    `reevaluation_allowed` on that day; the dossier is pre-filled from the product's last one
    and reuses every still-valid document (ocop.evaluation). The producer and the commune
    are told, since they complete and submit it."""
    from ocop.evaluation.services import dossier_start_reevaluation
    from ocop.notifications.services import notify

    on = on or timezone.localdate()
    certificate = Certificate.objects.select_for_update().select_related("product").get(pk=certificate.pk)
    allowed, reason = validity.reevaluation_allowed(certificate, on)
    if not allowed:
        raise ValidationError(reason)
    dossier = dossier_start_reevaluation(actor=actor, certificate_or_product=certificate, filed_on=on)
    recipients = [user for user in product_recipients([certificate.product]).get(certificate.product_id, []) if user != actor]
    notify(
        recipients=recipients,
        title=f"Đã lập hồ sơ đánh giá lại “{certificate.product.name}”",
        body=(
            f"Giấy chứng nhận số {certificate.number} hết hạn ngày {format_date_vn(certificate.expires_on)}. "
            "Hồ sơ đã điền sẵn từ lần trước và dùng lại tài liệu còn hiệu lực; hãy hoàn thiện rồi nộp UBND xã."
        ),
        url=reverse("evaluation:detail", args=[dossier.pk]),
        event_key=f"dossier:{dossier.pk}:reevaluation-opened",
    )
    return dossier


@transaction.atomic
def certificate_mark_reevaluation_decided(
    *, actor, certificate: Certificate, decided_on: date, recognised: bool, note: str = ""
) -> Certificate:
    """Record the result of the pending re-evaluation.

    Recognised: issue the new certificate with `certificate_issue(..., replaces=certificate)`
    (which also closes the re-evaluation); call this only for a result that is not a new
    certificate, or to record the date explicitly. Not recognised: the Điều 12.3 extension
    ends that day; a certificate not yet expired runs to its expiry date.
    """
    certificate = Certificate.objects.select_for_update().get(pk=certificate.pk)
    if not validity.reevaluation_pending(certificate, decided_on):
        raise ValidationError("Giấy chứng nhận không có hồ sơ đánh giá lại đang chờ kết quả vào ngày này.")
    before = certificate.register_state
    certificate.reevaluation_decided_on = decided_on
    with set_actor(actor):
        certificate.save(update_fields=["reevaluation_decided_on", "updated_at"])
    outcome = "Được công nhận lại" if recognised else "Không được công nhận lại"
    _event(
        certificate, CertificateEvent.Kind.REEVALUATION_DECIDED, decided_on, actor=actor,
        note=f"{outcome}. {note}".strip(), from_state=before,
    )
    return certificate


# -- revocation (QĐ 26/2026 Điều 8) -------------------------------------------------------


def _store_evidence(revocation: Revocation, evidence) -> None:
    extension = check_document_upload(evidence).extension
    revocation.evidence_name = evidence.name[:255]
    evidence.name = f"minh-chung.{extension}"
    revocation.evidence = evidence


@transaction.atomic
def revocation_propose(
    *,
    actor,
    certificate: Certificate,
    ground: str,
    facts: str,
    conclusion_reference: str,
    conclusion_on: date,
    evidence=None,
    is_sample: bool = False,
) -> Revocation:
    """Propose revoking a certificate (Điều 8.3.a); the deadline is 15 days from the
    conclusion (Điều 8.4, regimes.json), the competent authority follows the stars (8.2)."""
    errors: dict[str, str] = {}
    if ground not in {g.key for g in legal.revocation_grounds()}:
        errors["ground"] = "Hãy chọn một căn cứ thu hồi tại khoản 1 Điều 8."
    if not facts.strip():
        errors["facts"] = "Hãy ghi nội dung vi phạm, kết quả kiểm tra, xác minh."
    if conclusion_on > timezone.localdate():
        errors["conclusion_on"] = "Ngày có kết luận không được ở tương lai."
    if conclusion_on < certificate.issued_on:
        errors["conclusion_on"] = "Ngày có kết luận phải sau ngày cấp giấy chứng nhận."
    if certificate.revoked_on is not None:
        errors["__all__"] = "Giấy chứng nhận này đã bị thu hồi."
    elif certificate.revocations.filter(status=Revocation.Status.PROPOSED).exists():
        errors["__all__"] = "Giấy chứng nhận này đang có một đề nghị thu hồi chưa được quyết định."
    if errors:
        raise ValidationError(errors)
    revocation = Revocation(
        certificate=certificate,
        ground=ground,
        facts=facts.strip(),
        conclusion_reference=conclusion_reference.strip(),
        conclusion_on=conclusion_on,
        deadline=legal.revocation_deadline(conclusion_on),
        authority=legal.revocation_authority(certificate.stars).authority,
        proposed_by=actor,
        is_sample=is_sample,
    )
    if evidence is not None:
        _store_evidence(revocation, evidence)
    revocation.full_clean(exclude=["evidence"])
    with set_actor(actor):
        revocation.save()
    ground_info = legal.revocation_ground(ground)
    _event(
        certificate, CertificateEvent.Kind.REVOCATION_PROPOSED, conclusion_on, actor=actor,
        note=f"Căn cứ điểm {ground_info.label} khoản 1 Điều 8; hạn quyết định {format_date_vn(revocation.deadline)}.",
    )
    return revocation


@transaction.atomic
def revocation_decide(
    *, actor, revocation: Revocation, decision_number: str, decided_on: date, signer: str = ""
) -> Revocation:
    """Record the revocation decision: from `decided_on` the certificate is revoked
    everywhere (status, lists, public page); the producer's users and the commune officers
    are notified (Điều 8.3.c: the decision is sent to the producer)."""
    revocation = Revocation.objects.select_for_update().select_related("certificate").get(pk=revocation.pk)
    errors: dict[str, str] = {}
    if revocation.status != Revocation.Status.PROPOSED:
        errors["__all__"] = "Đề nghị này không còn chờ quyết định."
    if not decision_number.strip():
        errors["decision_number"] = "Hãy nhập số quyết định thu hồi."
    if decided_on < revocation.conclusion_on:
        errors["decided_on"] = "Ngày quyết định không được trước ngày có kết luận."
    if decided_on > timezone.localdate():
        errors["decided_on"] = "Ngày quyết định không được ở tương lai."
    if errors:
        raise ValidationError(errors)
    revocation.status = Revocation.Status.DECIDED
    revocation.decision_number = decision_number.strip()
    revocation.decided_on = decided_on
    revocation.signer = signer.strip()
    revocation.decided_by = actor
    certificate = revocation.certificate
    before = certificate.register_state
    certificate.revoked_on = decided_on
    with set_actor(actor):
        revocation.save()
        certificate.save(update_fields=["revoked_on", "updated_at"])
    late = ""
    if decided_on > revocation.deadline:
        late = f" (quá hạn 15 ngày: hạn là {format_date_vn(revocation.deadline)})"
    _event(
        certificate, CertificateEvent.Kind.REVOKED, decided_on, actor=actor,
        note=f"Quyết định số {revocation.decision_number}{late}.", from_state=before,
    )
    from ocop.certificates.selectors import certificate_recipients
    from ocop.notifications.services import notify

    recipients = certificate_recipients([certificate]).get(certificate.pk, [])
    notify(
        recipients=recipients,
        title=f"Giấy chứng nhận OCOP số {certificate.number} đã bị thu hồi",
        body=(
            f"Sản phẩm “{certificate.product_name}” bị thu hồi giấy chứng nhận OCOP {certificate.stars} sao "
            f"theo Quyết định số {revocation.decision_number} ngày {format_date_vn(decided_on)} "
            f"(điểm {revocation.ground_info.label} khoản 1 Điều 8 QĐ 26/2026/QĐ-TTg). "
            "Chủ thể không được tiếp tục sử dụng nhãn hiệu OCOP cho sản phẩm này."
        ),
        url=reverse("certificates:detail", args=[certificate.pk]),
        event_key=f"cert:{certificate.pk}:revoked",
    )
    return revocation


@transaction.atomic
def revocation_cancel(*, actor, revocation: Revocation, reason: str) -> Revocation:
    revocation = Revocation.objects.select_for_update().get(pk=revocation.pk)
    if revocation.status != Revocation.Status.PROPOSED:
        raise ValidationError("Đề nghị này không còn chờ quyết định.")
    if not reason.strip():
        raise ValidationError({"cancel_reason": "Hãy ghi lý do hủy đề nghị."})
    revocation.status = Revocation.Status.CANCELLED
    revocation.cancel_reason = reason.strip()
    with set_actor(actor):
        revocation.save()
    _event(
        revocation.certificate, CertificateEvent.Kind.REVOCATION_CANCELLED, timezone.localdate(),
        actor=actor, note=reason.strip(),
    )
    return revocation
