"""Writes of trade promotion and communication records: validated, atomic, audited."""

from __future__ import annotations

import uuid

from auditlog.context import set_actor
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from ocop.core.registers import record_assign, record_create, record_update
from ocop.core.uploads import check_document_upload
from ocop.promotion.models import (
    CommunicationActivity,
    CommunicationAttachment,
    Consultant,
    ConsultantEngagement,
    ConsultantExpertise,
    EcommerceListing,
    EventParticipation,
    Showroom,
    TradeEvent,
)


def _save(actor, record) -> None:
    with set_actor(actor):
        record.save()


# -- events ------------------------------------------------------------------------------------

EVENT_FIELDS = ["name", "kind", "level", "organiser", "starts_on", "ends_on", "place", "unit", "notes"]
PARTICIPATION_FIELDS = ["producer", "sales", "contracts_count", "contracts_value", "notes"]


@transaction.atomic
def event_create(*, actor, is_sample: bool = False, **fields) -> TradeEvent:
    return record_create(TradeEvent, actor=actor, fields=fields, allowed=EVENT_FIELDS, is_sample=is_sample)


@transaction.atomic
def event_update(*, actor, event: TradeEvent, **fields) -> TradeEvent:
    return record_update(event, actor=actor, fields=fields, allowed=EVENT_FIELDS)


def _check_products(producer, products) -> None:
    foreign = [product.name for product in products if product.producer_id != producer.pk]
    if foreign:
        raise ValidationError({"products": f"Không thuộc chủ thể {producer.name}: {', '.join(foreign)}."})


@transaction.atomic
def participation_save(
    *, actor, event: TradeEvent, participation: EventParticipation | None = None, products=(), **fields
) -> EventParticipation:
    """Add a producer to an event, or update its products, sales and contracts."""
    record = participation or EventParticipation(event=event, created_by=actor)
    record_assign(record, fields, PARTICIPATION_FIELDS)
    record.full_clean(exclude=["event"], validate_unique=False)
    products = list(products)
    _check_products(record.producer, products)
    if EventParticipation.objects.filter(event=event, producer=record.producer).exclude(pk=record.pk).exists():
        raise ValidationError({"producer": f"{record.producer.name} đã có trong danh sách tham gia sự kiện này."})
    try:
        with transaction.atomic():
            _save(actor, record)
    except IntegrityError as exc:
        raise ValidationError({"producer": "Chủ thể này đã có trong danh sách tham gia sự kiện."}) from exc
    record.products.set(products)
    return record


@transaction.atomic
def participation_delete(*, actor, participation: EventParticipation) -> None:
    with set_actor(actor):
        participation.delete()


# -- showrooms and e-commerce ------------------------------------------------------------------

SHOWROOM_FIELDS = [
    "name", "address", "commune", "latitude", "longitude", "operator", "phone", "opened_on", "is_active", "notes",
]
LISTING_FIELDS = ["product", "platform", "url", "is_active", "notes"]


@transaction.atomic
def showroom_create(*, actor, products=(), is_sample: bool = False, **fields) -> Showroom:
    showroom = record_create(Showroom, actor=actor, fields=fields, allowed=SHOWROOM_FIELDS, is_sample=is_sample)
    showroom.products.set(list(products))
    return showroom


@transaction.atomic
def showroom_update(*, actor, showroom: Showroom, products=None, **fields) -> Showroom:
    record_update(showroom, actor=actor, fields=fields, allowed=SHOWROOM_FIELDS)
    if products is not None:
        showroom.products.set(list(products))
    return showroom


def _listing_unique(listing: EcommerceListing) -> None:
    duplicate = EcommerceListing.objects.filter(product=listing.product, url=listing.url).exclude(pk=listing.pk)
    if duplicate.exists():
        raise ValidationError({"url": "Sản phẩm này đã có gian hàng với địa chỉ này."})


