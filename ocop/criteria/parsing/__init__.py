"""Parser for the criteria sets of QĐ 26/2026/QĐ-TTg (Phụ lục II) into versioned JSON data.

Entry points: `parse_source(html)` → list of `CriteriaSet`, and `write_data(...)` which
writes `data/<version>/sets/NN.json` and `data/<version>/manifest.json` deterministically
(sorted content, fixed formatting, no wall-clock dates) so that rerunning the parser on the
same source gives byte-identical files.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ocop.criteria.model import CriteriaSet
from ocop.criteria.parsing.appendix_i import parse_classification
from ocop.criteria.parsing.html import html_blocks
from ocop.criteria.parsing.lines import ParseError
from ocop.criteria.parsing.sets import parse_appendix_ii

# Bump PARSER_VERSION (and PARSER_DATE, the day the parser logic last changed) whenever a
# change to the parser changes its output. The manifest records both instead of the run
# date, so reruns stay byte-identical.
PARSER_VERSION = "1.0.0"
PARSER_DATE = "2026-11-29"

VERSION = "qd26-2026"
SOURCE = {
    "document": "Quyết định số 26/2026/QĐ-TTg",
    "title": "Ban hành Bộ tiêu chí và quy trình đánh giá, phân hạng sản phẩm mỗi xã một sản phẩm",
    "signed_on": "2026-05-22",
    "effective_from": "2026-05-22",
    "appendix": "Phụ lục II – Bộ tiêu chí đánh giá sản phẩm OCOP (kiêm phiếu đánh giá)",
}
DEFAULT_SOURCE_NAME = "qd-26-2026-qd-ttg.html"


@dataclass(frozen=True)
class ParseResult:
    sets: list[CriteriaSet]
    classification: list[dict[str, Any]]


def load_errata(path: Path) -> list[dict[str, Any]]:
    """Read an errata file (see data/qd26-2026/errata.json); a missing file means none."""
    if not path.exists():
        return []
    data = json.loads(path.read_text(encoding="utf-8"))
    errata = data["errata"]
    for item in errata:
        missing = {"set", "criterion", "option", "printed", "points", "reason"} - set(item)
        if missing:
            raise ParseError(f"Đính chính thiếu trường {sorted(missing)}: {item}")
    return errata


def parse_source(
    html: str, *, version: str = VERSION, errata: Sequence[dict[str, Any]] = ()
) -> ParseResult:
    blocks = html_blocks(html)
    classification = parse_classification(blocks)
    sets = parse_appendix_ii(
        blocks, version=version, appendix_i=classification, errata=list(errata)
    )
    return ParseResult(sets=sets, classification=classification)


def dump_json(data: Any) -> str:
    """The one JSON formatting used for every data file (stable, diff-friendly, UTF-8)."""
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def manifest_for(
    result: ParseResult,
    *,
    source_name: str,
    source_bytes: bytes,
    errata_bytes: bytes | None = None,
) -> dict[str, Any]:
    files = []
    for cset in result.sets:
        text = dump_json(cset.to_dict())
        files.append(
            {
                "number": cset.number,
                "name": cset.name,
                "file": f"sets/{cset.number:02d}.json",
                "sha256": hashlib.sha256(text.encode("utf-8")).hexdigest(),
                "leaves": len(cset.leaves),
                "max_points": cset.max_points,
                "deviations": len(cset.deviations),
            }
        )
    return {
        "version": result.sets[0].version if result.sets else VERSION,
        "source": {
            **SOURCE,
            "file": source_name,
            "sha256": hashlib.sha256(source_bytes).hexdigest(),
        },
        "parser": {
            "module": "ocop.criteria.parsing",
            "version": PARSER_VERSION,
            "date": PARSER_DATE,
            "command": "python manage.py ocop_parse_criteria",
        },
        "errata": (
            {"file": "errata.json", "sha256": hashlib.sha256(errata_bytes).hexdigest()}
            if errata_bytes is not None
            else None
        ),
        "set_count": len(result.sets),
        "sets": files,
    }


def render_files(
    result: ParseResult,
    *,
    source_name: str,
    source_bytes: bytes,
    errata_bytes: bytes | None = None,
) -> dict[str, str]:
    """Relative path → file content for everything the parser writes."""
    files = {f"sets/{c.number:02d}.json": dump_json(c.to_dict()) for c in result.sets}
    files["manifest.json"] = dump_json(
        manifest_for(
            result, source_name=source_name, source_bytes=source_bytes, errata_bytes=errata_bytes
        )
    )
    return files


def write_data(files: dict[str, str], output_dir: Path) -> list[Path]:
    """Write the files; stale `sets/*.json` not produced by this run are removed."""
    output_dir.mkdir(parents=True, exist_ok=True)
    (output_dir / "sets").mkdir(exist_ok=True)
    written = []
    for relative, content in sorted(files.items()):
        path = output_dir / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content.encode("utf-8"))
        written.append(path)
    for stale in sorted((output_dir / "sets").glob("*.json")):
        if f"sets/{stale.name}" not in files:
            stale.unlink()
    return written


__all__ = [
    "DEFAULT_SOURCE_NAME",
    "PARSER_DATE",
    "PARSER_VERSION",
    "ParseError",
    "ParseResult",
    "VERSION",
    "dump_json",
    "load_errata",
    "manifest_for",
    "parse_source",
    "render_files",
    "write_data",
]
