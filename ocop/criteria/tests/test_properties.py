"""Property tests of the engine and the advisor on every set (modest example counts)."""

import itertools

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from ocop.criteria.advisor import advise
from ocop.criteria.engine import evaluate_points, score_council, score_sheet
from ocop.criteria.tests.strategies import set_and_sheet, sheet_for, small_set

FAST = settings(max_examples=40, deadline=None)


@FAST
@given(set_and_sheet())
def test_totals_stay_between_0_and_100(case):
    cset, sheet = case
    result = score_sheet(cset, sheet)
    assert 0 <= result.total <= 100
    assert sum(result.parts.values()) == result.total
    for part in cset.parts:
        assert 0 <= result.parts[part.code] <= part.max
    assert 0 <= result.stars <= result.band_stars <= 5


@FAST
@given(set_and_sheet(), st.data())
def test_raising_any_criterion_never_lowers_total_or_stars(case, data):
    cset, sheet = case
    leaf = data.draw(st.sampled_from(cset.leaves))
    higher = sorted(p for p in leaf.allowed_points if p > sheet[leaf.code])
    assume(higher)
    raised = {**sheet, leaf.code: data.draw(st.sampled_from(higher))}
    rule = leaf.requires
    assume(rule is None or raised[rule.criterion] >= rule.min_points)
    before, after = score_sheet(cset, sheet), score_sheet(cset, raised)
    assert after.total > before.total
    assert after.stars >= before.stars
    assert after.band_stars >= before.band_stars


@FAST
@given(set_and_sheet())
def test_applying_the_advice_reaches_the_next_star(case):
    cset, sheet = case
    before = score_sheet(cset, sheet)
    advice = advise(cset, sheet)
    if before.stars == 5:
        assert not advice.reachable and advice.upgrades == ()
        return
    assert advice.reachable
    assert advice.target_stars == before.stars + 1
    after = score_sheet(cset, advice.apply(sheet))
    assert after.stars >= advice.target_stars
    assert after.total == before.total + advice.points_gained
    assert all(u.target_points > u.current_points for u in advice.upgrades)
    assert sum(u.gain for u in advice.upgrades) == advice.points_gained


@settings(max_examples=30, deadline=None)
@given(small_set(), st.data())
def test_the_advice_is_the_cheapest_upgrade(cset, data):
    sheet = data.draw(sheet_for(cset))
    result = score_sheet(cset, sheet)
    assume(result.stars < 5)
    target = result.stars + 1
    best = None
    ranges = [
        sorted(p for p in leaf.allowed_points if p >= sheet[leaf.code]) for leaf in cset.leaves
    ]
    for finals in itertools.product(*ranges):
        points = dict(zip((leaf.code for leaf in cset.leaves), finals, strict=True))
        if evaluate_points(cset, points).stars >= target:
            gain = sum(points[c] - sheet[c] for c in points)
            changed = sum(1 for c in points if points[c] != sheet[c])
            best = min(best or (gain, changed), (gain, changed))
    advice = advise(cset, sheet)
    if best is None:
        assert not advice.reachable
    else:
        assert advice.reachable
        assert (advice.points_gained, len(advice.upgrades)) == best


@settings(max_examples=25, deadline=None)
@given(set_and_sheet(), st.data())
def test_council_average_lies_between_its_members(case, data):
    cset, first = case
    second = data.draw(sheet_for(cset))
    council = score_council(cset, [first, second])
    totals = sorted(member.total for member in council.members)
    assert totals[0] <= council.average_total <= totals[-1]
    assert council.max_spread == totals[-1] - totals[0]
    alone = score_council(cset, [first, first])
    assert (alone.average_total, alone.stars) == (
        council.members[0].total,
        council.members[0].stars,
    )
