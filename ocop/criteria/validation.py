"""Consistency checks of a criteria set against the rules of QĐ 26/2026.

`validate_set` is pure: it returns the list of `Deviation`s it finds and changes nothing.
The parser stores those deviations in the data file next to the numbers as printed, so a
typo in the source stays visible ("never change a number silently"); `ocop_parse_criteria
--check` re-runs the checks on the committed files and fails on any deviation that is not
recorded.

Checks (QĐ 26/2026 Điều 3.1 and 3.3, Phụ lục II):
  part_order      parts are A, B, C in that order
  part_max        A 40 / B 25 / C 35 (Điều 3.1)
  part_label      the "(40 Điểm)" label agrees with the "Thang điểm" column
  part_sum        a part's groups add up to the part's maximum
  group_sum       a group's criteria add up to the group's maximum
  criterion_sum   a composite criterion's sub-criteria add up to its maximum
  criterion_max   a leaf's best option equals its printed maximum
  total           the "TỔNG CỘNG" row and the parts add up to 100 (Điều 3.3)
  max_points      the best options of all leaves add up to 100
  star_marker     at most one marker per star level in a criterion; higher levels never
                  sit on lower options
  duplicate_option_points  two options of a criterion (same case) carry the same points
  option_points_missing    an option printed without points (scored 0)
  erratum         an option whose printed points are corrected by data/<version>/errata.json
"""

from __future__ import annotations

from collections.abc import Mapping

from ocop.criteria.model import CriteriaSet, Criterion, Deviation

# QĐ 26/2026 Điều 3.1: Phần A 40, Phần B 25, Phần C 35; Điều 3.3: tối đa 100 điểm.
PART_MAXIMA = {"A": 40, "B": 25, "C": 35}
TOTAL_POINTS = 100


def _dev(check: str, location: str, source: str, expected, found, message: str, handling: str):
    return Deviation(
        check=check,
        location=location,
        source_text=source,
        expected=expected,
        found=found,
        message=message,
        handling=handling,
    )


_KEEP = "Giữ nguyên số liệu như nguồn; điểm tối đa thực tế của phiếu là tổng phương án cao nhất."


def _sum_deviation(check: str, code: str, source: str, printed_max, children_sum, message: str) -> list[Deviation]:
    """A printed maximum that differs from the sum of its children; the source's numbers are kept."""
    if children_sum == printed_max:
        return []
    return [_dev(check, code, source, printed_max, children_sum, message, _KEEP)]


def _criterion_checks(node: Criterion, sources: Mapping[str, str]) -> list[Deviation]:
    found: list[Deviation] = []
    source = sources.get(node.code, f"{node.code}. {node.title}")
    if node.kind == "composite":
        children_sum = sum(child.max for child in node.children)
        found.extend(
            _sum_deviation(
                "criterion_sum",
                node.code,
                source,
                node.max,
                children_sum,
                f"Tổng điểm các tiêu chí con của {node.code} là {children_sum}, "
                f"khác điểm tối đa in ở tiêu chí ({node.max}).",
            )
        )
        for child in node.children:
            found.extend(_criterion_checks(child, sources))
        return found
    for index, option in enumerate(node.options):
        location = f"{node.code}[{index}]"
        if option.printed == "":
            found.append(
                _dev(
                    "option_points_missing",
                    location,
                    f"□ {option.text} | (trống)",
                    "một số điểm",
                    "",
                    f"Nguồn không in điểm cho một phương án của tiêu chí {node.code}.",
                    "Tính 0 điểm: đây là phương án «không đạt» (0 điểm luôn được chấp nhận).",
                )
            )
        elif option.printed is not None:
            found.append(
                _dev(
                    "erratum",
                    location,
                    f"□ {option.text} | {option.printed}",
                    option.points,
                    option.printed,
                    f"Nguồn in {option.printed} điểm; {option.erratum}",
                    f"Đính chính (errata.json): dùng {option.points} điểm. Với số in, tiêu chí "
                    f"{node.code} vượt điểm tối đa {node.max} và tổng điểm tối đa của bộ vượt 100.",
                )
            )
    best = node.best_points
    if best != node.max:
        found.append(
            _dev(
                "criterion_max",
                node.code,
                source,
                node.max,
                best,
                f"Phương án cao nhất của tiêu chí {node.code} được {best} điểm, "
                f"khác điểm tối đa in ở tiêu chí ({node.max}).",
                "Điểm tối đa thực tế của tiêu chí là phương án cao nhất; số in được giữ nguyên.",
            )
        )
    by_case: dict[str | None, dict[int, int]] = {}
    for option in node.options:
        counts = by_case.setdefault(option.case, {})
        counts[option.points] = counts.get(option.points, 0) + 1
    for case, counts in by_case.items():
        for points, count in sorted(counts.items()):
            if count > 1:
                texts = " / ".join(
                    o.text for o in node.options if o.points == points and o.case == case
                )
                found.append(
                    _dev(
                        "duplicate_option_points",
                        node.code,
                        texts,
                        "mỗi phương án một mức điểm",
                        f"{count} phương án cùng {points} điểm",
                        f"Tiêu chí {node.code} có {count} phương án cùng {points} điểm "
                        "(có thể là lỗi in của nguồn).",
                        "Giữ nguyên; phiếu chấm nhập theo điểm nên các phương án này tương đương.",
                    )
                )
    seen_levels: dict[int, int] = {}
    for option in node.options:
        if option.stars is None:
            continue
        if option.stars in seen_levels:
            found.append(
                _dev(
                    "star_marker",
                    node.code,
                    option.text,
                    "một dấu sao mỗi cấp",
                    f"hai dấu {option.stars} sao",
                    f"Tiêu chí {node.code} có hai phương án cùng đánh dấu {option.stars} sao.",
                    "Yêu cầu tối thiểu lấy theo phương án cao điểm hơn.",
                )
            )
        seen_levels[option.stars] = option.points
    levels = sorted(seen_levels)
    for lower, higher in zip(levels, levels[1:], strict=False):
        if seen_levels[higher] < seen_levels[lower]:
            found.append(
                _dev(
                    "star_marker",
                    node.code,
                    source,
                    f"mức {higher} sao ≥ mức {lower} sao",
                    f"{higher} sao: {seen_levels[higher]} điểm < {lower} sao: {seen_levels[lower]} điểm",
                    f"Dấu sao của tiêu chí {node.code} không tăng dần theo điểm.",
                    "Yêu cầu cho N sao là phương án cao nhất trong các dấu ≤ N sao.",
                )
            )
    return found


