"""Turns a criteria set plus a sheet into rows a template can draw (no logic in templates).

Used by the criteria browser, the producer's self-assessment (Mẫu 02 Phần III) and, later,
the council members' score sheets: one component, `criteria/_sheet.html`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from django.http import QueryDict

from ocop.criteria.engine import SheetProblem, check_sheet
from ocop.criteria.model import CriteriaSet, Criterion, Option

FIELD_PREFIX = "c_"
_WHOLE_NUMBER = re.compile(r"-?[0-9]+")


def field_name(code: str) -> str:
    return f"{FIELD_PREFIX}{code}"


def anchor(code: str) -> str:
    return "tc-" + code.replace(".", "-")


@dataclass
class OptionRow:
    text: str
    points: int
    stars: int | None
    case_label: str | None
    checked: bool
    note: str | None = None  # an erratum or "printed without points" explanation


@dataclass
class CriterionRow:
    code: str
    title: str
    max: int
    depth: int
    is_leaf: bool
    anchor: str
    field: str
    options: list[OptionRow] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    has_zero_option: bool = False
    zero_checked: bool = False
    error: str | None = None


@dataclass
class GroupRows:
    code: str
    title: str
    max: int
    notes: list[str]
    rows: list[CriterionRow]


@dataclass
class PartRows:
    code: str
    title: str
    max: int
    groups: list[GroupRows]


def _option_note(option: Option) -> str | None:
    if option.erratum:
        return f"Văn bản in {option.printed!r} điểm; áp dụng {option.points} điểm: {option.erratum}"
    if option.printed == "":
        return "Văn bản không ghi điểm cho phương án này; tính 0 điểm."
    return None


def _rows(criterion: Criterion, points: Mapping[str, int], errors: Mapping[str, str], depth: int):
    labels = {case.key: case.label for case in criterion.cases}
    chosen = points.get(criterion.code)
    options = []
    checked_once = False
    previous_case = None
    for option in criterion.options:
        is_checked = chosen is not None and option.points == chosen and not checked_once
        checked_once = checked_once or is_checked
        case_label = labels.get(option.case) if option.case != previous_case else None
        previous_case = option.case
        options.append(
            OptionRow(
                text=option.text,
                points=option.points,
                stars=option.stars,
                case_label=case_label,
                checked=is_checked,
                note=_option_note(option),
            )
        )
    has_zero = any(option.points == 0 for option in criterion.options)
    row = CriterionRow(
        code=criterion.code,
        title=criterion.title,
        max=criterion.max,
        depth=depth,
        is_leaf=criterion.is_leaf,
        anchor=anchor(criterion.code),
        field=field_name(criterion.code),
        options=options,
        notes=[note.text for note in criterion.notes],
        has_zero_option=has_zero,
        zero_checked=criterion.is_leaf and not has_zero and chosen == 0,
        error=errors.get(criterion.code),
    )
    yield row
    for child in criterion.children:
        yield from _rows(child, points, errors, depth + 1)


def sheet_rows(
    cset: CriteriaSet, points: Mapping[str, int] | None = None, problems: list[SheetProblem] = ()
) -> list[PartRows]:
    points = points or {}
    errors = {problem.criterion: problem.message for problem in problems if problem.criterion}
    return [
        PartRows(
            code=part.code,
            title=part.title,
            max=part.max,
            groups=[
                GroupRows(
                    code=group.code,
                    title=group.title,
                    max=group.max,
                    notes=[note.text for note in group.notes],
                    rows=[row for criterion in group.criteria for row in _rows(criterion, points, errors, 0)],
                )
                for group in part.groups
            ],
        )
        for part in cset.parts
    ]


def points_from_post(cset: CriteriaSet, data: QueryDict) -> tuple[dict[str, int], list[SheetProblem]]:
    """Read a submitted sheet. Unanswered leaves count as 0 ("không đạt phương án nào")."""
    raw: dict[str, object] = {}
    for leaf in cset.leaves:
        value = data.get(field_name(leaf.code), "0").strip() or "0"
        # A plain ASCII integer only ("--5" or "²" pass str.isdigit() tricks but not int()):
        # anything else stays text and check_sheet names the criterion in its message.
        raw[leaf.code] = int(value) if _WHOLE_NUMBER.fullmatch(value) else value
    problems = check_sheet(cset, raw)
    if problems:
        return {}, problems
    return {code: int(value) for code, value in raw.items()}, []


def stars_text(stars: int | None) -> str:
    return "★" * stars if stars else "—"


@dataclass
class LeafFlag:
    anchor: str
    text: str


def leaf_flags(cset: CriteriaSet, result) -> list[LeafFlag]:
    """One flag per leaf (empty text when fine), so a live update also clears old flags."""
    unmet: dict[str, list[str]] = {}
    if result is not None:
        for item in result.unmet_minimums:
            unmet.setdefault(item.criterion, []).append(
                f"Chưa đạt yêu cầu tối thiểu {item.stars} sao (cần {item.required_points} điểm)"
            )
    return [LeafFlag(anchor(leaf.code), "; ".join(unmet.get(leaf.code, []))) for leaf in cset.leaves]
