"""Actual values of plan indicators, read live from the registries and the yearly cycle.

This module is the ONLY place where the planning app reads other apps' data (ideas, business_plans, support,
promotion, evaluation, certificates, criteria, producers, products): a change on their side
touches only this file. Every function here

* takes an `ActualsContext` (the plan's year, the day figures are taken on, and the ids of
  the administrative units whose records count);
* returns figures per *recorded* unit id (the unit stored on the record — a 2024 idea keeps
  its legacy commune); regrouping under old or new territory is done by the caller
  (`ocop.planning.targets`);
* runs a fixed number of queries (one or two grouped queries), whatever the amount of data;
* degrades to "chưa có dữ liệu" instead of failing when the app or field it reads does not
  exist (yet): the `@indicator` decorator catches ImportError/LookupError/FieldError and
  AttributeError and returns `Actual.unavailable(...)`.

The registry INDICATORS lists each indicator with its label, unit, kind and source tables;
docs/planning.md describes how each is computed.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.core.exceptions import FieldError
from django.db.models import Count, Max, Q, Sum

logger = logging.getLogger(__name__)

COUNT = "count"  # a number of records; regrouped by summing
AMOUNT = "amount"  # money (đồng); regrouped by summing
RATIO = "ratio"  # numerator / denominator in %; regrouped by summing both parts

NO_DATA = "chưa có dữ liệu"

# Failures that mean "the other app has not got (or no longer has) what we read".
MISSING_SOURCE_ERRORS = (ImportError, LookupError, FieldError, AttributeError)


@dataclass(frozen=True)
class ActualsContext:
    year: int
    as_of: date  # figures "as of" this day (the plan year's last day, or today if earlier)
    area_ids: frozenset[int]  # units whose records count (communes, old and new)
    issuing_unit_ids: frozenset[int] = frozenset()  # the plan's issuing unit (and its coverage)

    @property
    def year_start(self) -> date:
        return date(self.year, 1, 1)


@dataclass
class Actual:
    key: str
    available: bool = True
    values: dict[int, Decimal] = field(default_factory=dict)  # recorded unit id → value
    numerators: dict[int, int] = field(default_factory=dict)  # ratio indicators only
    denominators: dict[int, int] = field(default_factory=dict)
    total: Decimal | None = None
    total_numerator: int | None = None
    total_denominator: int | None = None
    breakdown: list[tuple[str, Decimal]] = field(default_factory=list)  # e.g. by funding source
    note: str = ""

    @classmethod
    def unavailable(cls, key: str, reason: str) -> Actual:
        return cls(key=key, available=False, note=f"{NO_DATA} ({reason})")


@dataclass(frozen=True)
class Indicator:
    key: str
    label: str
    unit_label: str
    kind: str
    per_unit: bool
    source: str  # the tables read, for the documentation and the "Nguồn số liệu" tooltip
    compute: Callable[[ActualsContext], Actual]


INDICATORS: dict[str, Indicator] = {}


def indicator(key: str, label: str, unit_label: str, *, kind: str = COUNT, per_unit: bool = True, source: str):
    """Register an indicator; its function's missing-source failures become "chưa có dữ liệu"."""

    def decorate(function: Callable[[ActualsContext], Actual]):
        def safe(context: ActualsContext) -> Actual:
            try:
                return function(context)
            except MISSING_SOURCE_ERRORS as error:
                logger.warning("Indicator %s unavailable: %s", key, error)
                return Actual.unavailable(key, f"nguồn {source} chưa sẵn sàng")

        INDICATORS[key] = Indicator(key, label, unit_label, kind, per_unit, source, safe)
        safe.__name__ = function.__name__
        safe.__doc__ = function.__doc__
        return safe

    return decorate


def compute(key: str, context: ActualsContext) -> Actual:
    found = INDICATORS.get(key)
    if found is None:
        return Actual.unavailable(key, f"không có chỉ số “{key}”")
    return found.compute(context)


def indicator_choices() -> list[tuple[str, str]]:
    return [(key, f"{item.label} ({item.unit_label})") for key, item in INDICATORS.items()]


