"""The catalogue's only door into the certificate register and the trade-promotion app.

Every name the catalogue uses from them is imported here and nowhere else, and everything
leaves this module as plain dataclasses (never their model instances: the certificate ones
below, the promotion app's own public ones for where to buy), so a
change on their side touches this file only.

What the catalogue uses (see docs/catalogue.md, "Nguồn dữ liệu"):

* certificates — `models.Certificate` (fields product, number, public_code, stars,
  issued_on, expires_on, revoked_on, replaced_on, product_name, producer_name, is_sample,
  decision → number, decided_on, issuer_name, level), `selectors.with_status` (SQL status),
  `validity` (status keys, IN_FORCE, PUBLIC_LABELS, STATUS_LABELS), the URL name
  `certificates:verify` (public verification page) and the models whose changes must
  invalidate the public cache;
* promotion — `selectors.where_to_buy`, `selectors.upcoming_events`,
  `selectors.active_showrooms`, and its models for cache invalidation.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from types import SimpleNamespace

from django.db.models import DateField, IntegerField, OuterRef, Q, QuerySet, Subquery

from ocop.catalogue.codes import code_path
from ocop.certificates import validity as _validity
from ocop.certificates.models import Certificate as _Certificate
from ocop.certificates.models import CertificateImport as _CertificateImport
from ocop.certificates.models import RecognitionDecision as _RecognitionDecision
from ocop.certificates.models import Revocation as _Revocation
from ocop.certificates.models import number_key as _number_key
from ocop.certificates.selectors import status_in as _status_in
from ocop.certificates.selectors import with_status as _with_status
from ocop.core.compiled import CompiledQuery
from ocop.core.search import search_filter
from ocop.promotion import models as _promotion_models
from ocop.promotion import selectors as _promotion

# == Certificates ================================================================================

@dataclass(frozen=True)
class PublicCertificate:
    """What the public may know about a certificate (no score, no internal references)."""

    product_id: int
    number: str
    public_code: str
    stars: int
    issued_on: date
    expires_on: date
    status: str  # one of certificate_statuses()
    status_label: str  # the plain public wording ("Còn hiệu lực", "Đã bị thu hồi", …)
    in_force: bool  # the certificate still gives the product its OCOP status
    revoked_on: date | None
    replaced_on: date | None
    product_name: str  # as written on the certificate
    producer_name: str
    decision_number: str
    decided_on: date | None
    issuer_name: str
    decision_level: str
    is_sample: bool

    @property
    def verification_path(self) -> str:
        return certificate_verification_path(self.public_code)


def certificate_statuses() -> list[tuple[str, str]]:
    """(key, detailed label) of every status a certificate can have."""
    return [(key, _validity.STATUS_LABELS.get(key, key)) for key in _validity.STATUSES]


def in_force_statuses() -> frozenset[str]:
    return frozenset(_validity.IN_FORCE)


def public_status_label(status: str) -> str:
    return _validity.PUBLIC_LABELS.get(status, _validity.STATUS_LABELS.get(status, status))


def certificate_verification_path(public_code: str) -> str:
    """The certificate's stable public address: the register's verification page."""
    return code_path("certificates:verify", public_code)


def certified_product_ids():
    """Subquery of the ids of products that have (or had) at least one certificate."""
    return _Certificate.objects.values("product_id")


def in_force_stars(on: date):
    """Expression for a Product queryset: the stars of its best certificate in force on `on`
    (None when it has none). Same choice as the register's `current_certificates_for`."""
    certificates = (
        _status_in(_with_status(_Certificate.objects.filter(product_id=OuterRef("pk")), on), _validity.IN_FORCE, on)
        .order_by("-stars")
        .values("stars")[:1]
    )
    return Subquery(certificates, output_field=IntegerField())


