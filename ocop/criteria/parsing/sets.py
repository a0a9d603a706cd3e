"""Read Phụ lục I (classification) and Phụ lục II (the 26 criteria sets) from the blocks.

How the source is laid out (QĐ 26/2026/QĐ-TTg as HTML):

* Phụ lục I is one table: rows "I | SẢN PHẨM THỰC PHẨM", "1 | Nhóm: …", "a | Phân nhóm: …",
  with the managing ministries in a third column. Its leaves, in order, are the 26 bộ.
* Phụ lục II opens with an index table ("STT | Nội dung": "1 | Bộ sản phẩm: …"), then for
  each set: a heading paragraph "N. Bộ sản phẩm: …" (sets 12 and 13 omit "Bộ sản phẩm:",
  set 19's number and name sit in separate anchors), a classification line
  "(Sản phẩm: …. Nhóm: …)", blank form fields, "Hồ sơ bị loại khi: …" (set 19: "Bị loại
  khi: …", set 26: none), the criteria table ("Các tiêu chí | Thang điểm") and the legend
  "Ghi chú: Dấu sao là yêu cầu tối thiểu …".

A set heading is recognised as a numbered paragraph directly followed by a paragraph
starting "(Sản phẩm", which holds for all three irregular headings.

The builder produces plain dicts in the JSON data format; `CriteriaSet.from_dict` turns
them into the model. Anything the builder does not understand raises `ParseError` with the
set and row, so a changed source fails loudly instead of yielding silently wrong data.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ocop.criteria.model import DISQUALIFYING_KINDS, CriteriaSet, Deviation
from ocop.criteria.parsing.html import Block, Paragraph, Table
from ocop.criteria.validation import validate_set


class ParseError(ValueError):
    pass


_HEADING = re.compile(r"^(\d{1,2})\s*\.\s*(\S.*)$")
_SET_PREFIX = re.compile(r"^bộ sản phẩm\s*:\s*", re.IGNORECASE)
_CLASSIFICATION = re.compile(
    r"^\(\s*sản phẩm\s*:\s*(?P<sp>.*?)\s*(?:[.,;]\s*nhóm\s*:\s*(?P<nhom>.*?))?\s*[.]?\s*\)?$",
    re.IGNORECASE,
)
_SET_DISQUALIFIER = re.compile(r"^(?:hồ sơ\s+)?bị loại khi\s*:\s*(?P<text>.+)$", re.IGNORECASE)
_STAR_LEGEND = re.compile(r"^ghi chú\s*:\s*dấu sao", re.IGNORECASE)
_PART = re.compile(r"^phần\s+(?P<code>[abc])\b\s*:?\s*(?P<rest>.*)$", re.IGNORECASE)
_PART_LABEL_POINTS = re.compile(r"\(\s*(\d+)\s*điểm\s*\)", re.IGNORECASE)
_CODE = re.compile(r"^(?P<code>\d+(?:\.\d+)*)\.?\s+(?P<title>\S.*)$")
_CASE = re.compile(r"^(?P<key>[a-z])\.\s*(?P<label>trường hợp.*)$", re.IGNORECASE)
_POINTS = re.compile(r"^\d+$")
_STARS = re.compile(r"^(?P<text>.*?)\s*(?P<stars>(?:\*\s*){3,5})$")
# The source's option box is "□"; set 7 once prints "o" instead.
_STANDARD_BULLET = "□"
_OTHER_BULLETS = re.compile(r"^(?:[☐❑▢■•]|o(?=\s))\s*")
_NOTE_START = re.compile(r"^(?:ghi chú|chú ý)\s*:", re.IGNORECASE)
_ROMAN = re.compile(r"^[IVX]+$")


def classify_note(text: str) -> str:
    """Classify a note by its wording (see model.NOTE_KINDS)."""
    folded = text.casefold()
    if folded.startswith("yêu cầu"):
        return "requirement"
    if "bị loại" in folded:
        return "disqualifier"
    if "không đánh giá các bước tiếp theo" in folded or "không xem xét các chỉ tiêu khác" in folded:
        return "stop"
    if "không đánh giá những sản phẩm" in folded:
        return "not_evaluated"
    if "chỉ áp dụng khi" in folded or folded.startswith("áp dụng bắt buộc"):
        return "applicability"
    if folded.startswith("lựa chọn một trong"):
        return "choice"
    if folded.startswith("(") or folded.startswith("chất lượng"):
        return "description"
    if "phiếu kiểm nghiệm" in folded or "đánh giá dựa trên" in folded:
        return "evidence"
    return "note"


@dataclass(frozen=True)
class SetHeading:
    number: int
    heading: str
    title: str  # the heading without the number and "Bộ sản phẩm:"
    classification_line: str
    start: int  # block index of the heading paragraph


# --- Phụ lục I -------------------------------------------------------------------------


def _find_paragraph(blocks: list[Block], text: str, start: int = 0) -> int | None:
    wanted = text.casefold()
    for index in range(start, len(blocks)):
        block = blocks[index]
        if isinstance(block, Paragraph) and block.text.casefold() == wanted:
            return index
    return None


def _split_agencies(text: str) -> list[str]:
    return [part.strip() for part in re.split(r"\s*;\s*", text) if part.strip()]


def parse_classification(blocks: list[Block]) -> list[dict[str, Any]]:
    """The leaves of Phụ lục I in order: one per criteria set."""
    start = _find_paragraph(blocks, "PHỤ LỤC I")
    if start is None:
        raise ParseError("Không tìm thấy Phụ lục I (danh mục phân loại sản phẩm).")
    table = next((b for b in blocks[start:] if isinstance(b, Table)), None)
    if table is None:
        raise ParseError("Phụ lục I không có bảng phân loại.")
    leaves: list[dict[str, Any]] = []
    nganh: dict[str, str] | None = None
    nhom: dict[str, Any] | None = None
    for row in table.rows[1:]:
        cells = [" ".join(cell) for cell in row]
        if len(cells) < 2:
            continue
        code, label = cells[0], cells[1]
        agencies = _split_agencies(cells[2]) if len(cells) > 2 else []
        if _ROMAN.match(code):
            nganh = {"code": code, "name": label}
            nhom = None
        elif code.isdigit():
            name = re.sub(r"^nhóm\s*:\s*", "", label, flags=re.IGNORECASE)
            nhom = {"code": code, "name": name, "agencies": agencies, "has_children": False}
            leaves.append({"nganh": nganh, "nhom": nhom, "phan_nhom": None})
        elif re.fullmatch(r"[a-zđ]", code):
            if nhom is None:
                raise ParseError(f"Phụ lục I: phân nhóm {code} không thuộc nhóm nào.")
            name = re.sub(r"^phân nhóm\s*:\s*", "", label, flags=re.IGNORECASE)
            if not nhom["has_children"]:
                # The nhóm row was provisionally a leaf; it has sub-groups after all.
                leaves.pop()
                nhom["has_children"] = True
            leaves.append(
                {
                    "nganh": nganh,
                    "nhom": nhom,
                    "phan_nhom": {"code": code, "name": name},
                    "agencies": agencies,
                }
            )
    result = []
    for leaf in leaves:
        nhom = leaf["nhom"]
        result.append(
            {
                "nganh": dict(leaf["nganh"]) if leaf["nganh"] else None,
                "nhom": {"code": nhom["code"], "name": nhom["name"]},
                "phan_nhom": leaf["phan_nhom"],
                "agencies": leaf.get("agencies") or nhom["agencies"],
            }
        )
    return result


# --- Phụ lục II: locating the sets -------------------------------------------------------


def appendix_ii_bounds(blocks: list[Block]) -> tuple[int, int]:
    start = _find_paragraph(blocks, "PHỤ LỤC II")
    if start is None:
        raise ParseError("Không tìm thấy Phụ lục II (bộ tiêu chí).")
    end = _find_paragraph(blocks, "PHỤ LỤC III", start + 1)
    return start, end if end is not None else len(blocks)


def parse_index(blocks: list[Block], start: int, end: int) -> list[tuple[int, str]]:
    """The list of sets at the top of Phụ lục II: (number, name)."""
    for block in blocks[start:end]:
        if isinstance(block, Table) and block.rows:
            header = [" ".join(cell).casefold() for cell in block.rows[0]]
            if header[:2] == ["stt", "nội dung"]:
                index = []
                for row in block.rows[1:]:
                    number, name = " ".join(row[0]), " ".join(row[1])
                    if number.isdigit():
                        index.append((int(number), _SET_PREFIX.sub("", name)))
                return index
    raise ParseError("Phụ lục II không có bảng danh mục bộ sản phẩm (STT | Nội dung).")


def find_set_headings(blocks: list[Block], start: int, end: int) -> list[SetHeading]:
    headings = []
    for index in range(start, end - 1):
        block, following = blocks[index], blocks[index + 1]
        if not (isinstance(block, Paragraph) and isinstance(following, Paragraph)):
            continue
        match = _HEADING.match(block.text)
        if match and following.text.casefold().startswith("(sản phẩm"):
            headings.append(
                SetHeading(
                    number=int(match.group(1)),
                    heading=block.text,
                    title=_SET_PREFIX.sub("", match.group(2)).strip(),
                    classification_line=following.text,
                    start=index,
                )
            )
    return headings


# --- One set ----------------------------------------------------------------------------


class _SetBuilder:
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
            code_match = _CODE.match(text_cell[0]) if text_cell else None
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
        part = _PART.match(first)
        if part:
            self.start_part(part, text_cell, points_text, row)
            return
        code = _CODE.match(first)
        if code:
            self.start_node(
                code.group("code"), code.group("title"), text_cell[1:], points_text, row
            )
            return
        if first.startswith(_STANDARD_BULLET) or _OTHER_BULLETS.match(first):
            self.add_option(text_cell, points_text, row)
            return
        case = _CASE.match(first)
        if case and not points_text:
            self.start_case(case.group("key").lower(), first, row)
            return
        if not points_text:
            for paragraph in text_cell:
                self.add_note(paragraph, row)
            return
        raise self.fail("không nhận ra dòng có điểm này.", row)

    def parse_points(self, text: str, row: Any) -> int:
        if not _POINTS.match(text):
            raise self.fail(f"điểm «{text}» không phải số nguyên.", row)
        return int(text)

    def start_part(self, match: re.Match[str], text_cell: list[str], points: str, row: Any) -> None:
        code = match.group("code").upper()
        title = " ".join([match.group("rest"), *text_cell[1:]]).strip()
        label = _PART_LABEL_POINTS.search(title)
        title = _PART_LABEL_POINTS.sub("", title).strip(" :")
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
        if first.startswith(_STANDARD_BULLET):
            body = first[len(_STANDARD_BULLET) :].strip()
        else:
            bullet = _OTHER_BULLETS.match(first)
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
            if _NOTE_START.match(paragraph):
                self.add_note(paragraph, row)
            else:
                continuation.append(paragraph)
        text = " ".join([body, *continuation]).strip()
        stars = None
        marker = _STARS.match(text)
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


def _strip_private(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _strip_private(v) for k, v in value.items() if not k.startswith("_")}
    if isinstance(value, list):
        return [_strip_private(v) for v in value]
    return value


def _iter_nodes(nodes: list[dict[str, Any]]):
    for node in nodes:
        yield node
        yield from _iter_nodes(node["children"])


def _finish_nodes(builder: _SetBuilder) -> None:
    """Yes/no leaves, kinds, `requires` links; drop empty children/options lists."""
    for part in builder.parts:
        for group in part["groups"]:
            leaves_by_title = {}
            for node in _iter_nodes(group["criteria"]):
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
            for node in _iter_nodes(group["criteria"]):
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


def _leaf_codes(nodes: list[dict[str, Any]]) -> list[str]:
    return [n["code"] for n in _iter_nodes(nodes) if n["kind"] != "composite"]


def _disqualifiers(builder: _SetBuilder, set_level: list[str]) -> list[dict[str, Any]]:
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
                        item["zero_points_in"] = _leaf_codes(group["criteria"])
                    result.append(item)
            for node in _iter_nodes(group["criteria"]):
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


def _parse_classification_line(line: str) -> dict[str, str | None]:
    match = _CLASSIFICATION.match(line)
    if not match:
        raise ParseError(f"Không đọc được dòng phân loại «{line}».")
    return {"san_pham": match.group("sp").strip(" ."), "nhom": (match.group("nhom") or None)}


def _same(a: str | None, b: str | None) -> bool:
    norm = lambda s: re.sub(r"[\s.,;:()]+", " ", (s or "").casefold()).strip()  # noqa: E731
    return norm(a) == norm(b)


def parse_set(
    blocks: list[Block],
    heading: SetHeading,
    end: int,
    *,
    version: str,
    index_name: str | None,
    appendix_i: dict[str, Any] | None,
    errata: Sequence[dict[str, Any]] = (),
) -> CriteriaSet:
    builder = _SetBuilder(heading, version, {(e["criterion"], e["option"]): e for e in errata})
    set_disqualifiers: list[str] = []
    star_legend = None
    table_seen = False
    for block in blocks[heading.start + 2 : end]:
        if isinstance(block, Paragraph):
            match = _SET_DISQUALIFIER.match(block.text)
            if match and not table_seen:
                text = match.group("text").strip()
                if text in set_disqualifiers:
                    builder.deviations.append(
                        Deviation(
                            check="duplicate_paragraph",
                            location="set",
                            source_text=block.text,
                            expected="in một lần",
                            found="in hai lần",
                            message="Dòng «Hồ sơ bị loại khi» được in lặp lại.",
                            handling="Chỉ ghi nhận một lần.",
                        )
                    )
                else:
                    set_disqualifiers.append(text)
            elif _STAR_LEGEND.match(block.text):
                star_legend = block.text
        elif isinstance(block, Table) and not table_seen:
            if (
                block.rows
                and block.rows[0]
                and " ".join(block.rows[0][0]).casefold() == "các tiêu chí"
            ):
                builder.feed_table(block)
                table_seen = True
    if not table_seen:
        raise builder.fail("không tìm thấy bảng tiêu chí («Các tiêu chí | Thang điểm»).")
    if builder.total is None:
        raise builder.fail("bảng tiêu chí không có dòng «TỔNG CỘNG».")
    if builder.errata:
        missing = ", ".join(f"{code} «{text}»" for code, text in builder.errata)
        raise builder.fail(f"đính chính không khớp phương án nào của nguồn: {missing}.")
    _finish_nodes(builder)

    heading_class = _parse_classification_line(heading.classification_line)
    classification: dict[str, Any] = {
        "source_line": heading.classification_line,
        "san_pham": heading_class["san_pham"],
        "nhom": heading_class["nhom"],
        "appendix_i": appendix_i,
    }
    if appendix_i is not None:
        wanted = appendix_i["nhom"]["name"]
        if heading_class["nhom"] is not None and not _same(heading_class["nhom"], wanted):
            builder.deviations.append(
                Deviation(
                    check="classification",
                    location="heading",
                    source_text=heading.classification_line,
                    expected=f"Nhóm: {wanted}",
                    found=f"Nhóm: {heading_class['nhom']}",
                    message="Tên nhóm ở đầu bộ tiêu chí khác tên nhóm ở Phụ lục I.",
                    handling="Lưu cả hai; phân loại chính thức lấy theo Phụ lục I.",
                )
            )
    name = index_name or heading.title
    if index_name is not None and not _same(index_name, heading.title):
        builder.deviations.append(
            Deviation(
                check="heading_name",
                location="heading",
                source_text=heading.heading,
                expected=f"Bộ sản phẩm: {index_name}",
                found=heading.title,
                message="Tên bộ ở tiêu đề khác tên trong danh mục đầu Phụ lục II.",
                handling="Tên bộ lấy theo danh mục; tiêu đề in được giữ nguyên trong «heading».",
            )
        )
    for part in builder.parts:
        if part.get("notes"):
            raise builder.fail(f"ghi chú ở cấp Phần {part['code']} chưa được hỗ trợ.")
    data = {
        "version": version,
        "number": heading.number,
        "name": name,
        "heading": heading.heading,
        "classification": classification,
        "disqualifiers": _disqualifiers(builder, set_disqualifiers),
        "total": builder.total,
        "star_legend": star_legend,
        "parts": _strip_private(builder.parts),
        "deviations": [],
    }
    for part in data["parts"]:
        for group in part["groups"]:
            for node in list(_iter_nodes(group["criteria"])):
                if node["kind"] == "composite":
                    node.pop("options")
                else:
                    node.pop("children")
    cset = CriteriaSet.from_dict(data)
    # Keep the quoted source lines the validator needs for its messages.
    sources = {
        **{p["code"]: p["_source"] for p in builder.parts},
        **{g["code"]: g["_source"] for p in builder.parts for g in p["groups"]},
        **{code: node["_source"] for code, node in builder.nodes.items()},
    }
    deviations = [*builder.deviations, *validate_set(cset, sources=sources)]
    return CriteriaSet.from_dict({**data, "deviations": [d.to_dict() for d in deviations]})


def parse_appendix_ii(
    blocks: list[Block],
    *,
    version: str,
    appendix_i: list[dict[str, Any]] | None = None,
    errata: Sequence[dict[str, Any]] = (),
) -> list[CriteriaSet]:
    start, end = appendix_ii_bounds(blocks)
    index = parse_index(blocks, start, end)
    headings = find_set_headings(blocks, start, end)
    numbers = [h.number for h in headings]
    if numbers != list(range(1, len(headings) + 1)):
        raise ParseError(f"Số thứ tự các bộ tiêu chí không liên tục: {numbers}.")
    if [n for n, _ in index] != numbers:
        raise ParseError(
            f"Danh mục Phụ lục II có {len(index)} bộ nhưng tìm thấy {len(headings)} tiêu đề bộ."
        )
    if appendix_i is not None and len(appendix_i) != len(headings):
        raise ParseError(
            f"Phụ lục I có {len(appendix_i)} phân nhóm nhưng Phụ lục II có {len(headings)} bộ."
        )
    unknown = sorted({e["set"] for e in errata} - set(numbers))
    if unknown:
        raise ParseError(f"Đính chính cho bộ không tồn tại: {unknown}.")
    names = dict(index)
    sets = []
    for position, heading in enumerate(headings):
        stop = headings[position + 1].start if position + 1 < len(headings) else end
        sets.append(
            parse_set(
                blocks,
                heading,
                stop,
                version=version,
                index_name=names.get(heading.number),
                appendix_i=appendix_i[position] if appendix_i is not None else None,
                errata=[e for e in errata if e["set"] == heading.number],
            )
        )
    return sets


__all__ = ["ParseError", "classify_note", "parse_appendix_ii", "parse_classification"]
