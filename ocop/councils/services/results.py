"""After the council: forwarding to the upper level, its result, decisions recognising
products (certificates issued), not recognising, and the advisory team's records."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from ocop.councils import access
from ocop.councils.models import AdvisoryRecord, Council, CouncilEvaluation, CouncilKind, Outcome
from ocop.councils.services.moves import (
    DECISION_LEVELS,
    council_transition,
    notify_users,
    regime_level,
    scoring_event_record,
)
from ocop.criteria import engine
from ocop.criteria.regimes import get_regime
from ocop.evaluation.models import Dossier, DossierState


def _require_office(actor, evaluation) -> None:
    if actor is not None and not access.can_manage(actor, evaluation.council):
        raise ValidationError("Chỉ cơ quan tham mưu quản lý OCOP được thực hiện việc này.")


def _stakeholders(dossier):
    from ocop.evaluation.services import dossier_stakeholders

    return dossier_stakeholders(dossier, ("producer", "commune"))


@transaction.atomic
def evaluation_forward(*, actor, evaluation: CouncilEvaluation, day: date | None = None, comment: str = "") -> CouncilEvaluation:
    """Send a product reaching the forwarding threshold to the upper level (QĐ 26/2026 Điều
    6.3, 7.3.e: ≥ 90 → Bộ NN&MT; QĐ 148: district ≥ 70 → province)."""
    _require_office(actor, evaluation)
    if evaluation.outcome != Outcome.FORWARD:
        raise ValidationError("Kết quả của hội đồng không thuộc trường hợp chuyển cấp trên đánh giá.")
    level = regime_level(evaluation.regime_key, evaluation.council.level)
    council_transition(evaluation.dossier, "forward_up", actor=actor, day=day,
                comment=comment or f"Chuyển hồ sơ lên cấp trên ({level.source}).",
                data={"evaluation": evaluation.pk, "to": level.forwards_to})
    notify_users(_stakeholders(evaluation.dossier), title=f"Sản phẩm “{evaluation.dossier.product.name}” được chuyển cấp trên đánh giá",
            body=f"Điểm trung bình {evaluation.average_total}. {level.source}.",
            url="", key=f"council-eval:{evaluation.pk}:forward")
    return evaluation


@transaction.atomic
def upper_result_record(*, actor, evaluation: CouncilEvaluation, total, stars: int, reference: str) -> CouncilEvaluation:
    """The provincial office enters the upper level's result for a forwarded product."""
    _require_office(actor, evaluation)
    if evaluation.dossier.state != DossierState.FORWARDED_UP:
        raise ValidationError("Hồ sơ chưa được chuyển cấp trên đánh giá.")
    try:
        total = Decimal(str(total).replace(",", "."))
    except InvalidOperation:
        raise ValidationError({"total": "Nhập số điểm."}) from None
    if not 0 <= total <= 100:
        raise ValidationError({"total": "Điểm phải từ 0 đến 100."})
    band = engine.band_for(total, get_regime(evaluation.regime_key).bands)
    if not 0 <= int(stars) <= band:
        raise ValidationError({"stars": f"Điểm {total} chỉ đạt tối đa {band} sao (Điều 3.3)."})
    evaluation.upper_total, evaluation.upper_stars = total, int(stars)
    evaluation.upper_reference = reference.strip()
    evaluation.save(update_fields=["upper_total", "upper_stars", "upper_reference", "updated_at"])
    scoring_event_record(evaluation, "upper_result", actor=actor, data={"total": str(total), "stars": int(stars), "reference": reference})
    return evaluation


def recognisable(evaluation: CouncilEvaluation) -> tuple[int | None, Decimal | None]:
    """(stars, score) this council's level may certify for the dossier, or (None, None)."""
    level = regime_level(evaluation.regime_key, evaluation.council.level)
    state = evaluation.dossier.state
    if state == DossierState.EVALUATED and evaluation.outcome == Outcome.RECOGNISE:
        return evaluation.stars, evaluation.average_total
    if state == DossierState.FORWARDED_UP and evaluation.upper_stars in level.recognises_stars:
        # QĐ 26/2026 Điều 7.4.g: under 90 at the ministry, the province may certify 3★/4★.
        return evaluation.upper_stars, evaluation.upper_total
    return None, None


@dataclass(frozen=True)
class DecisionLine:
    """One product of a recognition decision as it will be issued."""

    evaluation: CouncilEvaluation
    stars: int
    score: Decimal | None
    certificate_number: str
    expires_on: date


def decision_plan(*, actor, council: Council, evaluations, number: str, decided_on: date) -> list[DecisionLine]:
    """Check a recognition decision and say what it will issue (products, stars, scores,
    certificate numbers, expiry), without writing: the confirmation page shows this, and
    `decision_issue` issues exactly this."""
    from ocop.certificates import legal

    if actor is not None and not access.can_manage(actor, council):
        raise ValidationError("Chỉ cơ quan tham mưu quản lý OCOP được lập quyết định công nhận.")
    evaluations = list(evaluations)
    if not evaluations:
        raise ValidationError("Chọn ít nhất một sản phẩm để công nhận.")
    if not number.strip():
        raise ValidationError({"number": "Nhập số quyết định."})
    serial = number.strip().split("/")[0]
    plan = []
    for index, evaluation in enumerate(evaluations, start=1):
        if evaluation.council_id != council.pk:
            raise ValidationError("Các sản phẩm phải do cùng hội đồng đánh giá.")
        stars, score = recognisable(evaluation)
        if stars is None:
            raise ValidationError(
                f"Sản phẩm “{evaluation.dossier.product.name}” không thuộc trường hợp được công nhận ở cấp này."
            )
        plan.append(DecisionLine(
            evaluation, stars, score, f"{serial}.{index:02d}/GCN-OCOP",
            legal.expiry_date(decided_on, evaluation.regime_key),
        ))
    return plan


