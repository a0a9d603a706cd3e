"""Council rules as data, and the pure arithmetic that applies them (no ORM).

The defaults follow the common provincial council rules (Quy chế hoạt động của Hội đồng
đánh giá, phân hạng sản phẩm OCOP cấp tỉnh), summarised in docs/domain.md §3:

* quorum: a meeting is valid when at least 75 % of the members are present, the chair
  (chủ tịch hội đồng) among them;
* divergence: members' totals must lie within 10 points of each other; otherwise the
  council discusses and the members concerned re-score.

A deployment overrides them with the setting `OCOP_COUNCIL_RULES` (a dict with the same
keys); each council copies them when it is created, so its own Quy chế can differ.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from itertools import combinations

from ocop.criteria.engine import band_for, to_fraction
from ocop.criteria.regimes import Band

DEFAULTS = {
    "quorum_percent": "75",
    "quorum_requires_chair": True,
    "divergence_threshold": "10",
    "source": "Quy chế hoạt động của Hội đồng đánh giá, phân hạng sản phẩm OCOP cấp tỉnh (mẫu chung "
    "các tỉnh, docs/domain.md §3): họp khi có ít nhất 75% thành viên, trong đó có Chủ tịch Hội đồng; "
    "tổng điểm của các thành viên không chênh lệch quá 10 điểm, nếu vượt thì thảo luận và chấm lại.",
}


def council_defaults() -> dict:
    from django.conf import settings

    return {**DEFAULTS, **getattr(settings, "OCOP_COUNCIL_RULES", {})}


@dataclass(frozen=True)
class QuorumCheck:
    present: int
    members: int
    required: int
    chair_present: bool
    ok: bool
    message: str


def quorum(*, present: int, members: int, chair_present: bool, percent, requires_chair: bool) -> QuorumCheck:
    """Is the meeting valid? `required` = ceil(members × percent / 100)."""
    ratio = to_fraction(percent) / 100
    required = -(-ratio * members // 1) if members else 1
    required = int(required)
    problems = []
    if present < required:
        problems.append(f"mới có {present}/{members} thành viên, cần ít nhất {required} ({percent}%)")
    if requires_chair and not chair_present:
        problems.append("vắng Chủ tịch Hội đồng")
    ok = not problems
    message = "Đủ điều kiện họp." if ok else "Chưa đủ điều kiện họp: " + "; ".join(problems) + "."
    return QuorumCheck(present, members, required, chair_present, ok, message)


def members_concerned(totals: Mapping[int, Fraction], threshold) -> set[int]:
    """Members whose total differs from another member's by more than the threshold."""
    limit = to_fraction(threshold)
    concerned: set[int] = set()
    for (a, ta), (b, tb) in combinations(totals.items(), 2):
        if abs(ta - tb) > limit:
            concerned |= {a, b}
    return concerned


def criterion_spreads(sheets: Mapping[int, Mapping[str, object]]) -> dict[str, Fraction]:
    """Per criterion (or per part for QĐ 148 part totals): the highest minus the lowest
    points given by the members, over the criteria every sheet answers."""
    if not sheets:
        return {}
    codes = [code for code in next(iter(sheets.values()))]
    spreads = {}
    for code in codes:
        values = [to_fraction(points[code]) for points in sheets.values() if code in points]
        if len(values) == len(sheets):
            spreads[code] = max(values) - min(values)
    return spreads


@dataclass(frozen=True)
class PartTotalsCouncilResult:
    """A council result on part totals (QĐ 148 regimes: no option-level sheet)."""

    average_total: Fraction
    part_averages: dict[str, Fraction]
    member_totals: tuple[Fraction, ...]
    max_spread: Fraction
    divergent: bool
    band_stars: int
    stars: int


def score_part_totals_council(
    sheets: Sequence[Mapping[str, object]], *, part_maxima: Mapping[str, int], bands: Sequence[Band], threshold
) -> PartTotalsCouncilResult:
    from ocop.criteria.engine import score_part_totals

    members = [score_part_totals(sheet, part_maxima=part_maxima, bands=bands) for sheet in sheets]
    if not members:
        raise ValueError("Hội đồng chưa có phiếu đánh giá nào.")
    count = len(members)
    average = sum((m.total for m in members), Fraction(0)) / count
    parts = {code: sum((m.parts[code] for m in members), Fraction(0)) / count for code in part_maxima}
    totals = tuple(m.total for m in members)
    spread = max(totals) - min(totals)
    band = band_for(average, bands)
    return PartTotalsCouncilResult(
        average_total=average,
        part_averages=parts,
        member_totals=totals,
        max_spread=spread,
        divergent=spread > to_fraction(threshold),
        band_stars=band,
        stars=band,
    )


@dataclass(frozen=True)
class OutcomeRule:
    outcome: str  # "recognise", "forward", "not_recognise"
    reason: str


def outcome_for(*, total: Fraction, stars: int, recognises: Sequence[int], forwards_to: str | None,
                forward_min_points: int | None, source: str) -> OutcomeRule:
    """What follows a council result at a level, from the regime's level data.

    ≥ the forwarding threshold → forward (QĐ 148: district → province at 70; QĐ 26/2026
    Điều 7.3.e: province → ministry at 90), unless the star minimums cap the product at a
    level this one recognises; else the stars this level recognises → recognise; else not
    recognised (1★, 2★ get no decision, Điều 4.1.a).
    """
    beyond = stars > max(recognises, default=0)
    if forwards_to and forward_min_points is not None and total >= forward_min_points and beyond:
        return OutcomeRule("forward", f"Đạt từ {forward_min_points} điểm: chuyển cấp trên đánh giá ({source}).")
    if stars in recognises:
        return OutcomeRule("recognise", f"Đạt {stars} sao: đề nghị công nhận ({source}).")
    return OutcomeRule("not_recognise", f"Đạt {stars} sao: không thuộc hạng được công nhận ở cấp này ({source}).")
