"""The scoring engine: totals, bands, star minimums, disqualification and council results.

Pure Python — no Django, no ORM — so it is fully unit- and property-tested and can be
called from views, services, management commands and the CLI alike.

A *sheet* (phiếu đánh giá) is a mapping from each leaf criterion's code to the points of
the option the assessor ticked: ``{"1.1": 3, "1.2": 0, …}``. 0 means "no option met" and is
always accepted. Arithmetic is exact: member sheets hold integers, council averages are
`Fraction`s, and band edges are compared exactly (69.99 → 3★, 70 → 4★); `Decimal` values
rounded to 2 places (ROUND_HALF_UP) are only for display.

Rules (QĐ 26/2026/QĐ-TTg):

* Điều 3.3 — bands on the (average) total: 5★ [90, 100], 4★ [70, 90), 3★ [50, 70),
  2★ [30, 50), 1★ [0, 30).
* Phụ lục II legend — options marked ***, ****, ***** are "yêu cầu tối thiểu phải đạt theo
  các cấp độ sao": a product is rated N★ only if, for every criterion carrying a marker of
  N or fewer stars, the chosen points reach the marked option's points.
* Final stars = the highest level whose band AND minimums both hold (1★ and 2★ carry no
  minimums, so a product in the 3★ band missing a 3★ minimum is rated 2★).
* Disqualifiers ("Hồ sơ bị loại khi …", "Bị loại nếu …", "… không đánh giá các bước tiếp
  theo") are facts the council establishes: they are passed in as flags (disqualifier ids
  from the set's data). A ground with a `zero_points_in` trigger (set 16: "Nếu được 0 điểm
  tại một trong các chỉ tiêu trên …") is applied from the sheet itself. A disqualified
  dossier gets ``stars == 0``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from fractions import Fraction
from typing import Any

from ocop.criteria.model import CriteriaSet
from ocop.criteria.regimes import Band

Number = int | Fraction | Decimal | str | float

# QĐ 26/2026 Điều 3.3: bands. The same values are in data/regimes.json (tested to agree).
DEFAULT_BANDS: tuple[Band, ...] = (
    Band(stars=5, min=90, max=100, max_inclusive=True),
    Band(stars=4, min=70, max=90),
    Band(stars=3, min=50, max=70),
    Band(stars=2, min=30, max=50),
    Band(stars=1, min=0, max=30),
)
# Levels that can carry minimum markers in Phụ lục II (***, ****, *****).
MARKER_LEVELS = (3, 4, 5)
# Common provincial council rule (docs/domain.md §3): members' totals within 10 points.
DEFAULT_DIVERGENCE_THRESHOLD = 10
TWO_PLACES = Decimal("0.01")


class InvalidSheet(ValueError):
    """A sheet that cannot be scored; `problems` lists every issue, in Vietnamese."""

    def __init__(self, problems: Sequence[SheetProblem]) -> None:
        self.problems = tuple(problems)
        super().__init__("; ".join(problem.message for problem in self.problems))


@dataclass(frozen=True)
class SheetProblem:
    kind: str  # "unknown", "composite", "missing", "points", "requires", "flag"
    criterion: str | None
    message: str


def to_fraction(value: Number) -> Fraction:
    """Exact value of a number; floats are read through their shortest repr (69.99)."""
    if isinstance(value, bool):
        raise TypeError("Điểm không được là giá trị đúng/sai.")
    if isinstance(value, Fraction | int):
        return Fraction(value)
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise ValueError(f"Điểm «{value}» không hợp lệ.")
        return Fraction(value)
    if isinstance(value, float):
        return Fraction(Decimal(repr(value)))
    if isinstance(value, str):
        return Fraction(Decimal(value.strip().replace(",", ".")))
    raise TypeError(f"Điểm «{value!r}» không phải là số.")


def to_decimal(value: Number, places: Decimal = TWO_PLACES) -> Decimal:
    """Display value: exact integers stay integers, others are rounded half-up to 2 places."""
    exact = to_fraction(value)
    if exact.denominator == 1:
        return Decimal(exact.numerator)
    quotient = Decimal(exact.numerator) / Decimal(exact.denominator)
    return quotient.quantize(places, rounding=ROUND_HALF_UP)


def json_number(value: Number) -> int | float:
    """A number for JSON output: int when integral, else a float of the 2-place Decimal."""
    shown = to_decimal(value)
    return int(shown) if shown == shown.to_integral_value() else float(shown)


# --- Bands --------------------------------------------------------------------------------


def band_for(total: Number, bands: Sequence[Band] = DEFAULT_BANDS) -> int:
    """Stars for a (average) total on half-open bands (QĐ 26/2026 Điều 3.3)."""
    exact = to_fraction(total)
    for band in bands:
        below_max = exact <= band.max if band.max_inclusive else exact < band.max
        if band.min <= exact and below_max:
            return band.stars
    raise ValueError(f"Tổng điểm {to_decimal(exact)} nằm ngoài thang 0–100.")


def band_minimum(stars: int, bands: Sequence[Band] = DEFAULT_BANDS) -> int:
    """The lowest total in the band of `stars`."""
    for band in bands:
        if band.stars == stars:
            return band.min
    raise ValueError(f"Không có hạng {stars} sao.")


# --- Sheets -------------------------------------------------------------------------------


def check_sheet(
    cset: CriteriaSet, sheet: Mapping[str, Any], flags: Iterable[str] = ()
) -> list[SheetProblem]:
    """Every reason `sheet` cannot be scored against `cset` (empty list: it can)."""
    problems: list[SheetProblem] = []
    leaves = cset.leaf_by_code
    for code in sheet:
        if code in leaves:
            continue
        node = cset.node_by_code.get(code)
        if node is not None or any(g.code == code for p in cset.parts for g in p.groups):
            problems.append(
                SheetProblem(
                    "composite",
                    code,
                    f"Tiêu chí {code} là tiêu chí tổng hợp; chỉ chấm điểm các tiêu chí con của "
                    f"nó (bộ {cset.number}).",
                )
            )
        else:
            problems.append(
                SheetProblem(
                    "unknown",
                    str(code),
                    f"Tiêu chí «{code}» không có trong bộ tiêu chí số {cset.number}.",
                )
            )
    values: dict[str, Fraction] = {}
    for leaf in cset.leaves:
        if leaf.code not in sheet:
            problems.append(
                SheetProblem(
                    "missing",
                    leaf.code,
                    f"Thiếu điểm tiêu chí {leaf.code} ({leaf.title}).",
                )
            )
            continue
        raw = sheet[leaf.code]
        try:
            value = to_fraction(raw)
        except (TypeError, ValueError, ArithmeticError):
            problems.append(
                SheetProblem(
                    "points", leaf.code, f"Điểm tiêu chí {leaf.code} «{raw}» không phải là số."
                )
            )
            continue
        if value not in leaf.allowed_points:
            allowed = ", ".join(str(p) for p in sorted(leaf.allowed_points))
            problems.append(
                SheetProblem(
                    "points",
                    leaf.code,
                    f"Tiêu chí {leaf.code} không có phương án {to_decimal(value)} điểm "
                    f"(các mức hợp lệ: {allowed}).",
                )
            )
            continue
        values[leaf.code] = value
    for leaf in cset.leaves:
        rule = leaf.requires
        if rule is None or leaf.code not in values or rule.criterion not in values:
            continue
        if values[leaf.code] > 0 and values[rule.criterion] < rule.min_points:
            problems.append(
                SheetProblem(
                    "requires",
                    leaf.code,
                    f"Tiêu chí {leaf.code} chỉ được chấm khi tiêu chí {rule.criterion} đạt từ "
                    f"{rule.min_points} điểm («{rule.source_text}»).",
                )
            )
    for flag in flags:
        if flag not in cset.disqualifier_by_id:
            known = ", ".join(cset.disqualifier_by_id)
            problems.append(
                SheetProblem(
                    "flag",
                    None,
                    f"Không có căn cứ loại hồ sơ «{flag}» trong bộ {cset.number} (có: {known}).",
                )
            )
    return problems


def validated_points(
    cset: CriteriaSet, sheet: Mapping[str, Any], flags: Iterable[str] = ()
) -> dict[str, Fraction]:
    """The sheet as exact points per leaf, in source order; raises InvalidSheet."""
    problems = check_sheet(cset, sheet, flags)
    if problems:
        raise InvalidSheet(problems)
    return {leaf.code: to_fraction(sheet[leaf.code]) for leaf in cset.leaves}


@dataclass(frozen=True)
class UnmetMinimum:
    criterion: str
    stars: int
    required_points: int
    given_points: Fraction

    def to_dict(self) -> dict[str, Any]:
        return {
            "criterion": self.criterion,
            "stars": self.stars,
            "required_points": self.required_points,
            "given_points": json_number(self.given_points),
        }


def unmet_minimums(
    cset: CriteriaSet, points: Mapping[str, Fraction], up_to_stars: int = 5
) -> tuple[UnmetMinimum, ...]:
    """Every marker of `up_to_stars` or fewer stars whose option is not reached.

    Each marker is listed on its own (a criterion marked *** on 2 points and **** on 3
    points, scored 1, gives two entries), ordered by star level, then source order.
    """
    found = []
    for stars in MARKER_LEVELS:
        if stars > up_to_stars:
            break
        for leaf in cset.leaves:
            for marker, required in leaf.markers:
                if marker == stars and points[leaf.code] < required:
                    found.append(UnmetMinimum(leaf.code, stars, required, points[leaf.code]))
    return tuple(found)


def minimums_met(cset: CriteriaSet, points: Mapping[str, Fraction], stars: int) -> bool:
    """True when every minimum binding level `stars` (markers ≤ stars) is reached."""
    for leaf in cset.leaves:
        required = leaf.required_points(stars)
        if required is not None and points[leaf.code] < required:
            return False
    return True


def final_stars(cset: CriteriaSet, points: Mapping[str, Fraction], band_stars: int) -> int:
    """Highest level ≤ band whose minimums hold (levels without markers always hold)."""
    for stars in range(band_stars, 0, -1):
        if stars not in MARKER_LEVELS or minimums_met(cset, points, stars):
            return stars
    return 1


def triggered_disqualifiers(
    cset: CriteriaSet, points: Mapping[str, Fraction], flags: Iterable[str] = ()
) -> tuple[str, ...]:
    """Ids of the grounds that eliminate the dossier: the flags given plus automatic ones."""
    flagged = set(flags)
    found = []
    for ground in cset.disqualifiers:
        automatic = bool(ground.zero_points_in) and any(
            points[code] == 0 for code in ground.zero_points_in
        )
        if ground.id in flagged or automatic:
            found.append(ground.id)
    return tuple(found)


def _verdict(
    cset: CriteriaSet,
    points: Mapping[str, Fraction],
    total: Fraction,
    bands: Sequence[Band],
    flags: Iterable[str],
) -> dict[str, Any]:
    """The rating fields shared by one sheet and a council's result: the band of the total,
    the stars the minimums allow within it (0 when a disqualifying ground holds) and the
    markers not reached up to that band."""
    band = band_for(total, bands)
    disqualified_by = triggered_disqualifiers(cset, points, flags)
    return {
        "band_stars": band,
        "stars": 0 if disqualified_by else final_stars(cset, points, band),
        "unmet_minimums": unmet_minimums(cset, points, band),
        "disqualified": bool(disqualified_by),
        "disqualified_by": disqualified_by,
    }


@dataclass(frozen=True)
class SheetResult:
    set_number: int
    version: str
    points: dict[str, Fraction]
    total: Fraction
    parts: dict[str, Fraction]
    groups: dict[str, Fraction]
    band_stars: int
    stars: int  # 0 when disqualified
    unmet_minimums: tuple[UnmetMinimum, ...]
    disqualified: bool
    disqualified_by: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "total": json_number(self.total),
            "parts": {code: json_number(value) for code, value in self.parts.items()},
            "groups": {code: json_number(value) for code, value in self.groups.items()},
            "band_stars": self.band_stars,
            "stars": self.stars,
            "unmet_minimums": [item.to_dict() for item in self.unmet_minimums],
            "disqualified": self.disqualified,
            "disqualified_by": list(self.disqualified_by),
        }


def _subtotals(
    cset: CriteriaSet, points: Mapping[str, Fraction]
) -> tuple[dict[str, Fraction], dict[str, Fraction]]:
    parts = {}
    groups = {}
    for part in cset.parts:
        for group in part.groups:
            groups[group.code] = sum(
                (points[leaf.code] for leaf in group.iter_leaves()), Fraction(0)
            )
        parts[part.code] = sum((groups[group.code] for group in part.groups), Fraction(0))
    return parts, groups


def evaluate_points(
    cset: CriteriaSet,
    points: Mapping[str, Fraction],
    *,
    flags: Iterable[str] = (),
    bands: Sequence[Band] = DEFAULT_BANDS,
) -> SheetResult:
    """Score already-validated points (any exact numbers, e.g. per-criterion averages)."""
    parts, groups = _subtotals(cset, points)
    total = sum(parts.values(), Fraction(0))
    return SheetResult(
        set_number=cset.number,
        version=cset.version,
        points=dict(points),
        total=total,
        parts=parts,
        groups=groups,
        **_verdict(cset, points, total, bands, flags),
    )


def score_sheet(
    cset: CriteriaSet,
    sheet: Mapping[str, Any],
    *,
    flags: Iterable[str] = (),
    bands: Sequence[Band] = DEFAULT_BANDS,
) -> SheetResult:
    """Score one assessor's sheet. Raises InvalidSheet (Vietnamese messages) when invalid."""
    flags = tuple(flags)
    points = validated_points(cset, sheet, flags)
    return evaluate_points(cset, points, flags=flags, bands=bands)


