"""Writes of producers: validated, atomic, with the acting user recorded in the audit log."""

from auditlog.context import set_actor
from django.db import transaction

from ocop.producers.models import Producer
from ocop.producers.signals import producer_updated

EDITABLE_FIELDS = [
    "name", "producer_type", "business_registration_number", "registration_date",
    "registration_issuer", "tax_code", "representative_name", "representative_gender",
    "representative_ethnicity", "representative_disability", "address", "commune", "phone",
    "email", "public_contact", "founded_on", "workforce_total", "workforce_local",
    "community_capital_share", "latitude", "longitude", "notes",
]


@transaction.atomic
def producer_create(*, actor, is_sample: bool = False, **fields) -> Producer:
    producer = Producer(**fields, is_sample=is_sample, created_by=actor)
    producer.full_clean()
    producer.refresh_search_text()
    with set_actor(actor):
        producer.save()
    return producer


@transaction.atomic
def producer_update(*, actor, producer: Producer, **fields) -> Producer:
    for name, value in fields.items():
        if name not in EDITABLE_FIELDS:
            raise ValueError(f"Field {name} is not editable")
        setattr(producer, name, value)
    producer.full_clean()
    producer.refresh_search_text()
    with set_actor(actor):
        producer.save()
    # Products index their producer's name for search (refreshed by the products app).
    producer_updated.send(sender=Producer, producer=producer)
    return producer