def _counts(rows: Iterable[dict], unit_key: str = "unit", value_key: str = "n") -> dict[int, Decimal]:
    values: dict[int, Decimal] = defaultdict(Decimal)
    for row in rows:
        if row[unit_key] is not None:
            values[row[unit_key]] += Decimal(row[value_key] or 0)
    return dict(values)


def _count_actual(key: str, values: dict[int, Decimal], total: Decimal | None = None) -> Actual:
    return Actual(key=key, values=values, total=sum(values.values(), Decimal(0)) if total is None else total)


def _per_commune(key: str, queryset, unit_key: str = "commune_id", count=None) -> Actual:
    """How many of `queryset` each commune holds, in one GROUP BY query (rows by default)."""
    rows = queryset.values(unit_key).annotate(n=count or Count("id"))
    return _count_actual(key, _counts(rows, unit_key))


def _ratio_actual(key: str, numerators: dict[int, int], denominators: dict[int, int]) -> Actual:
    values = {
        unit: Decimal(numerators.get(unit, 0) * 100) / Decimal(den)
        for unit, den in denominators.items()
        if den
    }
    total_num = sum(numerators.values())
    total_den = sum(denominators.values())
    return Actual(
        key=key,
        values=values,
        numerators=numerators,
        denominators=denominators,
        total=(Decimal(total_num * 100) / Decimal(total_den)) if total_den else None,
        total_numerator=total_num,
        total_denominator=total_den,
    )


# -- ideas (ocop.ideas) ------------------------------------------------------------------------


@indicator(
    "ideas_registered",
    "Ý tưởng/sản phẩm đăng ký tham gia Chương trình",
    "ý tưởng/sản phẩm",
    source="ideas.Idea (năm, trạng thái đã gửi xã trở đi, xã ghi nhận)",
)
def ideas_registered(context: ActualsContext) -> Actual:
    from ocop.ideas.models import Idea
    from ocop.ideas.workflow import IDEA_REGISTERED

    return _per_commune(
        "ideas_registered",
        Idea.objects.filter(year=context.year, status__in=list(IDEA_REGISTERED), commune_id__in=context.area_ids),
    )


@indicator(
    "ideas_approved",
    "Ý tưởng/sản phẩm trong danh sách được phê duyệt",
    "ý tưởng/sản phẩm",
    source="ideas.Idea (năm, trạng thái “trong danh sách được phê duyệt”)",
)
def ideas_approved(context: ActualsContext) -> Actual:
    from ocop.ideas.models import Idea
    from ocop.ideas.workflow import IdeaStatus

    return _per_commune(
        "ideas_approved",
        Idea.objects.filter(year=context.year, status=IdeaStatus.LISTED, commune_id__in=context.area_ids),
    )


@indicator(
    "focus_products",
    "Ý tưởng/sản phẩm được chọn tập trung hỗ trợ (trọng tâm)",
    "ý tưởng/sản phẩm",
    source="support.FocusSelection, FocusItem (năm, đã phê duyệt)",
)
def focus_products(context: ActualsContext) -> Actual:
    from ocop.support.models import FocusItem, FocusStatus

    items = FocusItem.objects.filter(
        selection__year=context.year,
        selection__status=FocusStatus.APPROVED,
    ).filter(
        Q(selection__issuing_unit_id__in=context.issuing_unit_ids | context.area_ids)
    )
    values: dict[int, Decimal] = defaultdict(Decimal)
    total = Decimal(0)
    for idea_commune, product_commune in items.values_list("idea__commune_id", "product__commune_id"):
        total += 1
        unit = product_commune or idea_commune
        if unit is not None and unit in context.area_ids:
            values[unit] += 1
    return _count_actual("focus_products", dict(values), total)


@indicator(
    "business_plans_approved",
    "Phương án sản xuất kinh doanh được phê duyệt",
    "phương án",
    source="business_plans.BusinessPlan (trạng thái đã phê duyệt, năm phê duyệt)",
)
def business_plans_approved(context: ActualsContext) -> Actual:
    from ocop.business_plans.models import BusinessPlan
    from ocop.business_plans.workflow import PlanStatus

    return _per_commune(
        "business_plans_approved",
        BusinessPlan.objects.filter(
            status=PlanStatus.APPROVED, approved_at__year=context.year, commune_id__in=context.area_ids
        ),
    )