def latest_issued_on():
    """Expression for a Product queryset: the issue date of its newest certificate."""
    newest = _Certificate.objects.filter(product_id=OuterRef("pk")).order_by("-issued_on").values("issued_on")[:1]
    return Subquery(newest, output_field=DateField())


# The columns a PublicCertificate is made of, read as plain values (exports read tens of
# thousands of certificates: building model instances for them would cost more than the query).
_PUBLIC_FIELDS = (
    "product_id", "number", "public_code", "stars", "issued_on", "expires_on", "status", "revoked_on",
    "replaced_on", "product_name", "producer_name", "decision__number", "decision__decided_on",
    "decision__issuer_name", "decision__level", "is_sample",
)


def _public(certificate) -> PublicCertificate:
    """The public record of a certificate instance annotated with its status (`with_status`),
    its decision already selected: the same columns the exports read as values."""
    return _public_values({field: _value(certificate, field) for field in _PUBLIC_FIELDS})


def _value(instance, field: str):
    for name in field.split("__"):
        instance = getattr(instance, name)
    return instance


# The decision's columns under the names the public record gives them.
_DECISION_NAMES = {
    "decision__number": "decision_number",
    "decision__decided_on": "decided_on",
    "decision__issuer_name": "issuer_name",
    "decision__level": "decision_level",
}


def _public_values(row: dict) -> PublicCertificate:
    status = row["status"]
    return PublicCertificate(
        **{_DECISION_NAMES.get(name, name): value for name, value in row.items()},
        status_label=public_status_label(status),
        in_force=status in _validity.IN_FORCE,
    )


def public_values(queryset) -> QuerySet:
    """A `certificate_search` queryset as the plain columns a public record is made of: no
    model instance per row (two with the decision), which cost an API page more than its
    query. Rows go through `public_records`."""
    return queryset.values(*_PUBLIC_FIELDS)


def public_records(rows: Iterable[dict]) -> list[PublicCertificate]:
    return [_public_values(row) for row in rows]


def certificate_values(queryset) -> Iterable[PublicCertificate]:
    """Public records of a `certificate_search` queryset read as values, streamed (exports)."""
    for row in public_values(queryset).iterator(chunk_size=2000):
        yield _public_values(row)


# What `validity.certificate_status` reads besides the public columns.
_STATUS_INPUTS = ("reevaluation_filed_on", "reevaluation_decided_on")
_CARD_FIELDS = tuple(name for name in _PUBLIC_FIELDS if name != "status") + _STATUS_INPUTS
_PRODUCT_CERTIFICATES = CompiledQuery(
    lambda product_id: _Certificate.objects.filter(product_id=product_id)
    .order_by("-issued_on", "-id")
    .values(*_CARD_FIELDS),
    int,
)


def certificates_for_products(product_ids: Iterable[int], on: date) -> dict[int, list[PublicCertificate]]:
    """Every certificate of each product with its status on `on`, newest first. One query.

    The few rows of a page get their status from the rule itself (`certificate_status`)
    rather than from its SQL form (`with_status`, which filters and exports need): Django
    compiles that CASE on every request, and for a product page this cost more than the
    query. A test holds the two forms equal on every boundary."""
    ids = list(dict.fromkeys(pk for pk in product_ids if pk is not None))
    result: dict[int, list[PublicCertificate]] = {pk: [] for pk in ids}
    if not ids:
        return result
    rules = _validity.current_rules()
    if len(ids) == 1:  # a product page: the query compiled once (ocop.core.compiled)
        rows = _PRODUCT_CERTIFICATES.all(ids[0])
    else:
        rows = _Certificate.objects.filter(product_id__in=ids).order_by("product_id", "-issued_on", "-id").values(*_CARD_FIELDS)
    for row in rows:
        row["status"] = _validity.certificate_status(SimpleNamespace(**row), on, rules)
        for name in _STATUS_INPUTS:
            del row[name]
        result[row["product_id"]].append(_public_values(row))
    return result