@transaction.atomic
def decision_issue(
    *, actor, council: Council, evaluations, number: str, decided_on: date, signer: str = "",
    is_sample: bool = False,
):
    """The recognition decision (quyết định công nhận) for the listed evaluations, one
    certificate each (certificates app: number, issue date, stars, 36 months), the dossiers
    RECOGNISED, written notice to the commune and the producer."""
    from ocop.certificates import services as certificates

    plan = decision_plan(actor=actor, council=council, evaluations=evaluations, number=number, decided_on=decided_on)
    decision = certificates.decision_create(
        actor=actor, number=number, decided_on=decided_on, level=DECISION_LEVELS[council.level],
        issuing_unit=council.unit, regime_key=plan[0].evaluation.regime_key, signer=signer, is_sample=is_sample,
    )
    for line in plan:
        evaluation, stars, score = line.evaluation, line.stars, line.score
        certificate = certificates.certificate_issue(
            actor=actor, decision=decision, product=evaluation.dossier.product,
            number=line.certificate_number, stars=stars, score=score, issued_on=decided_on,
            is_sample=is_sample,
        )
        evaluation.decision, evaluation.certificate = decision, certificate
        evaluation.save(update_fields=["decision", "certificate", "updated_at"])
        action = "recognise" if evaluation.dossier.state == DossierState.EVALUATED else "upper_recognise"
        council_transition(evaluation.dossier, action, actor=actor, day=decided_on,
                    comment=f"Quyết định số {decision.number}: {stars} sao; giấy chứng nhận số {certificate.number}.",
                    data={"decision": decision.pk, "certificate": certificate.pk, "stars": stars})
        notify_users(
            _stakeholders(evaluation.dossier),
            title=f"Sản phẩm “{evaluation.dossier.product.name}” được công nhận {stars} sao",
            body=(f"Quyết định số {decision.number} ngày {decided_on:%d/%m/%Y}; giấy chứng nhận số "
                  f"{certificate.number}, hiệu lực đến {certificate.expires_on:%d/%m/%Y} (QĐ 26/2026 Điều 7.3.đ)."),
            url=reverse("councils:product_history", args=[evaluation.dossier.product_id]),
            key=f"council-eval:{evaluation.pk}:recognised",
        )
    return decision


@transaction.atomic
def evaluation_not_recognise(*, actor, evaluation: CouncilEvaluation, comment: str = "") -> CouncilEvaluation:
    """Close a dossier the council (or the upper level) did not rate 3★ or more; the commune
    and the producer are told in writing."""
    _require_office(actor, evaluation)
    state = evaluation.dossier.state
    if state == DossierState.EVALUATED and evaluation.outcome == Outcome.NOT_RECOGNISE:
        action = "not_recognise"
    elif state == DossierState.FORWARDED_UP and evaluation.upper_stars is not None and recognisable(evaluation)[0] is None:
        action = "upper_not_recognise"
    else:
        raise ValidationError("Kết quả đánh giá không thuộc trường hợp không công nhận.")
    council_transition(evaluation.dossier, action, actor=actor, comment=comment or evaluation.conclusion)
    notify_users(_stakeholders(evaluation.dossier),
            title=f"Kết quả đánh giá sản phẩm “{evaluation.dossier.product.name}”",
            body=f"Sản phẩm đạt {evaluation.average_total} điểm, {evaluation.stars} sao: không được công nhận (QĐ 26/2026 Điều 4.1.a).",
            url="", key=f"council-eval:{evaluation.pk}:not-recognised")
    return evaluation


# -- advisory team ----------------------------------------------------------------------------


@transaction.atomic
def advisory_record_add(*, actor, council: Council, dossier: Dossier, kind: str, happened_on: date, text: str,
                        people: str = "", photo=None, is_sample: bool = False, offline_id: str = "") -> AdvisoryRecord:
    """Record the advisory team's work. `offline_id` comes with a record written offline on a
    site visit and sent later: a second copy of it returns the first record, unchanged."""
    if council.kind != CouncilKind.ADVISORY:
        raise ValidationError("Chỉ Tổ tư vấn ghi hồ sơ làm việc này.")
    if actor is not None and access.membership(actor, council) is None and not access.can_manage(actor, council):
        raise ValidationError("Bạn không thuộc Tổ tư vấn này.")
    parent = council.advisory_for
    if parent is None or dossier.round_id is None or not parent.rounds.filter(pk=dossier.round_id).exists():
        raise ValidationError("Hồ sơ không thuộc đợt đánh giá của hội đồng mà tổ tư vấn phục vụ.")
    offline_id = (offline_id or "").strip()[:64]
    if offline_id and actor is not None:
        earlier = AdvisoryRecord.objects.filter(author=actor, offline_id=offline_id).first()
        if earlier is not None:
            return earlier
    record = AdvisoryRecord(council=council, dossier=dossier, kind=kind, happened_on=happened_on, text=text.strip(),
                            people=people.strip(), author=actor, is_sample=is_sample,
                            offline_id=offline_id if actor is not None else "")
    if photo is not None:
        record.photo = photo
    record.full_clean()
    try:
        with transaction.atomic():
            record.save()
    except IntegrityError:
        # The same offline copy arrived twice at once: the other request saved it.
        return AdvisoryRecord.objects.get(author=actor, offline_id=offline_id)
    return record
