"""Product classification of QĐ 26/2026/QĐ-TTg Phụ lục I: where the products app gets it.

The classification is parsed, with the criteria sets, by the criteria app, which sits above
products (self-assessments belong to a product). So the source is registered here by
CriteriaConfig.ready() (`ocop.criteria.classification.classification_nodes`) instead of
being imported; the migration that loads `ProductCategory` runs after every app is ready.
"""

from collections.abc import Callable

CITATION = "QĐ 26/2026/QĐ-TTg Phụ lục I"

_source: Callable[[], list[dict]] | None = None


def register_source(source: Callable[[], list[dict]]) -> None:
    global _source
    _source = source


def classification_nodes() -> list[dict]:
    """Sectors, groups and subgroups in source order; leaves carry their criteria set."""
    if _source is None:
        raise RuntimeError("No classification source registered (is ocop.criteria installed?).")
    return _source()
