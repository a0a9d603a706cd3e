"""Reads of the certificate register, filtered by who is asking.

`with_status(queryset, on)` computes each certificate's status in SQL with the same rules
as `ocop.certificates.validity.certificate_status` (tested to agree), so lists filter,
count and paginate by status in the database, one query whatever the number of rows.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta

from django.db.models import Case, CharField, Count, Exists, F, OuterRef, Q, QuerySet, Value, When
from django.utils import timezone

from ocop.accounts.models import Role, RoleAssignment
from ocop.accounts.scopes import apply_condition, unit_filter, user_scope, within_unit
from ocop.certificates import validity
from ocop.certificates.models import Certificate, CertificateImport, RecognitionDecision, Revocation
from ocop.core.compiled import CompiledQuery
from ocop.core.records import scoped_get
from ocop.core.search import filter_given, search_filter
from ocop.territory.models import UnitCoverage


def status_case(on: date, rules: validity.ValidityRules | None = None) -> Case:
    """SQL CASE giving the status on `on`; the first matching branch wins, as in Python."""
    rules = rules or validity.current_rules()
    pending = Q(reevaluation_filed_on__lte=on) & (
        Q(reevaluation_decided_on__isnull=True) | Q(reevaluation_decided_on__gt=on)
    )
    return Case(
        When(revoked_on__lte=on, then=Value(validity.REVOKED)),
        When(replaced_on__lte=on, then=Value(validity.REPLACED)),
        When(Q(expires_on__gte=on) & pending, then=Value(validity.VALID)),
        When(expires_on__gt=on + timedelta(days=rules.window_from_days), then=Value(validity.VALID)),
        When(
            expires_on__gte=on + timedelta(days=rules.window_until_days),
            then=Value(validity.REEVALUATION_WINDOW),
        ),
        When(expires_on__gte=on, then=Value(validity.LATE_FOR_REEVALUATION)),
        When(
            pending
            & Q(reevaluation_filed_on__lte=F("expires_on"))
            & Q(expires_on__gte=on - timedelta(days=rules.extension_days)),
            then=Value(validity.EXTENDED_PENDING),
        ),
        default=Value(validity.EXPIRED),
        output_field=CharField(),
    )


def with_status(queryset: QuerySet, on: date | None = None) -> QuerySet:
    return queryset.annotate(status=status_case(on or timezone.localdate()))


def _expiry_bounds(status: str, on: date, rules: validity.ValidityRules) -> tuple[date | None, date | None]:
    """(earliest, latest) expires_on a certificate with `status` on `on` can have, read from
    the branches of `status_case` (None: no bound). Revoked and replaced have none."""
    if status == validity.VALID:
        return on, None
    if status == validity.LATE_FOR_REEVALUATION:
        return on, on + timedelta(days=rules.window_until_days - 1)
    if status == validity.REEVALUATION_WINDOW:
        return on + timedelta(days=rules.window_until_days), on + timedelta(days=rules.window_from_days)
    if status == validity.EXTENDED_PENDING:
        return on - timedelta(days=rules.extension_days), on - timedelta(days=1)
    if status == validity.EXPIRED:
        return None, on - timedelta(days=1)
    return None, None


def status_in(queryset: QuerySet, statuses, on: date, rules: validity.ValidityRules | None = None) -> QuerySet:
    """`queryset` (carrying `with_status` for `on`) limited to `statuses`. The status is a
    CASE no index can read, so the expiry dates those statuses imply are added as well:
    "in force" is then the certificates expiring from 180 days ago on, read by the
    expires_on index, instead of the status of every certificate of the register."""
    rules = rules or validity.current_rules()
    statuses = list(statuses)
    bounds = [_expiry_bounds(status, on, rules) for status in statuses]
    queryset = queryset.filter(status__in=statuses)
    if bounds and all(low is not None for low, _high in bounds):
        queryset = queryset.filter(expires_on__gte=min(low for low, _high in bounds))
    if bounds and all(high is not None for _low, high in bounds):
        queryset = queryset.filter(expires_on__lte=max(high for _low, high in bounds))
    return queryset


def certificate_visible_queryset(*, actor) -> QuerySet[Certificate]:
    """Certificates of products the actor may read: offices and councils by territory (old
    or new units), producers their own."""
    condition = unit_filter(user_scope(actor), "product__commune", "product__producer_id")
    return apply_condition(Certificate.objects.all(), condition)


def certificate_list(
    *,
    actor,
    q: str = "",
    unit=None,
    stars: int | None = None,
    status: str = "",
    level: str = "",
    on: date | None = None,
) -> QuerySet[Certificate]:
    """The register as the actor may see it, with `status` annotated for day `on`."""
    on = on or timezone.localdate()
    queryset = with_status(certificate_visible_queryset(actor=actor), on)
    queryset = within_unit(search_filter(queryset, q), "product__commune", unit)
    queryset = filter_given(queryset, stars=stars)
    if status in validity.STATUSES:
        queryset = status_in(queryset, [status], on)
    elif status == "due":
        queryset = due_filter(queryset, on)
    if level:
        queryset = queryset.filter(decision__level=level)
    return queryset.select_related(
        "product", "product__commune", "product__producer", "decision", "decision__issuing_unit"
    ).order_by("expires_on", "id")


def due_filter(queryset: QuerySet, on: date) -> QuerySet:
    """Certificates needing action on `on` (docs/certificates.md §4): in the re-evaluation
    window, late, extended pending, or expired while the product holds no later certificate
    in force. `queryset` must carry the `status` annotation."""
    # NOT EXISTS over the same product's certificates (read by their product index), not
    # NOT IN (every certificate in force in the country): PostgreSQL builds that set whole
    # on every request, and then also starts from the whole register rather than from the
    # officer's products.
    in_force_elsewhere = status_in(
        with_status(Certificate.objects.filter(product_id=OuterRef("product_id"), issued_on__lte=on), on),
        validity.IN_FORCE,
        on,
    )
    return queryset.filter(
        Q(status__in=[validity.REEVALUATION_WINDOW, validity.LATE_FOR_REEVALUATION, validity.EXTENDED_PENDING])
        | (Q(status=validity.EXPIRED) & ~Exists(in_force_elsewhere))
    )


def certificate_get(*, actor, pk: int) -> Certificate | None:
    return scoped_get(
        certificate_visible_queryset(actor=actor), pk, "product", "product__commune",
        "product__commune__parent", "product__producer", "product__category", "decision",
        "decision__issuing_unit", "replaced_by", "created_by", "import_batch",
    )


def decision_get(*, actor, pk: int) -> RecognitionDecision | None:
    """A decision the actor may read: one that issued a certificate in the actor's scope."""
    visible = certificate_visible_queryset(actor=actor).filter(decision_id=pk)
    return RecognitionDecision.objects.select_related("issuing_unit").filter(pk=pk, certificates__in=visible).first()


