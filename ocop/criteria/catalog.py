"""Load the committed criteria-set data (`data/<version>/sets/NN.json`), cached.

This is how every other part of the project gets a criteria set:

    from ocop.criteria import catalog
    cset = catalog.get_set(13)                      # QĐ 26/2026, bộ 13 (Cà phê, ca cao)
    for leaf in cset.leaves: ...                    # the scoreable criteria, source order

Pure Python (no Django, no ORM): the data ships inside the package, so importing this in a
view, a management command or a unit test costs the same and needs no database.
"""

from __future__ import annotations

import hashlib
import json
from functools import lru_cache
from pathlib import Path
from typing import Any

from ocop.core.text import normalize_search
from ocop.criteria.model import CriteriaSet

DATA_ROOT = Path(__file__).resolve().parent / "data"
DEFAULT_VERSION = "qd26-2026"


class CriteriaSetNotFound(LookupError):
    pass


def data_dir(version: str = DEFAULT_VERSION) -> Path:
    return DATA_ROOT / version


def available_versions() -> tuple[str, ...]:
    return tuple(sorted(p.name for p in DATA_ROOT.iterdir() if (p / "manifest.json").is_file()))


def _read_json(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


def load_sets_from(directory: Path) -> list[CriteriaSet]:
    """Read every set listed in `directory/manifest.json` (no cache; used by --check)."""
    manifest = _read_json(directory / "manifest.json")
    return [
        CriteriaSet.from_dict(_read_json(directory / item["file"])) for item in manifest["sets"]
    ]


def manifest_problems(directory: Path) -> list[str]:
    """Files whose content no longer matches the sha256 recorded in the manifest."""
    problems = []
    manifest = _read_json(directory / "manifest.json")
    for item in manifest["sets"]:
        path = directory / item["file"]
        if not path.is_file():
            problems.append(f"Thiếu tệp {item['file']}.")
        elif hashlib.sha256(path.read_bytes()).hexdigest() != item["sha256"]:
            problems.append(f"{item['file']} đã bị sửa tay (sha256 khác manifest).")
    listed = {item["file"] for item in manifest["sets"]}
    for path in sorted((directory / "sets").glob("*.json")):
        if f"sets/{path.name}" not in listed:
            problems.append(f"sets/{path.name} không có trong manifest.")
    return problems


@lru_cache(maxsize=8)
def manifest(version: str = DEFAULT_VERSION) -> dict[str, Any]:
    path = data_dir(version) / "manifest.json"
    if not path.is_file():
        raise CriteriaSetNotFound(f"Không có dữ liệu bộ tiêu chí phiên bản «{version}».")
    return _read_json(path)


@lru_cache(maxsize=8)
def all_sets(version: str = DEFAULT_VERSION) -> tuple[CriteriaSet, ...]:
    """All criteria sets of a version, in number order."""
    manifest(version)  # raises CriteriaSetNotFound for an unknown version
    return tuple(load_sets_from(data_dir(version)))


def get_set(number: int, version: str = DEFAULT_VERSION) -> CriteriaSet:
    for cset in all_sets(version):
        if cset.number == number:
            return cset
    raise CriteriaSetNotFound(f"Không có bộ tiêu chí số {number} trong phiên bản «{version}».")


def clear_cache() -> None:
    manifest.cache_clear()
    all_sets.cache_clear()


def set_choices(version: str = DEFAULT_VERSION) -> list[tuple[int, str]]:
    """(number, "N. name") pairs for a form's select box."""
    return [(c.number, f"{c.number}. {c.name}") for c in all_sets(version)]


def classification_tree(version: str = DEFAULT_VERSION) -> list[dict[str, Any]]:
    """Phụ lục I as a tree: ngành → nhóm → phân nhóm, each leaf naming its criteria set.

    [{"code": "I", "name": "SẢN PHẨM THỰC PHẨM", "groups": [{"code": "1", "name": "Thực phẩm
    tươi sống", "subgroups": [{"code": "a", "name": "Rau, củ, quả, hạt tươi", "set": 1}],
    "set": None}, …]}, …] — a nhóm without phân nhóm carries its set directly.
    """
    tree: list[dict[str, Any]] = []
    for cset in all_sets(version):
        info = cset.classification.get("appendix_i") or {}
        nganh, nhom, phan_nhom = info.get("nganh"), info.get("nhom"), info.get("phan_nhom")
        if not nganh or not nhom:
            continue
        if not tree or tree[-1]["code"] != nganh["code"]:
            tree.append({"code": nganh["code"], "name": nganh["name"], "groups": []})
        groups = tree[-1]["groups"]
        if not groups or groups[-1]["code"] != nhom["code"]:
            groups.append(
                {"code": nhom["code"], "name": nhom["name"], "subgroups": [], "set": None}
            )
        if phan_nhom:
            groups[-1]["subgroups"].append(
                {"code": phan_nhom["code"], "name": phan_nhom["name"], "set": cset.number}
            )
        else:
            groups[-1]["set"] = cset.number
    return tree


def find_sets(query: str, version: str = DEFAULT_VERSION) -> list[CriteriaSet]:
    """Sets whose name or classification contains every word of `query` (no diacritics)."""
    words = normalize_search(query).split()
    found = []
    for cset in all_sets(version):
        info = cset.classification.get("appendix_i") or {}
        haystack = normalize_search(
            " ".join(
                filter(
                    None,
                    [
                        cset.name,
                        cset.heading,
                        cset.classification.get("nhom"),
                        (info.get("nganh") or {}).get("name"),
                        (info.get("nhom") or {}).get("name"),
                        (info.get("phan_nhom") or {}).get("name"),
                    ],
                )
            )
        )
        if all(word in haystack for word in words):
            found.append(cset)
    return found
