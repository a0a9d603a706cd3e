"""Building one criteria set of Phụ lục II from its rows: parts, criteria, cases, points,
star markers, notes and the set's disqualifiers, as plain dicts in the JSON data format."""

from __future__ import annotations

import re
from typing import Any

from ocop.criteria.model import DISQUALIFYING_KINDS, Deviation
from ocop.criteria.parsing.html import Table
from ocop.criteria.parsing.lines import (
    CASE,
    CLASSIFICATION,
    CODE,
    NOTE_START,
    OTHER_BULLETS,
    PART,
    PART_LABEL_POINTS,
    POINTS,
    STANDARD_BULLET,
    STARS,
    ParseError,
    SetHeading,
    classify_note,
)


class SetBuilder:
    """Turns one set's blocks into the JSON-shaped dict, collecting parser deviations."""

    def __init__(
        self, heading: SetHeading, version: str, errata: dict[tuple[str, str], dict[str, Any]]
    ) -> None:
        self.heading = heading
        self.version = version
        # (criterion code, option text) → erratum; entries are consumed as they apply.
        self.errata = dict(errata)
        self.parts: list[dict[str, Any]] = []
        self.part: dict[str, Any] | None = None
        self.group: dict[str, Any] | None = None
        self.node: dict[str, Any] | None = None  # deepest numbered criterion
        self.nodes: dict[str, dict[str, Any]] = {}
        self.case: str | None = None
        self.total: int | None = None
        self.deviations: list[Deviation] = []
        self.group_rules: list[dict[str, Any]] = []  # "các chỉ tiêu trên" zero-point stops

    def fail(self, message: str, row: tuple[tuple[str, ...], ...] | None = None) -> ParseError:
        where = f"Bộ {self.heading.number}"
        if row is not None:
            where += f", dòng «{' | '.join(' ¶ '.join(cell) for cell in row)[:120]}»"
        return ParseError(f"{where}: {message}")

    # Rows ------------------------------------------------------------------------------

    def feed_table(self, table: Table) -> None:
        for row in table.rows:
            self.feed_row(row)

    def feed_row(self, row: tuple[tuple[str, ...], ...]) -> None:
        if not row or not any(row):
            return
        text_cell = list(row[0])
        if len(row) > 2:
            raise self.fail("dòng có nhiều hơn 2 cột.", row)
        points_cell = row[1] if len(row) > 1 else ()
        points_text = points_cell[0].strip() if points_cell else ""
        if len(points_cell) > 1:
            # Set 23, group 9 prints "4" and a stray "1" in the same cell.
            code_match = CODE.match(text_cell[0]) if text_cell else None
            self.deviations.append(
                Deviation(
                    check="points_cell",
                    location=code_match.group("code") if code_match else "row",
                    source_text=" ¶ ".join(text_cell)[:200] + " | " + " ¶ ".join(points_cell),
                    expected="một số điểm",
                    found=list(points_cell),
                    message="Ô thang điểm chứa nhiều hơn một số.",
                    handling=f"Dùng số đầu tiên ({points_text}); các số sau được ghi lại ở đây.",
                )
            )
        if not text_cell:
            if points_text:
                raise self.fail("có điểm nhưng không có nội dung.", row)
            return
        first = text_cell[0]
        folded = first.casefold()
        if folded == "các tiêu chí":
            return
        if folded.startswith("tổng cộng"):
            self.total = self.parse_points(points_text, row)
            return
        part = PART.match(first)
        if part:
            self.start_part(part, text_cell, points_text, row)
            return
        code = CODE.match(first)
        if code:
            self.start_node(
                code.group("code"), code.group("title"), text_cell[1:], points_text, row
            )
            return
        if first.startswith(STANDARD_BULLET) or OTHER_BULLETS.match(first):
            self.add_option(text_cell, points_text, row)
            return
        case = CASE.match(first)
        if case and not points_text:
            self.start_case(case.group("key").lower(), first, row)
            return
        if not points_text:
            for paragraph in text_cell:
                self.add_note(paragraph, row)
            return
        raise self.fail("không nhận ra dòng có điểm này.", row)

    def parse_points(self, text: str, row: Any) -> int:
        if not POINTS.match(text):
            raise self.fail(f"điểm «{text}» không phải số nguyên.", row)
        return int(text)

    def start_part(self, match: re.Match[str], text_cell: list[str], points: str, row: Any) -> None:
        code = match.group("code").upper()
        title = " ".join([match.group("rest"), *text_cell[1:]]).strip()
        label = PART_LABEL_POINTS.search(title)
        title = PART_LABEL_POINTS.sub("", title).strip(" :")
        self.part = {
            "code": code,
            "title": title,
            "max": self.parse_points(points, row),
            "label_points": int(label.group(1)) if label else None,
            "groups": [],
            "_source": " ".join(text_cell),
        }
        self.parts.append(self.part)
        self.group = self.node = None
        self.case = None

    def start_node(self, code: str, title: str, extra: list[str], points: str, row: Any) -> None:
        if self.part is None:
            raise self.fail("tiêu chí đứng trước Phần A.", row)
        max_points = self.parse_points(points, row)
        notes = [self.note(paragraph) for paragraph in extra]
        components = code.split(".")
        self.case = None
        if code in self.nodes or any(g["code"] == code for p in self.parts for g in p["groups"]):
            raise self.fail(f"mã {code} bị lặp.", row)
        if len(components) == 1:
            self.group = {
                "code": code,
                "title": title,
                "max": max_points,
                "is_criterion": False,
                "notes": notes,
                "criteria": [],
                "_source": " ".join([f"{code}. {title}", *extra]),
            }
            self.part["groups"].append(self.group)
            self.node = None
            return
        if self.group is None or components[0] != self.group["code"]:
            raise self.fail(f"mã {code} không thuộc nhóm đang đọc.", row)
        node = {
            "code": code,
            "title": title,
            "max": max_points,
            "kind": "options",
            "notes": notes,
            "options": [],
            "children": [],
            "_source": " ".join([f"{code}. {title}", *extra]),
        }
        parent_code = ".".join(components[:-1])
        if parent_code == self.group["code"]:
            self.group["criteria"].append(node)
        else:
            parent = self.nodes.get(parent_code)
            if parent is None:
                raise self.fail(f"mã {code} không có tiêu chí cha {parent_code}.", row)
            if parent["options"]:
                raise self.fail(
                    f"tiêu chí {parent_code} vừa có phương án vừa có tiêu chí con.", row
                )
            parent["kind"] = "composite"
            parent["children"].append(node)
        self.nodes[code] = node
        self.node = node

    def current_node(self, row: Any) -> dict[str, Any]:
        """The criterion an option belongs to; a group with options becomes a criterion."""
        if self.node is not None:
            return self.node
        if self.group is None:
            raise self.fail("phương án đứng ngoài mọi nhóm tiêu chí.", row)
        if self.group["criteria"]:
            raise self.fail("phương án đứng sau tiêu chí con nhưng không thuộc tiêu chí nào.", row)
        group = self.group
        node = {
            "code": group["code"],
            "title": group["title"],
            "max": group["max"],
            "kind": "options",
            # Notes printed under a group-as-criterion heading belong to that criterion.
            "notes": group["notes"],
            "options": [],
            "children": [],
            "_source": group["_source"],
        }
        group["notes"] = []
        group["is_criterion"] = True
        group["criteria"].append(node)
        self.nodes[node["code"]] = node
        self.node = node
        return node

    def add_option(self, text_cell: list[str], points: str, row: Any) -> None:
        node = self.current_node(row)
        if node["kind"] == "composite":
            raise self.fail(f"phương án nằm dưới tiêu chí tổng hợp {node['code']}.", row)
        first = text_cell[0]
        if first.startswith(STANDARD_BULLET):
            body = first[len(STANDARD_BULLET) :].strip()
        else:
            bullet = OTHER_BULLETS.match(first)
            body = first[bullet.end() :].strip()
            self.deviations.append(
                Deviation(
                    check="option_bullet",
                    location=f"{node['code']}[{len(node['options'])}]",
                    source_text=first,
                    expected="□",
                    found=first[: bullet.end()].strip(),
                    message="Phương án in bằng ký hiệu khác «□».",
                    handling="Vẫn đọc là một phương án của tiêu chí.",
                )
            )
        continuation = []
        for paragraph in text_cell[1:]:
            if NOTE_START.match(paragraph):
                self.add_note(paragraph, row)
            else:
                continuation.append(paragraph)
        text = " ".join([body, *continuation]).strip()
        stars = None
        marker = STARS.match(text)
        if marker:
            stars = marker.group("stars").count("*")
            text = marker.group("text").strip()
        if "*" in text:
            raise self.fail("dấu sao nằm giữa nội dung phương án.", row)
        option: dict[str, Any] = {"text": text, "stars": stars}
        if points:
            option["points"] = self.parse_points(points, row)
        else:
            # Sets 4, 7, 10 and 11 print no points for "Không được cấp giấy chứng nhận chất
            # lượng"; it is the "not met" option, i.e. 0 (validate_set records it).
            option["points"] = 0
            option["printed"] = ""
        erratum = self.errata.pop((node["code"], text), None)
        if erratum is not None:
            if str(option["points"]) != erratum["printed"]:
                raise self.fail(
                    f"đính chính cho {node['code']} «{text}» ghi số in {erratum['printed']} "
                    f"nhưng nguồn in {option['points']}.",
                    row,
                )
            option["printed"] = erratum["printed"]
            option["points"] = erratum["points"]
            option["erratum"] = erratum["reason"]
        if self.case is not None:
            option["case"] = self.case
        node["options"].append(option)

    def start_case(self, key: str, label: str, row: Any) -> None:
        node = self.current_node(row)
        node.setdefault("cases", []).append({"key": key, "label": label})
        self.case = key

    def note(self, text: str) -> dict[str, str]:
        return {"kind": classify_note(text), "text": text}

    def add_note(self, text: str, row: Any) -> None:
        note = self.note(text)
        if "các chỉ tiêu trên" in text.casefold() and self.group is not None:
            # "Nếu được 0 điểm tại một trong các chỉ tiêu trên, sẽ không đánh giá các bước
            # tiếp theo": the rule covers the criteria of the group printed above it.
            self.group["notes"].append(note)
            self.group_rules.append({"group": self.group, "note": note})
            return
        target = self.node if self.node is not None else self.group
        if target is None:
            target = self.part
            if target is None:
                raise self.fail("ghi chú đứng trước Phần A.", row)
            target.setdefault("notes", []).append(note)
            return
        target["notes"].append(note)