# What the public verification page (the QR landing, the most visited page) shows, and no
# more: every column read is converted and set on a model object on each scan, and the
# whole rows of five tables cost more than PostgreSQL's answer (docs/performance.md).
# A field missing here would cost one query more on each scan: the page's tests count them.
VERIFICATION_FIELDS = (
    "public_code", "number", "stars", "issued_on", "expires_on", "revoked_on", "replaced_on",
    "reevaluation_filed_on", "reevaluation_decided_on", "product_name", "producer_name",
    "decision__number", "decision__decided_on", "decision__issuer_name",
    "product__producer__public_contact", "product__producer__phone", "product__producer__email",
    "product__producer__commune__name", "product__producer__commune__valid_from",
    "product__producer__commune__valid_to",
)


# Compiled once per database (ocop.core.compiled): the QR landing runs this on every scan.
_PUBLIC_CERTIFICATE = CompiledQuery(
    lambda public_code: Certificate.objects.select_related("decision", "product__producer__commune")
    .only(*VERIFICATION_FIELDS)
    .filter(public_code=public_code)
    .order_by()[:1],
    str,
)


def certificate_public_get(*, public_code: str) -> Certificate | None:
    """The certificate a QR code names, with the columns its public page shows (one query,
    one row by its unique code, so no ORDER BY)."""
    return _PUBLIC_CERTIFICATE.first(public_code.upper())


def status_counts(queryset: QuerySet) -> dict[str, dict[int, int]]:
    """{status: {stars: count}} for an annotated queryset, in one query."""
    counts: dict[str, dict[int, int]] = {status: {3: 0, 4: 0, 5: 0} for status in validity.STATUSES}
    for row in queryset.order_by().values("status", "stars").annotate(n=Count("id")):
        counts[row["status"]][row["stars"]] = row["n"]
    return counts