def validate_set(cset: CriteriaSet, *, sources: Mapping[str, str] | None = None) -> list[Deviation]:
    """Return every deviation of `cset` from the structure required by QĐ 26/2026."""
    sources = sources or {}
    found: list[Deviation] = []
    codes = [part.code for part in cset.parts]
    if codes != list(PART_MAXIMA):
        found.append(
            _dev(
                "part_order",
                "parts",
                ", ".join(codes),
                list(PART_MAXIMA),
                codes,
                "Bộ tiêu chí không gồm đúng ba phần A, B, C theo thứ tự.",
                "Giữ nguyên thứ tự như nguồn.",
            )
        )
    for part in cset.parts:
        source = sources.get(part.code, f"Phần {part.code}: {part.title}")
        expected = PART_MAXIMA.get(part.code)
        if expected is not None and part.max != expected:
            found.append(
                _dev(
                    "part_max",
                    part.code,
                    source,
                    expected,
                    part.max,
                    f"Phần {part.code} được in {part.max} điểm; Điều 3.1 quy định {expected} điểm.",
                    _KEEP,
                )
            )
        if part.label_points is not None and part.label_points != part.max:
            found.append(
                _dev(
                    "part_label",
                    part.code,
                    source,
                    part.max,
                    part.label_points,
                    f"Nhãn Phần {part.code} ghi «({part.label_points} Điểm)» nhưng cột thang "
                    f"điểm ghi {part.max}.",
                    f"Dùng cột thang điểm ({part.max}), khớp tổng các nhóm và Điều 3.1.",
                )
            )
        groups_sum = sum(group.max for group in part.groups)
        found.extend(
            _sum_deviation(
                "part_sum",
                part.code,
                source,
                part.max,
                groups_sum,
                f"Tổng điểm các nhóm của Phần {part.code} là {groups_sum}, khác {part.max}.",
            )
        )
        for group in part.groups:
            group_source = sources.get(group.code, f"{group.code}. {group.title}")
            if not group.is_criterion:
                criteria_sum = sum(criterion.max for criterion in group.criteria)
                found.extend(
                    _sum_deviation(
                        "group_sum",
                        group.code,
                        group_source,
                        group.max,
                        criteria_sum,
                        f"Tổng điểm các tiêu chí của nhóm {group.code} là {criteria_sum}, "
                        f"khác điểm tối đa in ở nhóm ({group.max}).",
                    )
                )
            for criterion in group.criteria:
                found.extend(_criterion_checks(criterion, sources))
    parts_sum = sum(part.max for part in cset.parts)
    if cset.total != TOTAL_POINTS or parts_sum != TOTAL_POINTS:
        found.append(
            _dev(
                "total",
                "set",
                f"TỔNG CỘNG | {cset.total}",
                TOTAL_POINTS,
                {"tong_cong": cset.total, "parts": parts_sum},
                f"Tổng cộng in {cset.total}, tổng các phần {parts_sum}; Điều 3.3 quy định 100.",
                _KEEP,
            )
        )
    if cset.max_points != TOTAL_POINTS:
        found.append(
            _dev(
                "max_points",
                "set",
                "(tổng phương án cao nhất của các tiêu chí)",
                TOTAL_POINTS,
                cset.max_points,
                f"Chọn phương án cao nhất ở mọi tiêu chí được {cset.max_points} điểm, khác 100.",
                "Phiếu được chấm theo phương án như nguồn; điểm tối đa thực tế là "
                f"{cset.max_points}.",
            )
        )
    return found


def unrecorded_deviations(cset: CriteriaSet) -> list[Deviation]:
    """Deviations the checks find now that the data file does not record."""
    recorded = {(d.check, d.location, str(d.found)) for d in cset.deviations}
    return [d for d in validate_set(cset) if (d.check, d.location, str(d.found)) not in recorded]