# --- Part totals (QĐ 148 regimes) ---------------------------------------------------------


@dataclass(frozen=True)
class PartTotalsResult:
    """A historical result stored as part totals only (QĐ 148: no option-level sheet).

    Star minimums cannot be checked without the options, so `stars` equals the band and
    `minimums_checked` is False.
    """

    total: Fraction
    parts: dict[str, Fraction]
    band_stars: int
    stars: int
    minimums_checked: bool = False


def score_part_totals(
    parts: Mapping[str, Number],
    *,
    part_maxima: Mapping[str, int],
    bands: Sequence[Band] = DEFAULT_BANDS,
) -> PartTotalsResult:
    exact = {}
    problems = []
    for code, maximum in part_maxima.items():
        if code not in parts:
            problems.append(SheetProblem("missing", code, f"Thiếu tổng điểm Phần {code}."))
            continue
        value = to_fraction(parts[code])
        if not 0 <= value <= maximum:
            problems.append(
                SheetProblem(
                    "points",
                    code,
                    f"Tổng điểm Phần {code} ({to_decimal(value)}) phải từ 0 đến {maximum}.",
                )
            )
        exact[code] = value
    for code in parts:
        if code not in part_maxima:
            problems.append(SheetProblem("unknown", code, f"Không có Phần «{code}»."))
    if problems:
        raise InvalidSheet(problems)
    total = sum(exact.values(), Fraction(0))
    band = band_for(total, bands)
    return PartTotalsResult(total=total, parts=exact, band_stars=band, stars=band)


