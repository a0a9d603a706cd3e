"""Foreign keys and unique keys shared by the registers.

The same foreign keys recur in every app (the unit a record was made under, its producer and
product, the agency, the account that did something); one definition each keeps their delete
rules and options alike. Apps are named by label, so this module imports none of them.
"""

from django.db import models


def unique(*fields: str, name: str) -> models.UniqueConstraint:
    """At most one row per combination of `fields` (a Meta constraint)."""
    return models.UniqueConstraint(fields=list(fields), name=name)


def _optional(options: dict, optional: bool) -> dict:
    if optional:
        options.update(null=True, blank=True)
    return options


def optional_fk(to, verbose_name: str, *, on_delete, related_name: str, **options) -> models.ForeignKey:
    """A foreign key a record may leave empty (a form may leave it blank)."""
    return models.ForeignKey(
        to, verbose_name=verbose_name, null=True, blank=True, on_delete=on_delete, related_name=related_name,
        **options,
    )


def unit_fk(verbose_name: str, *, related_name: str = "+", optional: bool = False, **options) -> models.ForeignKey:
    """An administrative unit (territory app). PROTECT by default: a record keeps the unit it was
    made under, so a unit with records is never deleted."""
    options.setdefault("on_delete", models.PROTECT)
    return models.ForeignKey(
        "territory.AdministrativeUnit", verbose_name=verbose_name, related_name=related_name,
        **_optional(options, optional),
    )


def producer_fk(verbose_name: str = "chủ thể", *, related_name: str, optional: bool = False, **options) -> models.ForeignKey:
    """The producer (chủ thể OCOP) a record belongs to; PROTECT unless told otherwise."""
    options.setdefault("on_delete", models.PROTECT)
    return models.ForeignKey(
        "producers.Producer", verbose_name=verbose_name, related_name=related_name, **_optional(options, optional)
    )


def product_fk(verbose_name: str = "sản phẩm", *, related_name: str, optional: bool = False, **options) -> models.ForeignKey:
    """The product a record is about; PROTECT unless told otherwise."""
    options.setdefault("on_delete", models.PROTECT)
    return models.ForeignKey(
        "products.Product", verbose_name=verbose_name, related_name=related_name, **_optional(options, optional)
    )


def agency_fk(verbose_name: str, *, related_name: str = "+", optional: bool = True, **options) -> models.ForeignKey:
    """An agency (accounts app); optional by default, as most records may also name one in words."""
    options.setdefault("on_delete", models.PROTECT)
    return models.ForeignKey(
        "accounts.Agency", verbose_name=verbose_name, related_name=related_name, **_optional(options, optional)
    )


def user_ref(verbose_name: str | None = None) -> models.ForeignKey:
    """The account that did something to a record: kept empty when the account is deleted (the
    record stays), and never followed backwards (no reverse accessor)."""
    options = {"verbose_name": verbose_name} if verbose_name else {}
    return models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", **options
    )
