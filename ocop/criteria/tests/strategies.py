"""Hypothesis strategies: valid sheets for real sets, and small synthetic criteria sets."""

from hypothesis import strategies as st

from ocop.criteria import catalog
from ocop.criteria.model import CriteriaSet, Criterion, Group, Option, Part


def fix_requires(cset: CriteriaSet, sheet: dict) -> dict:
    """Zero any leaf whose `requires` is not met (5.2 without a story), keeping it valid."""
    for leaf in cset.leaves:
        rule = leaf.requires
        if rule and sheet[leaf.code] > 0 and sheet[rule.criterion] < rule.min_points:
            sheet[leaf.code] = 0
    return sheet


@st.composite
def sheet_for(draw, cset: CriteriaSet) -> dict:
    sheet = {leaf.code: draw(st.sampled_from(sorted(leaf.allowed_points))) for leaf in cset.leaves}
    return fix_requires(cset, sheet)


@st.composite
def set_and_sheet(draw):
    cset = catalog.get_set(draw(st.integers(1, 26)))
    return cset, draw(sheet_for(cset))


@st.composite
def small_set(draw) -> CriteriaSet:
    """3–5 leaves (one per group), 2–4 options of 0–20 points, random star markers."""
    count = draw(st.integers(3, 5))
    leaves = []
    for index in range(count):
        size = draw(st.integers(2, 4))
        points = sorted(draw(st.sets(st.integers(0, 20), min_size=size, max_size=size)))
        levels = sorted(draw(st.sets(st.sampled_from((3, 4, 5)), max_size=min(3, size))))
        marked = sorted(
            draw(st.lists(st.integers(0, size - 1), min_size=len(levels), max_size=len(levels),
                          unique=True))
        )  # fmt: skip
        stars_at = dict(zip(marked, levels, strict=True))
        part = "A" if index < 2 else "B" if index == 2 else "C"
        code = str(index + 1)
        leaves.append(
            Criterion(
                code=code,
                title=f"Tiêu chí {code}",
                max=points[-1],
                part=part,
                group=code,
                kind="options",
                options=tuple(
                    Option(text=f"{p} điểm", points=p, stars=stars_at.get(i))
                    for i, p in enumerate(points)
                ),
            )
        )
    parts = []
    for code in ("A", "B", "C"):
        groups = tuple(
            Group(code=leaf.code, title=leaf.title, max=leaf.max, part=code, criteria=(leaf,),
                  is_criterion=True)
            for leaf in leaves
            if leaf.part == code
        )  # fmt: skip
        parts.append(
            Part(code=code, title=code, max=sum(g.max for g in groups), label_points=None,
                 groups=groups)
        )  # fmt: skip
    return CriteriaSet(
        version="test",
        number=99,
        name="Bộ thử",
        heading="99. Bộ thử",
        classification={},
        disqualifiers=(),
        parts=tuple(parts),
        total=100,
        star_legend=None,
    )
