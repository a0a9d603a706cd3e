""" "Cần cải thiện gì để lên hạng?" — the cheapest way from a sheet to the next star.

Given one sheet (an assessor's or the producer's self-assessment), find the set of
criterion upgrades that reaches the target star level — its band AND all its minimums
(and lifts any automatic stop such as set 16's "0 điểm tại một trong các chỉ tiêu trên") —
gaining the FEWEST POINTS, then touching the FEWEST CRITERIA. Exact, by dynamic programming
over the leaves (a multiple-choice knapsack on points gained, at most 100):

* each leaf may stay or move up to any higher option; minimums of the target level and
  automatic stop rules give it a lower bound, which may force an upgrade;
* leaves linked by `requires` (5.2 "Chỉ áp dụng khi có câu chuyện sản phẩm" needs 5.1 > 0)
  are decided together so no suggestion produces an invalid sheet;
* dp[g] = fewest criteria changed to gain exactly g points; the answer is the smallest
  g ≥ (band minimum − total) with a finite dp[g].

Raising points never lowers stars, so moving down is never useful and is not considered.
Ties (same points, same number of criteria) are broken deterministically (same input, same
answer).
About 30 leaves × ≤ 5 options × ≤ 100 gains: well under 50 ms per call.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, fields
from fractions import Fraction
from itertools import product
from typing import Any

from ocop.criteria.engine import (
    DEFAULT_BANDS,
    SheetResult,
    band_minimum,
    evaluate_points,
    json_number,
    validated_points,
)
from ocop.criteria.model import CriteriaSet, Criterion
from ocop.criteria.regimes import Band


@dataclass(frozen=True)
class Upgrade:
    criterion: str
    title: str
    current_points: int
    current_option: str | None  # None when 0 points means "no option met"
    target_points: int
    target_option: str
    gain: int

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Advice:
    current_stars: int
    target_stars: int | None
    reachable: bool
    points_gained: int
    new_total: Fraction | None
    upgrades: tuple[Upgrade, ...]
    reason: str | None = None  # Vietnamese explanation when nothing can be suggested

    def to_dict(self) -> dict[str, Any]:
        # Field order, with the exact total as a JSON number and each upgrade as a dict.
        return {
            **{field.name: getattr(self, field.name) for field in fields(self)},
            "new_total": json_number(self.new_total) if self.new_total is not None else None,
            "upgrades": [upgrade.to_dict() for upgrade in self.upgrades],
        }

    def apply(self, sheet: Mapping[str, Any]) -> dict[str, Any]:
        """The sheet after the suggested upgrades."""
        improved = dict(sheet)
        for upgrade in self.upgrades:
            improved[upgrade.criterion] = upgrade.target_points
        return improved


def _lower_bound(cset: CriteriaSet, leaf: Criterion, target: int) -> int:
    bound = 0
    if target >= 3:
        bound = leaf.required_points(target) or 0
    for ground in cset.disqualifiers:
        if leaf.code in ground.zero_points_in:
            # The evaluation stops when this leaf scores 0: it must reach its lowest
            # positive option.
            positive = [option.points for option in leaf.options if option.points > 0]
            bound = max(bound, min(positive))
    return bound


def _items(cset: CriteriaSet) -> list[tuple[Criterion, ...]]:
    """Leaves grouped so that `requires` links are decided together, in source order."""
    partner: dict[str, str] = {}
    for leaf in cset.leaves:
        if leaf.requires is not None:
            partner[leaf.code] = leaf.requires.criterion
            partner[leaf.requires.criterion] = leaf.code
    items: list[tuple[Criterion, ...]] = []
    seen: set[str] = set()
    for leaf in cset.leaves:
        if leaf.code in seen:
            continue
        group = [leaf]
        if leaf.code in partner:
            other = cset.leaf_by_code[partner[leaf.code]]
            group.append(other)
        for member in group:
            seen.add(member.code)
        items.append(tuple(group))
    return items


def _choices(
    cset: CriteriaSet, item: tuple[Criterion, ...], current: Mapping[str, int], target: int
) -> list[tuple[int, int, tuple[int, ...]]]:
    """(gain, criteria changed, final points per leaf) for every admissible move of an item."""
    per_leaf = []
    for leaf in item:
        now = current[leaf.code]
        bound = _lower_bound(cset, leaf, target)
        values = sorted({p for p in leaf.allowed_points if p > now and p >= bound})
        if now >= bound:
            values = [now, *values]
        per_leaf.append(values)
    choices = []
    for finals in product(*per_leaf):
        final = dict(zip((leaf.code for leaf in item), finals, strict=True))
        if any(
            leaf.requires is not None
            and final[leaf.code] > 0
            and final.get(leaf.requires.criterion, current.get(leaf.requires.criterion, 0))
            < leaf.requires.min_points
            for leaf in item
        ):
            continue
        gain = sum(final[leaf.code] - current[leaf.code] for leaf in item)
        changed = sum(1 for leaf in item if final[leaf.code] != current[leaf.code])
        choices.append((gain, changed, finals))
    # Cheapest first, so equal-cost ties keep the earliest listed choice.
    choices.sort(key=lambda choice: (choice[0], choice[1]))
    return choices


def _no_upgrade(
    result: SheetResult, *, target: int | None, reachable: bool, new_total: Fraction | None, reason: str
) -> Advice:
    """Advice that suggests no change of points, with the reason why."""
    return Advice(
        current_stars=result.stars,
        target_stars=target,
        reachable=reachable,
        points_gained=0,
        new_total=new_total,
        upgrades=(),
        reason=reason,
    )


def advise(
    cset: CriteriaSet,
    sheet: Mapping[str, Any],
    *,
    target: int | None = None,
    flags: Iterable[str] = (),
    bands: Sequence[Band] = DEFAULT_BANDS,
) -> Advice:
    """Smallest upgrade set reaching `target` stars (default: one star above the result)."""
    flags = tuple(flags)
    points = validated_points(cset, sheet, flags)
    result = evaluate_points(cset, points, flags=flags, bands=bands)
    manual = [ground for ground in result.disqualified_by if ground in flags]
    if manual:
        return _no_upgrade(
            result,
            target=None,
            reachable=False,
            new_total=None,
            reason="Hồ sơ bị loại ("
            + ", ".join(manual)
            + "): phải khắc phục căn cứ loại, không thể lên hạng bằng cách nâng điểm.",
        )
    top = max(band.stars for band in bands)
    if target is None:
        target = result.stars + 1
    if result.stars >= top and target > top:
        return _no_upgrade(
            result,
            target=None,
            reachable=False,
            new_total=result.total,
            reason=f"Sản phẩm đã đạt hạng cao nhất ({top} sao).",
        )
    if not 1 <= target <= top:
        raise ValueError(f"Hạng mục tiêu {target} sao không hợp lệ (1–{top}).")
    if target <= result.stars:
        return _no_upgrade(
            result,
            target=target,
            reachable=True,
            new_total=result.total,
            reason=f"Sản phẩm đã đạt {result.stars} sao.",
        )
    current = {code: int(value) for code, value in points.items()}
    total = sum(current.values())
    need = max(0, band_minimum(target, bands) - total)

    items = _items(cset)
    choices = [_choices(cset, item, current, target) for item in items]
    # One layer per item: gain so far → (criteria changed, choice index, previous gain).
    layers: list[dict[int, tuple[int, int, int]]] = []
    frontier: dict[int, int] = {0: 0}
    for options in choices:
        layer: dict[int, tuple[int, int, int]] = {}
        for previous_gain, previous_changed in frontier.items():
            for index, (gain, changed, _finals) in enumerate(options):
                key = previous_gain + gain
                cost = previous_changed + changed
                best = layer.get(key)
                if best is None or cost < best[0]:
                    layer[key] = (cost, index, previous_gain)
        layers.append(layer)
        frontier = {gain: entry[0] for gain, entry in layer.items()}
        if not frontier:
            break
    feasible = sorted(gain for gain in frontier if gain >= need)
    if not feasible:
        return _no_upgrade(
            result,
            target=target,
            reachable=False,
            new_total=None,
            reason=f"Không thể đạt {target} sao với bộ tiêu chí này.",
        )
    best_gain = feasible[0]
    # Walk the back-pointers from the last item to the first.
    finals_by_code: dict[str, int] = {}
    gain = best_gain
    for item, options, layer in zip(
        reversed(items), reversed(choices), reversed(layers), strict=True
    ):
        _cost, index, previous_gain = layer[gain]
        for leaf, value in zip(item, options[index][2], strict=True):
            finals_by_code[leaf.code] = value
        gain = previous_gain
    upgrades = []
    for leaf in cset.leaves:
        final = finals_by_code[leaf.code]
        now = current[leaf.code]
        if final != now:
            current_option = leaf.option_for(now)
            target_option = leaf.option_for(final)
            upgrades.append(
                Upgrade(
                    criterion=leaf.code,
                    title=leaf.title,
                    current_points=now,
                    current_option=current_option.text if current_option else None,
                    target_points=final,
                    target_option=target_option.text if target_option else "",
                    gain=final - now,
                )
            )
    return Advice(
        current_stars=result.stars,
        target_stars=target,
        reachable=True,
        points_gained=best_gain,
        new_total=Fraction(total + best_gain),
        upgrades=tuple(upgrades),
    )