# --- Council ------------------------------------------------------------------------------


class MinimumPolicy(StrEnum):
    """How star minimums are judged on a council result (a setting of the council rules).

    The decision says the rank uses "tổng điểm trung bình" (Điều 3.3) but not how the
    minimums combine across members; councils' Quy chế decide. Options:

    * CRITERION_AVERAGE (default): each criterion's average over members against the marked
      option's points — consistent with ranking on averages.
    * ALL_MEMBERS: every member's sheet must reach the minimum (strictest).
    * MAJORITY: more than half of the members must reach it.
    """

    CRITERION_AVERAGE = "criterion_average"
    ALL_MEMBERS = "all_members"
    MAJORITY = "majority"


@dataclass(frozen=True)
class CouncilPolicy:
    minimums: MinimumPolicy = MinimumPolicy.CRITERION_AVERAGE
    # Members' totals may differ by at most this many points; more is "divergent" and the
    # council discusses and re-scores (common provincial Quy chế, docs/domain.md §3).
    divergence_threshold: Number = DEFAULT_DIVERGENCE_THRESHOLD
    bands: tuple[Band, ...] = DEFAULT_BANDS


@dataclass(frozen=True)
class CouncilResult:
    set_number: int
    version: str
    members: tuple[SheetResult, ...]
    average_total: Fraction
    part_averages: dict[str, Fraction]
    group_averages: dict[str, Fraction]
    criterion_averages: dict[str, Fraction]
    max_spread: Fraction
    divergent: bool
    band_stars: int
    stars: int  # 0 when disqualified
    unmet_minimums: tuple[UnmetMinimum, ...]
    disqualified: bool
    disqualified_by: tuple[str, ...]
    policy: CouncilPolicy = field(default_factory=CouncilPolicy)

    def to_dict(self) -> dict[str, Any]:
        return {
            "members": len(self.members),
            "average_total": json_number(self.average_total),
            "part_averages": {k: json_number(v) for k, v in self.part_averages.items()},
            "criterion_averages": {k: json_number(v) for k, v in self.criterion_averages.items()},
            "band_stars": self.band_stars,
            "stars": self.stars,
            "unmet_minimums": [item.to_dict() for item in self.unmet_minimums],
            "max_spread": json_number(self.max_spread),
            "divergent": self.divergent,
            "divergence_threshold": json_number(self.policy.divergence_threshold),
            "minimum_policy": str(self.policy.minimums),
            "disqualified": self.disqualified,
            "disqualified_by": list(self.disqualified_by),
        }


