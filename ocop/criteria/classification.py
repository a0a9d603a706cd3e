"""Product classification of QĐ 26/2026/QĐ-TTg Phụ lục I, from the parsed criteria data.

The criteria parser (`ocop.criteria.parsing`) reads Phụ lục I together with Phụ lục II and
records, on each of the 26 criteria sets, its ngành → nhóm → phân nhóm and the managing
ministries. This module turns that into the rows of the products app's `ProductCategory`
(codes "I", "I.1", "I.1.a"), so the decision is parsed in one place only. The products app
sits below this one, so it does not import it: CriteriaConfig.ready() registers
`classification_nodes` with `ocop.products.classification`.
"""

from ocop.criteria import catalog


def classification_nodes(version: str = catalog.DEFAULT_VERSION) -> list[dict]:
    """Sectors, groups and subgroups in source order; leaves carry their criteria set."""
    nodes: list[dict] = []
    seen: set[str] = set()
    for cset in catalog.all_sets(version):
        info = cset.classification["appendix_i"]
        sector, group, subgroup = info["nganh"], info["nhom"], info["phan_nhom"]
        authority = "; ".join(info.get("agencies") or [])
        sector_code = sector["code"]
        group_code = f"{sector_code}.{group['code']}"
        if sector_code not in seen:
            seen.add(sector_code)
            nodes.append({"code": sector_code, "name": sector["name"].capitalize(), "level": "sector", "parent": None})
        leaf = {"criteria_set": cset.number, "criteria_set_name": cset.name, "managing_authority": authority}
        if group_code not in seen:
            seen.add(group_code)
            nodes.append(
                {"code": group_code, "name": group["name"], "level": "group", "parent": sector_code}
                | ({} if subgroup else leaf)
            )
        if subgroup:
            nodes.append(
                {
                    "code": f"{group_code}.{subgroup['code']}",
                    "name": subgroup["name"],
                    "level": "subgroup",
                    "parent": group_code,
                }
                | leaf
            )
    return nodes