@indicator(
    "funds_mobilised",
    "Kinh phí huy động hỗ trợ chủ thể (mọi nguồn)",
    "đồng",
    kind=AMOUNT,
    source="support.SupportActivity, SupportFunding (năm ngân sách, trừ hoạt động đã hủy; xã của chủ thể)",
)
def funds_mobilised(context: ActualsContext) -> Actual:
    from ocop.support.models import FundingSource, SupportFunding, SupportStatus

    fundings = SupportFunding.objects.filter(
        activity__year=context.year, activity__producer__commune_id__in=context.area_ids
    ).exclude(activity__status=SupportStatus.CANCELLED)
    rows = list(fundings.values("activity__producer__commune_id", "source").annotate(n=Sum("amount")))
    values: dict[int, Decimal] = defaultdict(Decimal)
    by_source: dict[str, Decimal] = defaultdict(Decimal)
    for row in rows:
        values[row["activity__producer__commune_id"]] += Decimal(row["n"] or 0)
        by_source[row["source"]] += Decimal(row["n"] or 0)
    labels = dict(FundingSource.choices)
    actual = _count_actual("funds_mobilised", dict(values))
    actual.breakdown = [(labels.get(source, source), amount) for source, amount in sorted(by_source.items())]
    return actual


# -- evaluation (ocop.evaluation) ----------------------------------------------------------


def _evaluated_pairs(context: ActualsContext) -> list[tuple[int, int]]:
    """(commune id, product id) of products accepted into an evaluation round of the year."""
    from ocop.evaluation.models import IN_ROUND_STATES, Dossier

    return list(
        Dossier.objects.filter(
            round__year=context.year,
            state__in=list(IN_ROUND_STATES),
            commune_id__in=context.area_ids,
        )
        .values_list("commune_id", "product_id")
        .distinct()
    )


@indicator(
    "products_evaluated",
    "Ý tưởng/sản phẩm tham gia đánh giá, phân hạng",
    "ý tưởng/sản phẩm",
    source="evaluation.Dossier (được tiếp nhận vào đợt đánh giá của năm; xã tiếp nhận hồ sơ)",
)
def products_evaluated(context: ActualsContext) -> Actual:
    values: dict[int, Decimal] = defaultdict(Decimal)
    products: set[int] = set()
    for commune_id, product_id in _evaluated_pairs(context):
        values[commune_id] += 1
        products.add(product_id)
    return _count_actual("products_evaluated", dict(values), Decimal(len(products)))


@indicator(
    "evaluated_reaching_3_stars",
    "Tỷ lệ sản phẩm tham gia đánh giá được công nhận từ 3 sao",
    "%",
    kind=RATIO,
    source="evaluation.Dossier (như trên) và certificates.Certificate (từ 3 sao, cấp từ đầu năm kế hoạch)",
)
def evaluated_reaching_3_stars(context: ActualsContext) -> Actual:
    from ocop.certificates.models import Certificate

    pairs = _evaluated_pairs(context)
    certified = set(
        Certificate.objects.filter(
            product_id__in={product for _, product in pairs},
            stars__gte=3,
            issued_on__gte=context.year_start,
        ).values_list("product_id", flat=True)
    )
    numerators: dict[int, int] = defaultdict(int)
    denominators: dict[int, int] = defaultdict(int)
    for commune_id, product_id in pairs:
        denominators[commune_id] += 1
        if product_id in certified:
            numerators[commune_id] += 1
    return _ratio_actual("evaluated_reaching_3_stars", dict(numerators), dict(denominators))


# -- certificates (ocop.certificates) --------------------------------------------------------


@indicator(
    "products_certified",
    "Sản phẩm được công nhận OCOP từ 3 sao trong năm",
    "sản phẩm",
    source="certificates.Certificate (từ 3 sao, ngày cấp trong năm; xã của sản phẩm)",
)
def products_certified(context: ActualsContext) -> Actual:
    from ocop.certificates.models import Certificate

    certified = Certificate.objects.filter(
        stars__gte=3,
        issued_on__gte=context.year_start,
        issued_on__lte=min(context.as_of, date(context.year, 12, 31)),
        product__commune_id__in=context.area_ids,
    )
    return _per_commune("products_certified", certified, "product__commune_id", Count("product", distinct=True))