def _policy_points(members: Sequence[SheetResult], code: str, policy: MinimumPolicy) -> Fraction:
    """The per-criterion value the minimum is checked against, under a policy."""
    values = sorted((member.points[code] for member in members), reverse=True)
    if policy is MinimumPolicy.ALL_MEMBERS:
        return values[-1]
    if policy is MinimumPolicy.MAJORITY:
        # More than half of n members reach v  ⇔  the (n//2 + 1)-th highest value ≥ v.
        return values[len(values) // 2]
    return sum(values, Fraction(0)) / len(values)


def score_council(
    cset: CriteriaSet,
    sheets: Sequence[Mapping[str, Any]],
    *,
    flags: Iterable[str] = (),
    policy: CouncilPolicy | None = None,
) -> CouncilResult:
    """Combine members' sheets: averages, spread, divergence, stars under a policy.

    `flags` are the council's findings (disqualifier ids) and apply to every member.
    Automatic grounds (`zero_points_in`) are applied to the per-criterion values of the
    minimum policy: under CRITERION_AVERAGE only when every member gave 0.
    """
    policy = policy or CouncilPolicy()
    if not sheets:
        raise InvalidSheet([SheetProblem("missing", None, "Hội đồng chưa có phiếu đánh giá nào.")])
    flags = tuple(flags)
    problems = []
    members = []
    for index, sheet in enumerate(sheets, start=1):
        try:
            members.append(score_sheet(cset, sheet, flags=flags, bands=policy.bands))
        except InvalidSheet as error:
            problems.extend(
                SheetProblem(p.kind, p.criterion, f"Phiếu {index}: {p.message}")
                for p in error.problems
            )
    if problems:
        raise InvalidSheet(problems)
    count = len(members)
    criterion_averages = {
        leaf.code: sum((m.points[leaf.code] for m in members), Fraction(0)) / count
        for leaf in cset.leaves
    }
    part_averages = {
        code: sum((m.parts[code] for m in members), Fraction(0)) / count
        for code in members[0].parts
    }
    group_averages = {
        code: sum((m.groups[code] for m in members), Fraction(0)) / count
        for code in members[0].groups
    }
    average_total = sum((m.total for m in members), Fraction(0)) / count
    totals = [m.total for m in members]
    max_spread = max(totals) - min(totals)
    policy_points = {
        leaf.code: _policy_points(members, leaf.code, policy.minimums) for leaf in cset.leaves
    }
    return CouncilResult(
        set_number=cset.number,
        version=cset.version,
        members=tuple(members),
        average_total=average_total,
        part_averages=part_averages,
        group_averages=group_averages,
        criterion_averages=criterion_averages,
        max_spread=max_spread,
        divergent=max_spread > to_fraction(policy.divergence_threshold),
        policy=policy,
        **_verdict(cset, policy_points, average_total, policy.bands, flags),
    )


def leaf_maxima(cset: CriteriaSet) -> dict[str, int]:
    """Best option per leaf: the sheet of a perfect product."""
    return {leaf.code: leaf.best_points for leaf in cset.leaves}
