"""Reads of stored self-assessments, without a query per product."""

from django.db.models import OuterRef, Subquery

from ocop.criteria import catalog
from ocop.criteria.advisor import Advice, advise
from ocop.criteria.models import SelfAssessment
from ocop.products.models import Product


def latest_self_assessments(product_ids) -> dict[int, SelfAssessment]:
    """product id → its most recent self-assessment (two queries for any number)."""
    latest = SelfAssessment.objects.filter(product=OuterRef("pk")).order_by("-created_at", "-id")
    ids = (
        Product.objects.filter(pk__in=list(product_ids))
        .annotate(latest_id=Subquery(latest.values("pk")[:1]))
        .exclude(latest_id=None)
        .values_list("latest_id", flat=True)
    )
    return {sa.product_id: sa for sa in SelfAssessment.objects.filter(pk__in=list(ids))}


def gap_to_stars(assessment: SelfAssessment, target: int = 3) -> Advice:
    """What stands between a stored sheet and `target` stars (e.g. the 3★ of the seed plan)."""
    cset = catalog.get_set(assessment.criteria_set, assessment.criteria_version)
    return advise(cset, assessment.points, target=target)


def self_assessment_history(*, product) -> list[SelfAssessment]:
    return list(product.self_assessments.select_related("created_by").order_by("-created_at", "-id"))
