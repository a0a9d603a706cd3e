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

This module locates the sets and parses each one; Phụ lục I is read by appendix_i.py,
the rows of one set by set_builder.py, and lines are recognised by lines.py. The builder
produces plain dicts in the JSON data format; `CriteriaSet.from_dict` turns
them into the model. Anything the builder does not understand raises `ParseError` with the
set and row, so a changed source fails loudly instead of yielding silently wrong data.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ocop.criteria.model import CriteriaSet, Deviation
from ocop.criteria.parsing.appendix_i import find_paragraph
from ocop.criteria.parsing.html import Block, Paragraph, Table
from ocop.criteria.parsing.lines import (
    HEADING,
    SET_DISQUALIFIER,
    SET_PREFIX,
    STAR_LEGEND,
    ParseError,
    SetHeading,
)
from ocop.criteria.parsing.set_builder import (
    SetBuilder,
    disqualifiers_of,
    finish_nodes,
    iter_nodes,
    parse_classification_line,
    same_text,
    strip_private,
)
from ocop.criteria.validation import validate_set

# --- Phụ lục II: locating the sets -------------------------------------------------------


def appendix_ii_bounds(blocks: list[Block]) -> tuple[int, int]:
    start = find_paragraph(blocks, "PHỤ LỤC II")
    if start is None:
        raise ParseError("Không tìm thấy Phụ lục II (bộ tiêu chí).")
    end = find_paragraph(blocks, "PHỤ LỤC III", start + 1)
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
                        index.append((int(number), SET_PREFIX.sub("", name)))
                return index
    raise ParseError("Phụ lục II không có bảng danh mục bộ sản phẩm (STT | Nội dung).")


def find_set_headings(blocks: list[Block], start: int, end: int) -> list[SetHeading]:
    headings = []
    for index in range(start, end - 1):
        block, following = blocks[index], blocks[index + 1]
        if not (isinstance(block, Paragraph) and isinstance(following, Paragraph)):
            continue
        match = HEADING.match(block.text)
        if match and following.text.casefold().startswith("(sản phẩm"):
            headings.append(
                SetHeading(
                    number=int(match.group(1)),
                    heading=block.text,
                    title=SET_PREFIX.sub("", match.group(2)).strip(),
                    classification_line=following.text,
                    start=index,
                )
            )
    return headings


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
    builder = SetBuilder(heading, version, {(e["criterion"], e["option"]): e for e in errata})
    set_disqualifiers: list[str] = []
    star_legend = None
    table_seen = False
    for block in blocks[heading.start + 2 : end]:
        if isinstance(block, Paragraph):
            match = SET_DISQUALIFIER.match(block.text)
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
            elif STAR_LEGEND.match(block.text):
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
    finish_nodes(builder)

    heading_class = parse_classification_line(heading.classification_line)
    classification: dict[str, Any] = {
        "source_line": heading.classification_line,
        "san_pham": heading_class["san_pham"],
        "nhom": heading_class["nhom"],
        "appendix_i": appendix_i,
    }
    if appendix_i is not None:
        wanted = appendix_i["nhom"]["name"]
        if heading_class["nhom"] is not None and not same_text(heading_class["nhom"], wanted):
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
    if index_name is not None and not same_text(index_name, heading.title):
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
        "disqualifiers": disqualifiers_of(builder, set_disqualifiers),
        "total": builder.total,
        "star_legend": star_legend,
        "parts": strip_private(builder.parts),
        "deviations": [],
    }
    for part in data["parts"]:
        for group in part["groups"]:
            for node in list(iter_nodes(group["criteria"])):
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