def _in_force(context: ActualsContext):
    from ocop.certificates import validity
    from ocop.certificates.models import Certificate
    from ocop.certificates.selectors import status_in, with_status

    return status_in(
        with_status(Certificate.objects.filter(product__commune_id__in=context.area_ids), context.as_of),
        validity.IN_FORCE,
        context.as_of,
    )


@indicator(
    "products_in_force",
    "Sản phẩm OCOP có giấy chứng nhận còn hiệu lực",
    "sản phẩm",
    source="certificates.Certificate (trạng thái còn hiệu lực vào ngày lấy số liệu)",
)
def products_in_force(context: ActualsContext) -> Actual:
    return _per_commune(
        "products_in_force", _in_force(context), "product__commune_id", Count("product", distinct=True)
    )


# -- producers (ocop.producers) and promotion (ocop.promotion) ---------------------------------

COOPERATIVE_OR_SME = ("hop_tac_xa", "doanh_nghiep")


@indicator(
    "producers_coop_sme_share",
    "Tỷ lệ chủ thể là hợp tác xã, doanh nghiệp nhỏ và vừa",
    "%",
    kind=RATIO,
    source="producers.Producer (loại hình; xã đăng ký của chủ thể)",
)
def producers_coop_sme_share(context: ActualsContext) -> Actual:
    from ocop.producers.models import Producer

    rows = (
        Producer.objects.filter(commune_id__in=context.area_ids)
        .values("commune_id")
        .annotate(total=Count("id"), n=Count("id", filter=Q(producer_type__in=COOPERATIVE_OR_SME)))
    )
    numerators, denominators = {}, {}
    for row in rows:
        numerators[row["commune_id"]] = row["n"]
        denominators[row["commune_id"]] = row["total"]
    return _ratio_actual("producers_coop_sme_share", numerators, denominators)


@indicator(
    "producers_modern_channels",
    "Tỷ lệ chủ thể bán qua kênh hiện đại (điểm bán OCOP, thương mại điện tử)",
    "%",
    kind=RATIO,
    source="producers.Producer; promotion.EcommerceListing (đang bán), Showroom (đang hoạt động)",
)
def producers_modern_channels(context: ActualsContext) -> Actual:
    from ocop.producers.models import Producer
    from ocop.promotion.models import EcommerceListing, Showroom

    listed = EcommerceListing.objects.filter(is_active=True).values("product__producer_id")
    shown = Showroom.products.through.objects.filter(showroom__is_active=True).values("product__producer_id")
    rows = (
        Producer.objects.filter(commune_id__in=context.area_ids)
        .values("commune_id")
        .annotate(
            total=Count("id"),
            n=Count("id", filter=Q(pk__in=listed) | Q(pk__in=shown)),
        )
    )
    numerators, denominators = {}, {}
    for row in rows:
        numerators[row["commune_id"]] = row["n"]
        denominators[row["commune_id"]] = row["total"]
    return _ratio_actual("producers_modern_channels", numerators, denominators)


@indicator(
    "trade_event_participations",
    "Lượt chủ thể tham gia hội chợ, triển lãm",
    "lượt",
    source="promotion.EventParticipation (sự kiện bắt đầu trong năm; xã của chủ thể)",
)
def trade_event_participations(context: ActualsContext) -> Actual:
    from ocop.promotion.models import EventParticipation

    rows = list(
        EventParticipation.objects.filter(
            event__starts_on__year=context.year, producer__commune_id__in=context.area_ids
        )
        .values("producer__commune_id")
        .annotate(n=Count("id"), sales=Sum("sales"))
    )
    actual = _count_actual("trade_event_participations", _counts(rows, "producer__commune_id"))
    actual.breakdown = [("Doanh thu bán hàng (đồng)", sum((Decimal(r["sales"] or 0) for r in rows), Decimal(0)))]
    return actual


