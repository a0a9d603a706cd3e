"""Writes: storing a self-assessment sheet with the engine's result."""

from django.core.exceptions import ValidationError
from django.db import transaction

from ocop.criteria import catalog
from ocop.criteria.advisor import advise
from ocop.criteria.engine import InvalidSheet, score_sheet, to_decimal
from ocop.criteria.models import SelfAssessment


def sheet_evaluate(*, criteria_set: int, points: dict, version: str = catalog.DEFAULT_VERSION):
    """(result, advice) for a complete sheet; InvalidSheet lists problems in Vietnamese."""
    cset = catalog.get_set(criteria_set, version)
    return score_sheet(cset, points), advise(cset, points)


@transaction.atomic
def self_assessment_save(*, actor, product, points: dict, is_sample: bool = False) -> SelfAssessment:
    criteria_set = product.category.criteria_set
    try:
        result, advice = sheet_evaluate(criteria_set=criteria_set, points=points)
    except InvalidSheet as exc:
        raise ValidationError([problem.message for problem in exc.problems]) from exc
    assessment = SelfAssessment(
        product=product,
        criteria_version=result.version,
        criteria_set=criteria_set,
        points={code: int(value) for code, value in result.points.items()},
        total=to_decimal(result.total),
        band_stars=result.band_stars,
        stars=result.stars,
        result=result.to_dict(),
        advice=advice.to_dict(),
        created_by=actor,
        is_sample=is_sample,
    )
    assessment.full_clean()
    assessment.save()
    return assessment


def zero_sheet(criteria_set: int, version: str = catalog.DEFAULT_VERSION) -> dict[str, int]:
    return {leaf.code: 0 for leaf in catalog.get_set(criteria_set, version).leaves}
