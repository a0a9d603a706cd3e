"""Building blocks for council tests: a council, an accepted dossier, sheets of a given total."""

from __future__ import annotations

from datetime import date

from ocop.accounts.models import User
from ocop.councils import services
from ocop.councils.models import CouncilLevel, Position
from ocop.criteria import catalog
from ocop.evaluation.models import (
    Dossier,
    DossierKind,
    DossierState,
    EvaluationLevel,
    EvaluationRound,
)


def make_dossier(product, *, round_obj, regime_key="qd26-2026", kind=DossierKind.FIRST, filed_on=date(2026, 7, 1)):
    province = round_obj.unit if round_obj.unit.level == "province" else round_obj.unit.parent
    return Dossier.objects.create(
        product=product, producer=product.producer, commune=product.commune, province=province, kind=kind,
        regime_key=regime_key, filed_on=filed_on, state=DossierState.ACCEPTED, round=round_obj,
        representative_name="Nguyễn Văn A", contact_address="Thôn 1",
    )


def make_council(unit, *, usernames=("c1", "c2", "c3"), level=CouncilLevel.PROVINCE, year=2026, regime_key="qd26-2026"):
    round_obj = EvaluationRound.objects.create(
        level=level if level != CouncilLevel.MINISTRY else EvaluationLevel.MINISTRY, unit=unit, regime_key=regime_key,
        year=year, number=9, name=f"Đợt thử {year}",
    )
    council = services.council_create(actor=None, level=level, unit=unit, year=year, name=f"Hội đồng thử {year}",
                                      rounds=[round_obj])
    members = []
    for index, username in enumerate(usernames):
        user, _ = User.objects.get_or_create(username=username, defaults={"full_name": f"Thành viên {username}"})
        members.append(services.council_member_add(
            actor=None, council=council, user=user, position=Position.CHAIR if index == 0 else Position.MEMBER))
    return council, round_obj, members


def sheet_with_total(criteria_set: int, target: int) -> dict[str, int]:
    """A valid sheet of exactly `target` points: best options, lowered leaf by leaf, keeping
    the star minimums of the band the target falls in (3★ from 50, 4★ from 70)."""
    cset = catalog.get_set(criteria_set)
    points = {leaf.code: leaf.best_points for leaf in cset.leaves}
    excess = sum(points.values()) - target
    for leaf in cset.leaves:
        if excess <= 0:
            break
        keep = 4 if target >= 70 else 3
        floor = leaf.required_points(keep) or 0
        if leaf.code == "5.1":  # 5.2 applies only with a product story (5.1 ≥ 1)
            floor = max(floor, 1)
        options = sorted({0, *(option.points for option in leaf.options)})
        best = points[leaf.code]
        choice = min((p for p in options if best - p <= excess and p >= floor), default=best)
        excess -= best - choice
        points[leaf.code] = choice
    assert excess == 0, f"cannot reach {target}"
    return points