@transaction.atomic
def listing_create(*, actor, is_sample: bool = False, **fields) -> EcommerceListing:
    listing = EcommerceListing(is_sample=is_sample, created_by=actor)
    record_assign(listing, fields, LISTING_FIELDS)
    listing.full_clean(validate_unique=False, validate_constraints=False)
    _listing_unique(listing)
    _save(actor, listing)
    return listing


@transaction.atomic
def listing_update(*, actor, listing: EcommerceListing, **fields) -> EcommerceListing:
    record_assign(listing, fields, LISTING_FIELDS)
    listing.full_clean(validate_unique=False, validate_constraints=False)
    _listing_unique(listing)
    _save(actor, listing)
    return listing


# -- consultants -------------------------------------------------------------------------------

CONSULTANT_FIELDS = ["name", "organisation", "phone", "email", "address", "unit", "is_active", "notes"]
ENGAGEMENT_FIELDS = ["producer", "product", "field", "started_on", "ended_on", "content", "result"]


def _set_expertise(consultant: Consultant, fields_of_expertise) -> None:
    values = sorted(set(fields_of_expertise))
    if not values:
        raise ValidationError({"fields_of_expertise": "Hãy chọn ít nhất một lĩnh vực tư vấn."})
    consultant.expertise.exclude(field__in=values).delete()
    existing = set(consultant.expertise.values_list("field", flat=True))
    ConsultantExpertise.objects.bulk_create(
        [ConsultantExpertise(consultant=consultant, field=value) for value in values if value not in existing]
    )


@transaction.atomic
def consultant_create(*, actor, fields_of_expertise, is_sample: bool = False, **fields) -> Consultant:
    consultant = record_create(Consultant, actor=actor, fields=fields, allowed=CONSULTANT_FIELDS, is_sample=is_sample)
    _set_expertise(consultant, fields_of_expertise)
    return consultant


@transaction.atomic
def consultant_update(*, actor, consultant: Consultant, fields_of_expertise=None, **fields) -> Consultant:
    record_update(consultant, actor=actor, fields=fields, allowed=CONSULTANT_FIELDS)
    if fields_of_expertise is not None:
        _set_expertise(consultant, fields_of_expertise)
    return consultant


@transaction.atomic
def engagement_create(*, actor, consultant: Consultant, is_sample: bool = False, **fields) -> ConsultantEngagement:
    if not consultant.is_active:
        raise ValidationError(f"Nhà tư vấn “{consultant.name}” không còn hợp tác.")
    engagement = ConsultantEngagement(consultant=consultant, is_sample=is_sample, created_by=actor)
    record_assign(engagement, fields, ENGAGEMENT_FIELDS)
    engagement.full_clean()
    _save(actor, engagement)
    return engagement


# -- communication -----------------------------------------------------------------------------

COMMUNICATION_FIELDS = [
    "title", "activity_type", "held_on", "unit", "organiser", "agency", "audience", "reach", "notes",
]


@transaction.atomic
def communication_create(*, actor, is_sample: bool = False, **fields) -> CommunicationActivity:
    return record_create(CommunicationActivity, actor=actor, fields=fields, allowed=COMMUNICATION_FIELDS, is_sample=is_sample)


@transaction.atomic
def communication_update(*, actor, activity: CommunicationActivity, **fields) -> CommunicationActivity:
    return record_update(activity, actor=actor, fields=fields, allowed=COMMUNICATION_FIELDS)


@transaction.atomic
def communication_attachment_add(
    *, actor, activity: CommunicationActivity, uploaded, caption: str = ""
) -> CommunicationAttachment:
    """Attach material (PDF or image), checked by content and size whatever the form did."""
    kind = check_document_upload(uploaded).extension
    attachment = CommunicationAttachment(
        activity=activity, original_name=uploaded.name[:255], kind=kind, size=uploaded.size,
        caption=caption, uploaded_by=actor,
    )
    attachment.file.save(f"{uuid.uuid4().hex}.{kind}", uploaded, save=False)
    attachment.save()
    return attachment


@transaction.atomic
def communication_attachment_delete(*, actor, attachment: CommunicationAttachment) -> None:
    attachment.file.delete(save=False)
    attachment.delete()