def strip_private(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: strip_private(v) for k, v in value.items() if not k.startswith("_")}
    if isinstance(value, list):
        return [strip_private(v) for v in value]
    return value


def iter_nodes(nodes: list[dict[str, Any]]):
    for node in nodes:
        yield node
        yield from iter_nodes(node["children"])


def finish_nodes(builder: SetBuilder) -> None:
    """Yes/no leaves, kinds, `requires` links; drop empty children/options lists."""
    for part in builder.parts:
        for group in part["groups"]:
            leaves_by_title = {}
            for node in iter_nodes(group["criteria"]):
                if node["kind"] == "composite":
                    continue
                if not node["options"]:
                    # QĐ 26/2026 Phụ lục II prints e.g. "2.4. Ghi nhãn … song ngữ | 1" with no
                    # options: it is met (full points) or not (0).
                    node["kind"] = "yes_no"
                    node["options"] = [
                        {"text": "Không", "points": 0, "stars": None, "synthetic": True},
                        {"text": "Có", "points": node["max"], "stars": None, "synthetic": True},
                    ]
                leaves_by_title[node["title"].casefold()] = node
            for node in iter_nodes(group["criteria"]):
                for note in node["notes"]:
                    if (
                        note["kind"] == "applicability"
                        and "câu chuyện sản phẩm" in note["text"].casefold()
                    ):
                        story = leaves_by_title.get("câu chuyện sản phẩm")
                        if story is None or story is node:
                            raise builder.fail(
                                f"tiêu chí {node['code']} chỉ áp dụng khi có câu chuyện sản phẩm "
                                "nhưng không tìm thấy tiêu chí «Câu chuyện sản phẩm»."
                            )
                        positive = sorted(o["points"] for o in story["options"] if o["points"] > 0)
                        node["requires"] = {
                            "criterion": story["code"],
                            "min_points": positive[0],
                            "source_text": note["text"],
                        }


