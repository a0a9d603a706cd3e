"""Writes of products and their photos: validated, atomic, audited."""

from auditlog.context import set_actor
from django.db import transaction

from ocop.core.registers import record_create, record_save, record_update
from ocop.products.models import Product, ProductPhoto

EDITABLE_FIELDS = ["name", "producer", "commune", "category", "description", "story", "status"]


@transaction.atomic
def product_create(*, actor, is_sample: bool = False, **fields) -> Product:
    return record_create(Product, actor=actor, fields=fields, is_sample=is_sample)


@transaction.atomic
def product_update(*, actor, product: Product, **fields) -> Product:
    return record_update(product, actor=actor, fields=fields, allowed=EDITABLE_FIELDS)


@transaction.atomic
def product_photo_add(*, actor, product: Product, image, caption: str = "") -> ProductPhoto:
    position = product.photos.count()
    photo = ProductPhoto(product=product, image=image, caption=caption, position=position)
    return record_save(photo, actor=actor)


@transaction.atomic
def product_photo_delete(*, actor, photo: ProductPhoto) -> None:
    with set_actor(actor):
        photo.image.delete(save=False)
        photo.delete()
