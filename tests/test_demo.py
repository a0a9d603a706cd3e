"""The whole sample scenario, every app's demo steps together (ocop/core/demo.py)."""

import pytest

from ocop.accounts.models import RoleAssignment, User
from ocop.core.demo import load_demo
from ocop.producers.models import Producer
from ocop.products.models import Product


def counts():
    return (
        User.objects.count(),
        RoleAssignment.objects.count(),
        Producer.objects.count(),
        Product.objects.count(),
    )


@pytest.mark.django_db
def test_it_loads_the_kon_ray_scenario_idempotently():
    load_demo()
    first = counts()
    load_demo()
    assert counts() == first
    users, roles, producers, products = first
    assert users == 13 and roles == 13
    assert producers == 20 and products == 40
    assert Producer.objects.filter(is_sample=False).count() == 0


@pytest.mark.django_db
def test_it_spreads_the_demo_over_the_seven_former_units():
    load_demo()
    legacy_codes = set(
        Producer.objects.filter(commune__valid_to__isnull=False).values_list("commune__code", flat=True)
    )
    assert legacy_codes == {"23479", "23482", "23485", "23488", "23491", "23494", "23497"}


@pytest.mark.django_db
def test_migrations_alone_create_no_accounts_and_no_sample_data():
    assert User.objects.count() == 0
    assert Producer.objects.count() == 0


@pytest.mark.django_db
def test_the_demo_is_sample_data_and_loads_twice_without_duplicates(demo):
    from ocop.business_plans.models import BusinessPlan
    from ocop.ideas.models import Idea
    from ocop.promotion.models import CommunicationActivity, EcommerceListing, TradeEvent

    def counted():
        return [m.objects.count() for m in (Idea, BusinessPlan, TradeEvent, EcommerceListing, CommunicationActivity)]

    first = counted()
    load_demo()
    assert counted() == first
    assert not Idea.objects.filter(is_sample=False).exists()
    assert Idea.objects.filter(year=2026, commune__valid_to__isnull=True).count() == 3


@pytest.mark.django_db
def test_every_decision_and_certificate_the_demo_issues_is_signed_and_verifies(django_capture_on_commit_callbacks):
    """docs/signing.md: the demo writes its DEMO key first, and everything it issues is signed
    by the task worker once the load commits; pyHanko validates each file against the demo root."""
    import io

    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature

    from ocop.certificates.issuing import issued_document_bytes
    from ocop.certificates.models import (
        Certificate,
        IssuedDocument,
        RecognitionDecision,
        RecordSource,
    )
    from ocop.core import signing
    from ocop.jobs.testing import run_worker

    with django_capture_on_commit_callbacks(execute=True):
        load_demo()
    run_worker()  # the signing jobs the demo queued
    certificates = Certificate.objects.filter(source=RecordSource.ISSUED)
    decisions = RecognitionDecision.objects.filter(source=RecordSource.ISSUED)
    assert certificates.count() >= 7 and decisions.exists()
    documents = IssuedDocument.objects.filter(kind__in=["certificate", "decision"])
    assert documents.count() == certificates.count() + decisions.count()
    context = signing.validation_context()
    for document in documents:
        reader = PdfFileReader(io.BytesIO(issued_document_bytes(document)))
        status = validate_pdf_signature(reader.embedded_signatures[0], context)
        assert status.bottom_line, document.title
        assert document.demo_key and signing.DEMO_MARK in status.signing_cert.subject.human_friendly


@pytest.mark.django_db
def test_the_demo_loads_beside_other_sample_products_with_the_same_names():
    """National synthetic data are sample data too and may reuse a product name of the demo:
    the demo's steps pick their own products, not the first of that name."""
    from ocop.promotion.models import EcommerceListing, Showroom
    from tests.factories import ProductFactory

    namesakes = [ProductFactory(name=name, is_sample=True) for name in ("Cà phê bột Robusta Đăk Kôi", "Sâm dây khô Kon Rẫy")]
    load_demo()
    strangers = {product.pk for product in namesakes}
    demo_producers = set(Producer.objects.filter(is_sample=True).exclude(products__in=strangers).values_list("pk", flat=True))
    assert not EcommerceListing.objects.filter(product__in=strangers).exists()
    showroom = Showroom.objects.get(is_sample=True)
    assert showroom.products.exists() and set(showroom.products.values_list("producer", flat=True)) <= demo_producers