def leaf_codes(nodes: list[dict[str, Any]]) -> list[str]:
    return [n["code"] for n in iter_nodes(nodes) if n["kind"] != "composite"]


def disqualifiers_of(builder: SetBuilder, set_level: list[str]) -> list[dict[str, Any]]:
    result = [
        {"id": f"set-{index}", "scope": "set", "kind": "disqualifier", "text": text}
        for index, text in enumerate(set_level, start=1)
    ]
    for part in builder.parts:
        for group in part["groups"]:
            count = 0
            for note in group["notes"]:
                if note["kind"] in DISQUALIFYING_KINDS:
                    count += 1
                    item = {
                        "id": f"{group['code']}-{count}",
                        "scope": group["code"],
                        "kind": note["kind"],
                        "text": note["text"],
                    }
                    rule = next((r for r in builder.group_rules if r["note"] is note), None)
                    if rule is not None:
                        item["zero_points_in"] = leaf_codes(group["criteria"])
                    result.append(item)
            for node in iter_nodes(group["criteria"]):
                count = 0
                for note in node["notes"]:
                    if note["kind"] in DISQUALIFYING_KINDS:
                        count += 1
                        result.append(
                            {
                                "id": f"{node['code']}-{count}",
                                "scope": node["code"],
                                "kind": note["kind"],
                                "text": note["text"],
                            }
                        )
    return result


def parse_classification_line(line: str) -> dict[str, str | None]:
    match = CLASSIFICATION.match(line)
    if not match:
        raise ParseError(f"Không đọc được dòng phân loại «{line}».")
    return {"san_pham": match.group("sp").strip(" ."), "nhom": (match.group("nhom") or None)}


def same_text(a: str | None, b: str | None) -> bool:
    norm = lambda s: re.sub(r"[\s.,;:()]+", " ", (s or "").casefold()).strip()  # noqa: E731
    return norm(a) == norm(b)