def certificate_search(
    *,
    on: date,
    q: str = "",
    product_ids=None,
    commune_ids=None,
    stars: int | None = None,
    status: str = "",
    number: str = "",
) -> QuerySet:
    """The public register, filtered; rows go through `certificate_rows`. `product_ids` and
    `commune_ids` are id lists or subqueries; `status` a key of certificate_statuses() or
    "in_force"."""
    queryset = search_filter(_with_status(_Certificate.objects.all(), on), q)
    if product_ids is not None:
        queryset = queryset.filter(product_id__in=product_ids)
    if commune_ids is not None:
        queryset = queryset.filter(product__commune_id__in=commune_ids)
    if stars:
        queryset = queryset.filter(stars=stars)
    if status == "in_force":
        queryset = _status_in(queryset, _validity.IN_FORCE, on)
    elif status:
        queryset = _status_in(queryset, [status], on)
    if number:
        queryset = queryset.filter(_number_q(number))
    return queryset.select_related("decision").order_by("-issued_on", "-id")


def _number_q(value: str) -> Q:
    # The register compares numbers ignoring case, spaces and diacritics ("12/gcn-ubnd ").
    return Q(number_key=_number_key(value))


def certificate_rows(certificates) -> list[PublicCertificate]:
    """Rows of a `certificate_search` queryset (or a slice of one) as public records."""
    return [_public(c) for c in certificates]


def certificates_by_code_or_number(value: str, on: date) -> list[PublicCertificate]:
    """The certificate with this verification code, else those with this number (numbers
    repeat across issuers: several may match)."""
    if not value.strip():
        return []
    base = _with_status(_Certificate.objects.all(), on).select_related("decision")
    found = list(base.filter(public_code=value.strip().upper())[:1])
    if not found:
        found = list(base.filter(_number_q(value)).order_by("-issued_on", "-id"))
    return certificate_rows(found)


def certificate_by_public_code(public_code: str, on: date) -> PublicCertificate | None:
    found = list(
        _with_status(_Certificate.objects.filter(public_code=public_code.upper()), on).select_related("decision")[:1]
    )
    return certificate_rows(found)[0] if found else None


# == Where to buy ================================================================================

# The promotion app already hands out plain frozen dataclasses with public fields only.
Shop = _promotion.Shop
OnlineListing = _promotion.OnlineListing
Fair = _promotion.Fair
WhereToBuy = _promotion.WhereToBuy


def where_to_buy(product_ids: Iterable[int], *, today: date) -> dict[int, WhereToBuy]:
    """Active sales points, online listings and fairs not yet over, per product."""
    return _promotion.where_to_buy(product_ids, today=today)


def products_with_sales_points(*, today: date) -> frozenset[int]:
    return _promotion.products_with_sales_points(today=today)


NOWHERE_TO_BUY = WhereToBuy((), (), ())


def upcoming_fairs(*, today: date, limit: int = 5) -> list[Fair]:
    return _promotion.upcoming_events(today=today, limit=limit)


def shops_on_map() -> list[Shop]:
    """Active sales points with coordinates (a second layer of the public map)."""
    return [s for s in _promotion.active_showrooms() if s.latitude is not None and s.longitude is not None]


# == Cache invalidation ==========================================================================


def watched_models() -> list:
    """Models of these apps whose saves and deletes change what the public pages show."""
    # An import writes its rows with bulk_create (no signals) and then saves the
    # CertificateImport record, which is the signal that the register changed.
    return [
        _Certificate, _RecognitionDecision, _Revocation, _CertificateImport,
        _promotion_models.Showroom, _promotion_models.EcommerceListing, _promotion_models.TradeEvent,
        _promotion_models.EventParticipation,
    ]


def watched_m2m_through_models() -> list:
    """Many-to-many tables (products shown in a showroom or at a fair)."""
    return [_promotion_models.Showroom.products.through, _promotion_models.EventParticipation.products.through]
