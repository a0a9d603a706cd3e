"""Invalidate the public cache whenever a record shown on the public side changes.

Cache invalidation only (see `cache.py`): no business logic lives here.
"""

from django.db.models.signals import m2m_changed, post_delete, post_save

from ocop.catalogue import sources
from ocop.catalogue.cache import bump

DISPATCH_PREFIX = "ocop.catalogue.invalidate"


def _invalidate(sender, **kwargs) -> None:
    bump()


def _invalidate_m2m(sender, action, **kwargs) -> None:
    if action in ("post_add", "post_remove", "post_clear"):
        bump()


def registry_models() -> list:
    from ocop.producers.models import Producer
    from ocop.products.models import Product, ProductCategory, ProductPhoto
    from ocop.territory.models import AdministrativeUnit, UnitSuccession

    # Units and the classification are shown too (filters, "nay là …", the product's
    # group); they change rarely, and every public answer and card must then be redone.
    return [Product, ProductPhoto, Producer, ProductCategory, AdministrativeUnit, UnitSuccession]


def connect() -> None:
    for model in registry_models() + sources.watched_models():
        uid = f"{DISPATCH_PREFIX}.{model._meta.label}"
        post_save.connect(_invalidate, sender=model, dispatch_uid=uid + ".save")
        post_delete.connect(_invalidate, sender=model, dispatch_uid=uid + ".delete")
    for through in sources.watched_m2m_through_models():
        m2m_changed.connect(_invalidate_m2m, sender=through, dispatch_uid=f"{DISPATCH_PREFIX}.{through._meta.label}.m2m")
