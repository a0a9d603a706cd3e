"""Columns shared by the registers: the programme year, private files."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from ocop.core.storage import get_private_storage

# The years a programme record (idea, plan, budget, list) may name: the national OCOP programme
# began in 2018.
YEAR_VALIDATORS = [MinValueValidator(2018), MaxValueValidator(2100)]


def private_file(upload_to, verbose_name: str = "tệp", **options) -> models.FileField:
    """A file in the private store (ocop.core.storage), served only through a view that checks
    who asks; `upload_to` gives it a random name in the record's folder."""
    return models.FileField(verbose_name, storage=get_private_storage, upload_to=upload_to, **options)


def year_field(verbose_name: str = "năm") -> models.PositiveSmallIntegerField:
    """The programme year a record belongs to."""
    return models.PositiveSmallIntegerField(verbose_name, validators=YEAR_VALIDATORS)
