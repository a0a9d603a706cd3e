"""Phụ lục I of QĐ 26/2026/QĐ-TTg: the product classification (ngành → nhóm → phân nhóm,
with the managing ministries), one table whose leaves, in order, are the 26 criteria sets."""

from __future__ import annotations

import re
from typing import Any

from ocop.criteria.parsing.html import Block, Paragraph, Table
from ocop.criteria.parsing.lines import ROMAN, ParseError


def find_paragraph(blocks: list[Block], text: str, start: int = 0) -> int | None:
    wanted = text.casefold()
    for index in range(start, len(blocks)):
        block = blocks[index]
        if isinstance(block, Paragraph) and block.text.casefold() == wanted:
            return index
    return None


def split_agencies(text: str) -> list[str]:
    return [part.strip() for part in re.split(r"\s*;\s*", text) if part.strip()]


def parse_classification(blocks: list[Block]) -> list[dict[str, Any]]:
    """The leaves of Phụ lục I in order: one per criteria set."""
    start = find_paragraph(blocks, "PHỤ LỤC I")
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
        agencies = split_agencies(cells[2]) if len(cells) > 2 else []
        if ROMAN.match(code):
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