@indicator(
    "communication_activities",
    "Hoạt động tuyên truyền về Chương trình OCOP",
    "hoạt động",
    per_unit=False,
    source="promotion.CommunicationActivity (ngày thực hiện trong năm, trên địa bàn kế hoạch)",
)
def communication_activities(context: ActualsContext) -> Actual:
    from ocop.promotion.models import CommunicationActivity

    count = CommunicationActivity.objects.filter(
        held_on__year=context.year,
        unit_id__in=context.area_ids | context.issuing_unit_ids,
    ).count()
    return Actual(key="communication_activities", values={}, total=Decimal(count))


# -- dashboard statistics (not targets) ------------------------------------------------------


@dataclass(frozen=True)
class Statistic:
    available: bool
    rows: list  # [(label, value)] or records
    note: str = ""


def _statistic(function):
    def safe(context: ActualsContext, *args, **kwargs) -> Statistic:
        try:
            return function(context, *args, **kwargs)
        except MISSING_SOURCE_ERRORS as error:
            logger.warning("Statistic %s unavailable: %s", function.__name__, error)
            return Statistic(False, [], NO_DATA)

    safe.__name__ = function.__name__
    safe.__doc__ = function.__doc__
    return safe


@_statistic
def star_distribution(context: ActualsContext) -> Statistic:
    """Products holding a certificate in force on `as_of`, by their best star rating."""
    best = _in_force(context).values("product_id").annotate(best=Max("stars"))
    counts = {3: 0, 4: 0, 5: 0}
    for row in best:
        counts[row["best"]] = counts.get(row["best"], 0) + 1
    return Statistic(True, [(f"{stars} sao", counts[stars]) for stars in sorted(counts)])


@_statistic
def producers_by_type(context: ActualsContext) -> Statistic:
    from ocop.producers.models import Producer, ProducerType

    labels = dict(ProducerType.choices)
    rows = (
        Producer.objects.filter(commune_id__in=context.area_ids)
        .values("producer_type")
        .annotate(n=Count("id"))
        .order_by("-n", "producer_type")
    )
    return Statistic(True, [(labels.get(r["producer_type"], r["producer_type"]), r["n"]) for r in rows])


@_statistic
def products_by_sector(context: ActualsContext) -> Statistic:
    """Products by ngành of QĐ 26/2026 Phụ lục I (the root of their classification)."""
    from ocop.products.models import Product, ProductCategory

    categories = {c.pk: c for c in ProductCategory.objects.only("pk", "name", "parent_id", "level")}

    def root(pk):
        seen = 0
        category = categories.get(pk)
        while category is not None and category.parent_id and seen < 5:
            category = categories.get(category.parent_id)
            seen += 1
        return category

    counts: dict[str, int] = defaultdict(int)
    rows = Product.objects.filter(commune_id__in=context.area_ids).values("category_id").annotate(n=Count("id"))
    for row in rows:
        sector = root(row["category_id"])
        counts[sector.name if sector else "Khác"] += row["n"]
    return Statistic(True, sorted(counts.items(), key=lambda item: (-item[1], item[0])))


@dataclass(frozen=True)
class ExpiringCertificate:
    product_name: str
    producer_name: str
    commune_id: int
    commune_name: str
    stars: int
    number: str
    expires_on: date
    status_label: str
    certificate_id: int


@_statistic
def certificates_expiring(context: ActualsContext, *, within_days: int = 180) -> Statistic:
    """Certificates in force on `as_of` whose validity ends within `within_days` days."""
    from ocop.certificates import validity

    queryset = (
        _in_force(context)
        .filter(expires_on__lte=context.as_of + timedelta(days=within_days))
        .select_related("product", "product__commune")
        .order_by("expires_on", "id")
    )
    rows = [
        ExpiringCertificate(
            product_name=c.product_name or c.product.name,
            producer_name=c.producer_name,
            commune_id=c.product.commune_id,
            commune_name=c.product.commune.name,
            stars=c.stars,
            number=c.number,
            expires_on=c.expires_on,
            status_label=validity.STATUS_LABELS.get(c.status, c.status),
            certificate_id=c.pk,
        )
        for c in queryset
    ]
    return Statistic(True, rows)
