"""Writes of producers: validated, atomic, with the acting user recorded in the audit log."""

from django.db import transaction

from ocop.core.registers import record_create, record_update
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
    return record_create(Producer, actor=actor, fields=fields, is_sample=is_sample)


@transaction.atomic
def producer_update(*, actor, producer: Producer, **fields) -> Producer:
    record_update(producer, actor=actor, fields=fields, allowed=EDITABLE_FIELDS)
    # Products index their producer's name for search (refreshed by the products app).
    producer_updated.send(sender=Producer, producer=producer)
    return producer
