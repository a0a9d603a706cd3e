"""Product classification of QĐ 26/2026/QĐ-TTg Phụ lục I, parsed from the decision.

Phụ lục I is a table: Roman numerals are ngành (sectors), digits are nhóm (groups),
letters are phân nhóm (subgroups). Its leaves, in order, are the 26 bộ sản phẩm listed at
the head of Phụ lục II (the criteria sets), so leaf k ↔ bộ sản phẩm k. The parser checks
that both lists have 26 entries instead of assuming it.
"""

import hashlib
import json
import re
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

DATA_FILE = Path(__file__).parent / "data" / "classification.json"
SOURCE_NAME = "qd-26-2026-qd-ttg.html"
SOURCE_CITATION = "QĐ 26/2026/QĐ-TTg Phụ lục I"

_ROMAN = re.compile(r"^[IVX]+$")
_SPACES = re.compile(r"\s+")


class _TableCollector(HTMLParser):
    """Collects every top-level table as a list of rows of cell texts."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tables: list[list[list[str]]] = []
        self.anchors: list[tuple[str, int]] = []  # (anchor name, index of next table)
        self._depth = 0
        self._row: list[str] | None = None
        self._cell: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            name = dict(attrs).get("name")
            if name:
                self.anchors.append((name, len(self.tables)))
        elif tag == "table":
            self._depth += 1
            if self._depth == 1:
                self.tables.append([])
        elif tag == "tr" and self._depth == 1:
            self._row = []
        elif tag == "td" and self._depth == 1 and self._row is not None:
            self._cell = []
        elif tag in ("br", "p") and self._cell is not None:
            self._cell.append(" ")

    def handle_endtag(self, tag):
        if tag == "table":
            self._depth -= 1
        elif tag == "tr" and self._depth == 1 and self._row is not None:
            self.tables[-1].append(self._row)
            self._row = None
        elif tag == "td" and self._cell is not None and self._row is not None:
            self._row.append(_clean("".join(self._cell)))
            self._cell = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


def _clean(text: str) -> str:
    text = unescape(text).replace("\xa0", " ")
    text = re.sub(r"(\D)\d$", r"\1", _SPACES.sub(" ", text).strip())  # footnote mark "quản lý1"
    return _SPACES.sub(" ", text).strip()


def _table_after(collector: _TableCollector, anchor: str) -> list[list[str]]:
    for name, index in collector.anchors:
        if name == anchor:
            return collector.tables[index]
    raise ValueError(f"Không tìm thấy mục '{anchor}' trong văn bản nguồn.")


def parse_classification(html: str) -> dict:
    collector = _TableCollector()
    collector.feed(html)
    annex1 = _table_after(collector, "chuong_pl_1")
    annex2_index = _table_after(collector, "chuong_pl_2")

    set_names = []
    for row in annex2_index[1:]:
        if len(row) >= 2 and row[0].isdigit():
            set_names.append((int(row[0]), row[1].removeprefix("Bộ sản phẩm:").strip()))

    nodes: list[dict] = []
    sector = group = None
    for row in annex1[1:]:
        if len(row) < 2 or not row[0]:
            continue
        mark, label = row[0], row[1]
        authority = row[2] if len(row) > 2 else ""
        if _ROMAN.match(mark):
            sector = {"code": mark, "name": label.capitalize(), "level": "sector", "parent": None}
            group = None
            nodes.append(sector)
        elif mark.isdigit():
            group = {
                "code": f"{sector['code']}.{mark}",
                "name": label.removeprefix("Nhóm:").strip(),
                "level": "group",
                "parent": sector["code"],
                "managing_authority": authority,
            }
            nodes.append(group)
        elif re.fullmatch(r"[a-z]", mark):
            nodes.append(
                {
                    "code": f"{group['code']}.{mark}",
                    "name": label.removeprefix("Phân nhóm:").strip(),
                    "level": "subgroup",
                    "parent": group["code"],
                    "managing_authority": authority,
                }
            )
        else:
            raise ValueError(f"Dòng không nhận dạng được trong Phụ lục I: {row!r}")

    parents = {node["parent"] for node in nodes}
    leaves = [node for node in nodes if node["code"] not in parents and node["level"] != "sector"]
    if len(leaves) != 26 or len(set_names) != 26:
        raise ValueError(
            f"Phụ lục I có {len(leaves)} phân loại lá, Phụ lục II liệt kê {len(set_names)} bộ sản phẩm; cần 26."
        )
    for leaf, (number, name) in zip(leaves, set_names, strict=True):
        leaf["criteria_set"] = number
        leaf["criteria_set_name"] = name
    return {"source": SOURCE_NAME, "citation": SOURCE_CITATION, "nodes": nodes}


def write_classification(source: Path, target: Path = DATA_FILE) -> dict:
    raw = source.read_bytes()
    data = parse_classification(raw.decode("utf-8"))
    data["source_sha256"] = hashlib.sha256(raw).hexdigest()
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return data


def load_classification(path: Path = DATA_FILE) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))