def current_certificates_for(product_ids, *, on: date | None = None) -> dict[int, Certificate]:
    """For each product, the certificate that gives it its OCOP status on `on` (default
    today): in force (valid, in the window, late, or extended pending), the most stars,
    then the latest issued. Products without one are absent. One query, no scope filter
    (callers list products they already may see)."""
    on = on or timezone.localdate()
    ids = {pk for pk in product_ids if pk is not None}
    if not ids:
        return {}
    queryset = (
        status_in(with_status(Certificate.objects.filter(product_id__in=ids, issued_on__lte=on), on), validity.IN_FORCE, on)
        .select_related("decision")
        .order_by("product_id", "-stars", "-issued_on", "-id")
    )
    result: dict[int, Certificate] = {}
    for certificate in queryset:
        result.setdefault(certificate.product_id, certificate)
    return result


def product_recipients(products) -> dict[int, list]:
    """Who hears about a product: users holding the producer role for its producer and
    commune officers of every commune that covers the product's commune (today's commune
    for a legacy one). A fixed number of queries for any number of products."""
    products = list(products)
    if not products:
        return {}
    producer_ids = {p.producer_id for p in products}
    commune_ids = {p.commune_id for p in products}
    producer_users: dict[int, list] = defaultdict(list)
    for assignment in RoleAssignment.objects.filter(
        role=Role.PRODUCER, producer_id__in=producer_ids, user__is_active=True
    ).select_related("user"):
        producer_users[assignment.producer_id].append(assignment.user)
    officers_by_unit: dict[int, list] = defaultdict(list)
    for assignment in RoleAssignment.objects.filter(
        role=Role.COMMUNE_OFFICER,
        user__is_active=True,
        unit__in=UnitCoverage.objects.filter(covered_id__in=commune_ids).values("unit_id"),
    ).select_related("user"):
        officers_by_unit[assignment.unit_id].append(assignment.user)
    covering: dict[int, set[int]] = defaultdict(set)
    for unit_id, covered_id in UnitCoverage.objects.filter(
        covered_id__in=commune_ids, unit_id__in=list(officers_by_unit)
    ).values_list("unit_id", "covered_id"):
        covering[covered_id].add(unit_id)
    result: dict[int, list] = {}
    for product in products:
        users = {u.pk: u for u in producer_users.get(product.producer_id, [])}
        for unit_id in covering.get(product.commune_id, ()):
            users.update({u.pk: u for u in officers_by_unit[unit_id]})
        result[product.pk] = sorted(users.values(), key=lambda u: u.pk)
    return result


def certificate_recipients(certificates) -> dict[int, list]:
    """`product_recipients` for each certificate's product, by certificate id."""
    certificates = list(certificates)
    by_product = product_recipients({c.product_id: c.product for c in certificates}.values())
    return {c.pk: by_product.get(c.product_id, []) for c in certificates}


def revocation_list(*, actor, open_only: bool = False) -> QuerySet[Revocation]:
    condition = unit_filter(
        user_scope(actor), "certificate__product__commune", "certificate__product__producer_id"
    )
    queryset = Revocation.objects.all()
    if condition is not None:
        queryset = queryset.filter(condition)
    if open_only:
        queryset = queryset.filter(status=Revocation.Status.PROPOSED)
    return queryset.select_related(
        "certificate", "certificate__product", "certificate__product__commune", "proposed_by"
    ).order_by("status", "deadline", "id")


def revocation_get(*, actor, pk: int) -> Revocation | None:
    return revocation_list(actor=actor).select_related("decided_by").filter(pk=pk).first()


def import_get(*, actor, token) -> CertificateImport | None:
    """An upload belongs to whoever uploaded it; nobody else may preview or confirm it."""
    if not getattr(actor, "is_authenticated", False):
        return None
    return CertificateImport.objects.filter(token=token, created_by=actor).first()


def import_history(*, actor) -> QuerySet[CertificateImport]:
    scope = user_scope(actor)
    queryset = CertificateImport.objects.defer("data").select_related("created_by")
    if not scope.is_admin:
        queryset = queryset.filter(created_by=actor)
    return queryset.order_by("-created_at")


def certificates_due_for(*, actor, limit: int, on: date | None = None) -> tuple[list[Certificate], int]:
    """Certificates needing re-evaluation action (the register's "Cần xử lý" filter), the
    first `limit` by expiry and the filter's count: the same queryset as the list page."""
    queryset = certificate_list(actor=actor, status="due", on=on)
    return list(queryset[:limit]), queryset.count()
