"""Test data for the catalogue, made through the register's and promotion's own services.

Every call the catalogue's tests make into those two apps is here (as `sources.py` is for
the application code), so a change on their side touches this file only.
"""

from __future__ import annotations

import itertools
from datetime import date, timedelta

from django.utils import timezone

from ocop.criteria.regimes import add_months


def body(response) -> bytes:
    """A response's bytes, whether it was streamed (exports) or not (pages, cached files)."""
    return b"".join(response.streaming_content) if response.streaming else response.content


_serial = itertools.count(1)


def _issuer(issued_on: date, stars: int):
    from ocop.certificates.demo import issuer_for
    from ocop.certificates.models import DecisionLevel

    if stars == 5:
        return DecisionLevel.CENTRAL, None
    return issuer_for(issued_on, stars)


def issue_certificate(product, *, stars: int = 4, expires_in_days: int = 700, number: str | None = None):
    """A certificate of `product` that expires about `expires_in_days` from today (negative:
    already expired). 4★ with 700 days is issued after 1/7/2025 by the province."""
    from ocop.certificates import services

    serial = next(_serial)
    today = timezone.localdate()
    issued_on = add_months(today + timedelta(days=expires_in_days), -36)
    if issued_on >= today:
        issued_on = today - timedelta(days=1)
    level, unit = _issuer(issued_on, stars)
    decision = services.decision_create(
        actor=None, number=f"{900 + serial}/QĐ-UBND", decided_on=issued_on, level=level, issuing_unit=unit
    )
    return services.certificate_issue(
        actor=None, decision=decision, product=product, number=number or f"{serial}/GCN-THU", stars=stars
    )


def certified_robusta(producer, *, story: str = "Người Xơ Đăng trồng cà phê dưới tán rừng."):
    """The Đăk Kôi ground coffee of `producer`, with a 4★ certificate in force."""
    from tests.factories import ProductFactory

    product = ProductFactory(
        name="Cà phê bột Robusta Đăk Kôi", producer=producer, description="Cà phê Robusta rang mộc.", story=story
    )
    issue_certificate(product, stars=4)
    return product


def revoke(certificate, *, decision_number: str = "77/QĐ-UBND"):
    from ocop.certificates import services

    today = timezone.localdate()
    revocation = services.revocation_propose(
        actor=None,
        certificate=certificate,
        ground="d",
        facts="Chủ thể ngừng sản xuất (kiểm tra ngày trước).",
        conclusion_reference="Biên bản kiểm tra",
        conclusion_on=today - timedelta(days=3),
    )
    services.revocation_decide(
        actor=None, revocation=revocation, decision_number=decision_number, decided_on=today - timedelta(days=1)
    )
    certificate.refresh_from_db()
    return certificate


def add_showroom(product, *, name: str = "Điểm bán OCOP Quảng Ngãi"):
    from ocop.promotion import services

    return services.showroom_create(
        actor=None, products=[product], name=name, address="01 Hùng Vương", commune=product.commune,
        phone="02553123456",
    )


def add_listing(product, *, url: str = "https://shopee.vn/ca-phe-thu", platform: str = "shopee"):
    from ocop.promotion import services

    return services.listing_create(actor=None, product=product, platform=platform, url=url)


def add_fair(product, *, name: str = "Hội chợ OCOP Quảng Ngãi"):
    from ocop.promotion import services
    from ocop.promotion.models import EventLevel

    today = timezone.localdate()
    event = services.event_create(
        actor=None, name=name, level=EventLevel.PROVINCE, starts_on=today + timedelta(days=10),
        ends_on=today + timedelta(days=14), place="Quảng trường Phạm Văn Đồng", unit=product.commune.parent or product.commune,
        notes="Ghi chú nội bộ về hội chợ",
    )
    services.participation_save(actor=None, event=event, products=[product], producer=product.producer, sales=0)
    return event


def import_register(rows: list[dict]):
    """Import an existing register file (XLSX) through the register's own import service."""
    from ocop.certificates.importing import services as import_services
    from ocop.certificates.tests import sheets

    data = sheets.xlsx_bytes([sheets.row(**fields) for fields in rows])
    batch, plan = import_services.certificate_import_file(actor=None, filename="so-giay-chung-nhan.xlsx", data=data)
    assert batch is not None, [issue.message for issue in plan.issues]
    return batch
