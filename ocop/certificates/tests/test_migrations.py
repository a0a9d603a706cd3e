"""Migration 0003 turns the certificate history into workflow events without losing a row."""

from datetime import date

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

BEFORE = [("certificates", "0002_private_storage")]
AFTER = [("certificates", "0003_certificate_event_workflow")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_it_keeps_every_event_with_its_kind_note_and_date():
    old_apps = migrate(BEFORE)
    Certificate = old_apps.get_model("certificates", "Certificate")
    Decision = old_apps.get_model("certificates", "RecognitionDecision")
    Event = old_apps.get_model("certificates", "CertificateEvent")
    Product = old_apps.get_model("products", "Product")
    Producer = old_apps.get_model("producers", "Producer")
    Unit = old_apps.get_model("territory", "AdministrativeUnit")
    commune = Unit.objects.filter(level="commune", valid_to__isnull=True).first()
    producer = Producer.objects.create(name="HTX thử", producer_type="hop_tac_xa", commune=commune)
    category = old_apps.get_model("products", "ProductCategory").objects.filter(criteria_set__isnull=False).first()
    product = Product.objects.create(name="Sản phẩm thử", producer=producer, commune=commune, category=category)
    decision = Decision.objects.create(number="1/QĐ", decided_on=date(2024, 3, 1), level="province", regime_key="qd148-2023")
    certificate = Certificate.objects.create(
        decision=decision, product=product, number="1/GCN", stars=4, issued_on=date(2024, 3, 1),
        expires_on=date(2027, 3, 1), public_code="QTHU000001", product_name="Sản phẩm thử",
    )
    Event.objects.create(certificate=certificate, kind="issued", happened_on=date(2024, 3, 1), note="QĐ 1")
    Event.objects.create(certificate=certificate, kind="revocation_proposed", happened_on=date(2024, 5, 2), note="Đề nghị")

    new_apps = migrate(AFTER)
    Event = new_apps.get_model("certificates", "CertificateEvent")
    rows = list(Event.objects.order_by("happened_on", "id").values_list("action", "comment", "happened_on", "to_state"))
    assert rows == [
        ("issued", "QĐ 1", date(2024, 3, 1), "in_force"),
        ("revocation_proposed", "Đề nghị", date(2024, 5, 2), ""),
    ]
    assert [timezone.localtime(at).date() for at in Event.objects.order_by("id").values_list("at", flat=True)] == [
        date(2024, 3, 1), date(2024, 5, 2),
    ]
    migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
