"""Which models django-auditlog follows, and which of their columns it leaves out."""

from auditlog.registry import auditlog
from django.db import models

# Columns that change on every save without saying anything about the record.
AUDIT_NOISE = ("search_text", "updated_at")


def audit(*model_classes: type[models.Model], exclude: tuple[str, ...] = ()) -> None:
    """Record the field changes of these models with django-auditlog, leaving out the noise
    columns they have (AUDIT_NOISE) and the derived columns named in `exclude`."""
    for model in model_classes:
        names = {field.name for field in model._meta.local_fields}
        auditlog.register(model, exclude_fields=[n for n in (*AUDIT_NOISE, *exclude) if n in names])
