"""Sample register for the Kon Rẫy scenario (`manage.py ocop_demo`), idempotent.

Dates are chosen relative to today (`timezone.localdate()`), so the demo always shows one
certificate of each kind: valid, inside its re-evaluation window (chuthe1's coffee, Xã Đăk
Kôi), late, extended while a late re-evaluation is pending (a product of the former Xã Đắk
Tơ Lung, now Xã Đăk Kôi), expired and revoked. Certificates issued before 1/7/2025 come from
UBND huyện Kon Rẫy (3★, QĐ 148) or UBND tỉnh Kon Tum (4★); later ones from UBND tỉnh Quảng
Ngãi. The compliance documents and inspections that go with these certificates are
loaded by ocop/monitoring/demo.py, right after.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone

from ocop.certificates import services
from ocop.certificates.models import Certificate, DecisionLevel, RecognitionDecision
from ocop.criteria.regimes import add_months
from ocop.products.models import Product
from ocop.territory.demo import (
    KON_RAY_DISTRICT,
    KON_TUM_LEGACY,
    QUANG_NGAI,
    current_unit,
    legacy_unit,
)
from ocop.territory.models import UnitLevel

REFORM_DAY = date(2025, 7, 1)

# (key, product name, stars, score, expiry relative to today in days, certificate number)
DEMO_CERTIFICATES = [
    ("valid", "Sâm dây khô Kon Rẫy", 4, "78.50", 700, "01/GCN-OCOP"),
    ("valid2", "Chè dây Tân Lập", 3, "64.00", 420, "02/GCN-OCOP"),
    ("window", "Cà phê bột Robusta Đăk Kôi", 3, "66.25", 150, "03/GCN-OCOP"),
    ("late", "Mật ong hoa cà phê Đắk Pne", 3, "58.00", 60, "04/GCN-OCOP"),
    ("extended", "Cà phê hạt rang Đắk Tơ Lung", 3, "61.00", -40, "05/GCN-OCOP"),
    ("expired", "Thịt heo đen gác bếp", 3, "55.50", -100, "06/GCN-OCOP"),
    ("revoked", "Rượu cần Đắk Ruồng", 3, "57.00", 380, "07/GCN-OCOP"),
]


def issuer_for(issued_on: date, stars: int):
    """(level, issuing unit) of a plausible decision on `issued_on` for a 3★ or 4★ product
    (before 1/7/2025 the former district recognised 3★, the former province 4★)."""
    if issued_on < REFORM_DAY:
        if stars == 3:
            return DecisionLevel.DISTRICT, legacy_unit(UnitLevel.DISTRICT, KON_RAY_DISTRICT)
        return DecisionLevel.PROVINCE, legacy_unit(UnitLevel.PROVINCE, KON_TUM_LEGACY)
    return DecisionLevel.PROVINCE, current_unit(UnitLevel.PROVINCE, QUANG_NGAI)


def _decision(issued_on: date, stars: int, serial: int) -> RecognitionDecision:
    level, unit = issuer_for(issued_on, stars)
    number = f"{300 + serial}/QĐ-UBND"
    existing = RecognitionDecision.objects.filter(number=number, decided_on=issued_on, is_sample=True).first()
    if existing is not None:
        return existing
    return services.decision_create(
        actor=None,
        number=number,
        decided_on=issued_on,
        level=level,
        issuing_unit=unit,
        signer="Nguyễn Văn An" if level == DecisionLevel.DISTRICT else "Trần Thị Bích",
        is_sample=True,
    )


def load_certificates(context: dict) -> None:
    today = timezone.localdate()
    certificates: dict[str, Certificate] = {}
    for serial, (key, product_name, stars, score, expiry_offset, number) in enumerate(DEMO_CERTIFICATES, start=1):
        product = Product.objects.select_related("producer").get(
            name=product_name, is_sample=True, producer__in=list(context["producers"].values())
        )
        existing = Certificate.objects.filter(product=product, is_sample=True).order_by("pk").first()
        if existing is not None:
            certificates[key] = existing
            continue
        target_expiry = today + timedelta(days=expiry_offset)
        issued_on = add_months(target_expiry, -36)
        if issued_on >= today:  # never in the future, whatever the offsets
            issued_on = today - timedelta(days=1)
        decision = _decision(issued_on, stars, serial)
        certificates[key] = services.certificate_issue(
            actor=None,
            decision=decision,
            product=product,
            number=number,
            stars=stars,
            score=Decimal(score),
            is_sample=True,
        )
    context["certificates"] = certificates

    # A late re-evaluation filed 60 days before expiry keeps the certificate alive (Điều 12.3).
    extended = certificates["extended"]
    if extended.reevaluation_filed_on is None:
        services.certificate_mark_reevaluation_filed(
            actor=None,
            certificate=extended,
            filed_on=extended.expires_on - timedelta(days=60),
            reference="Hồ sơ nộp tại UBND xã Đăk Kôi (dữ liệu mẫu)",
        )


def demo_signing_key(context: dict) -> None:
    """The demo key of the issuing body (ocop.core.signing; its certificates say "DEMO —
    không có giá trị pháp lý"), unless a real key is configured. Written first, so that every
    decision, certificate and minutes the later steps issue is signed by the task worker (one
    job each, queued when the load commits), as in production."""
    from django.conf import settings

    from ocop.core import signing

    if not (settings.OCOP_SIGNING_PKCS12 or settings.OCOP_SIGNING_PKCS11_MODULE):
        signing.demo_key_write(issuer="Cơ quan ban hành văn bản OCOP thử nghiệm")


DEMO_STEPS = [demo_signing_key, load_certificates]
