"""Load administrative units from the `vietnam-provinces` package, and build coverage.

Every function takes the model classes as arguments so that data migrations can pass
historical models (`apps.get_model`) and services can pass the real ones.

What is loaded (see docs/territory.md):

- today's units (2 levels: tỉnh/thành phố → xã/phường/đặc khu), valid from 1/7/2025;
- the legacy units of the whole country (3 levels: tỉnh → huyện → xã), valid until 30/6/2025;
- succession links old → new from the package's official conversion tables, for provinces
  and communes, plus the island districts that became special zones (đặc khu) whole.

Legacy and current codes collide (23479 is both the old Thị trấn Đắk Rve and today's
Xã Đăk Rve), so units are identified by (level, code, valid_from).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from django.db import connections

from ocop.core.text import normalize_search

# The 2025 reorganisation: the old units ended on 30/6/2025, the new ones began on 1/7/2025
# (EFFECTIVE_DATE of the package's conversion tables).
REFORM_DATE = date(2025, 7, 1)
LEGACY_END = date(2025, 6, 30)

COMMUNE_LEGAL_BASIS = (
    "Nghị quyết của Ủy ban Thường vụ Quốc hội về sắp xếp đơn vị hành chính cấp xã "
    "năm 2025 (bảng chuyển đổi đơn vị hành chính cũ – mới)"
)
PROVINCE_LEGAL_BASIS = (
    "Nghị quyết số 202/2025/QH15 của Quốc hội về sắp xếp đơn vị hành chính cấp tỉnh"
)
ISLAND_LEGAL_BASIS = (
    "Nghị quyết của Ủy ban Thường vụ Quốc hội về sắp xếp đơn vị hành chính cấp xã "
    "năm 2025 (huyện đảo chuyển thành đặc khu)"
)

# Official code widths (Danh mục đơn vị hành chính): province 2, district 3, commune 5 digits.
CODE_WIDTH = {"province": 2, "district": 3, "commune": 5}

# The package's division types → UnitKind values (strings, so historical models work too).
KIND_BY_DIVISION_TYPE = {
    "tỉnh": "tinh",
    "thành phố trung ương": "thanh_pho_trung_uong",
    "huyện": "huyen",
    "quận": "quan",
    "thị xã": "thi_xa",
    "thành phố": "thanh_pho",
    "xã": "xa",
    "phường": "phuong",
    "thị trấn": "thi_tran",
    "đặc khu": "dac_khu",
}

BATCH_SIZE = 2000


def source_label() -> str:
    import vietnam_provinces

    return f"vietnam-provinces {vietnam_provinces.__version__}"


def format_code(level: str, code: int) -> str:
    return str(int(code)).zfill(CODE_WIDTH[level])


def _kind(division_type) -> str:
    return KIND_BY_DIVISION_TYPE[str(division_type)]


def _unit(model, *, level, code, name, division_type, parent_id, valid_from, valid_to, source):
    code_text = format_code(level, code)
    return model(
        level=level,
        code=code_text,
        name=name,
        kind=_kind(division_type),
        parent_id=parent_id,
        valid_from=valid_from,
        valid_to=valid_to,
        source=source,
        # Same as SearchableModel.refresh_search_text (SEARCH_FIELDS = name, code); historical
        # models do not have that method.
        search_text=normalize_search(f"{name} {code_text}"),
    )


def _ids_by_code(model, level: str, valid_from) -> dict[int, int]:
    """Package code → row id for the units just inserted (portable: no RETURNING needed)."""
    if valid_from is None:
        rows = model.objects.filter(level=level, valid_from__isnull=True)
    else:
        rows = model.objects.filter(level=level, valid_from=valid_from)
    return {int(code): pk for code, pk in rows.values_list("code", "id")}


def load_units(unit_model, succession_model) -> dict[str, int]:
    """Insert today's and the legacy units and the old → new links; return row counts.

    Runs once, from migration 0002: it expects none of the package's units to be present.
    """
    import vietnam_provinces as current
    from vietnam_provinces import _province_conversion_2025 as province_conversion
    from vietnam_provinces import _ward_conversion_2025 as ward_conversion
    from vietnam_provinces import legacy

    source = source_label()
    counts: dict[str, int] = {}

    def insert(objects, key):
        unit_model.objects.bulk_create(objects, batch_size=BATCH_SIZE)
        counts[key] = len(objects)

    def insert_level(key, level, items, *, parent, is_current):
        """Insert one level of units; return package code → row id of what was inserted."""
        # Legacy units: no start date is known (they predate the software), they ended 30/6/2025.
        valid_from, valid_to = (REFORM_DATE, None) if is_current else (None, LEGACY_END)
        insert(
            [
                _unit(
                    unit_model, level=level, code=item.code, name=item.name, division_type=item.division_type,
                    parent_id=parent(item), valid_from=valid_from, valid_to=valid_to, source=source,
                )
                for item in items
            ],
            key,
        )
        return _ids_by_code(unit_model, level, valid_from)

    # Each level after the one its parents are in: (key, level, units, parent id, current?).
    new_wards = list(current.Ward.iter_all())
    old_districts = list(legacy.District.iter_all())
    ids: dict[str, dict[int, int]] = {}
    levels = [
        ("current_provinces", "province", current.Province.iter_all(), lambda p: None, True),
        ("current_communes", "commune", new_wards, lambda w: ids["current_provinces"][int(w.province_code)], True),
        ("legacy_provinces", "province", legacy.Province.iter_all(), lambda p: None, False),
        ("legacy_districts", "district", old_districts, lambda d: ids["legacy_provinces"][int(d.province_code)], False),
        ("legacy_communes", "commune", legacy.Ward.iter_all(), lambda w: ids["legacy_districts"][int(w.district_code)], False),
    ]
    for key, level, items, parent, is_current in levels:
        ids[key] = insert_level(key, level, items, parent=parent, is_current=is_current)
    new_province_ids, new_ward_ids = ids["current_provinces"], ids["current_communes"]
    old_province_ids, old_district_ids, old_ward_ids = ids["legacy_provinces"], ids["legacy_districts"], ids["legacy_communes"]

    links = []

    def link(predecessor_id, successor_id, kind, legal_basis):
        links.append(
            succession_model(
                predecessor_id=predecessor_id,
                successor_id=successor_id,
                kind=kind,
                effective_date=REFORM_DATE,
                legal_basis=legal_basis,
            )
        )

    # Provinces: several old provinces merged into one; one (Tiền Giang, 82) is listed under
    # two new provinces, i.e. split. An old province that alone forms a new one kept its
    # territory ("rename" = boundaries unchanged).
    for old_code, entry in province_conversion.OLD_TO_NEW.items():
        new_codes = [ref.code for ref in entry.new_provinces]
        for new_code in new_codes:
            if len(new_codes) > 1:
                kind = "split"
            elif len(province_conversion.NEW_TO_OLD[new_code].old_provinces) == 1:
                kind = "rename"
            else:
                kind = "merge"
            link(old_province_ids[old_code], new_province_ids[new_code], kind, PROVINCE_LEGAL_BASIS)

    # Communes: the official conversion table. `is_partly_merged` means only part of the old
    # commune went into each listed new one (split); otherwise it went whole into one (merge),
    # or alone and whole, which keeps the boundaries (rename).
    skipped_unknown_old = 0
    for old_code, entry in ward_conversion.OLD_TO_NEW.items():
        predecessor_id = old_ward_ids.get(old_code)
        if predecessor_id is None:
            # Ten codes in the table are missing from the package's legacy list; without a
            # name there is no unit to attach the link to.
            skipped_unknown_old += 1
            continue
        for new_ref in entry.new_wards:
            if entry.old_ward.is_partly_merged:
                kind = "split"
            elif (
                len(entry.new_wards) == 1
                and len(ward_conversion.NEW_TO_OLD[new_ref.code].old_wards) == 1
            ):
                kind = "rename"
            else:
                kind = "merge"
            link(predecessor_id, new_ward_ids[new_ref.code], kind, COMMUNE_LEGAL_BASIS)

    # Island districts without communes (Bạch Long Vĩ, Cồn Cỏ, Hoàng Sa, Lý Sơn, Côn Đảo)
    # became special zones of the same name; the conversion table has no row for them
    # because it lists communes only.
    converted_new = set(ward_conversion.NEW_TO_OLD)
    districts_with_wards = {int(w.district_code) for w in legacy.Ward.iter_all()}
    island_districts = defaultdict(list)
    for d in old_districts:
        if int(d.code) not in districts_with_wards:
            island_districts[_bare_name(d.name)].append(d)
    for w in new_wards:
        if int(w.code) in converted_new:
            continue
        for d in island_districts.get(_bare_name(w.name), []):
            successor_provinces = {
                ref.code
                for ref in province_conversion.OLD_TO_NEW[int(d.province_code)].new_provinces
            }
            if int(w.province_code) in successor_provinces:
                link(
                    old_district_ids[int(d.code)],
                    new_ward_ids[int(w.code)],
                    "rename",
                    ISLAND_LEGAL_BASIS,
                )

    succession_model.objects.bulk_create(links, batch_size=BATCH_SIZE)
    counts["successions"] = len(links)
    counts["skipped_unknown_old_communes"] = skipped_unknown_old
    return counts


def _bare_name(name: str) -> str:
    """'Huyện Lý Sơn' and 'Đặc khu Lý Sơn' → 'lý sơn'."""
    for prefix in ("Huyện ", "Đặc khu "):
        if name.startswith(prefix):
            return name[len(prefix) :].lower()
    return name.lower()


def unload_units(unit_model, succession_model, coverage_model) -> None:
    """Reverse of load_units: remove the package's units (fails if records still use them)."""
    source_prefix = "vietnam-provinces"
    coverage_model.objects.all().delete()
    succession_model.objects.filter(predecessor__source__startswith=source_prefix).delete()
    succession_model.objects.filter(successor__source__startswith=source_prefix).delete()
    # Children before parents: parent is a PROTECT foreign key.
    for level in ("commune", "district", "province"):
        unit_model.objects.filter(level=level, source__startswith=source_prefix).delete()


def build_coverage(unit_model, succession_model, coverage_model, *, today: date) -> int:
    """Recompute UnitCoverage from units and successions; return the number of rows.

    A unit valid on `today` covers itself, its descendants and its predecessors, and
    (transitively) their descendants and predecessors: records made under Xã Đắk Tơ Lung
    count under today's Xã Đăk Kôi and Tỉnh Quảng Ngãi. A unit no longer valid covers itself
    and its descendants only, so legacy reports group by the old territory exactly.
    """
    children: dict[int, list[int]] = defaultdict(list)
    valid_today: list[int] = []
    all_ids: list[int] = []
    for pk, parent_id, valid_from, valid_to in unit_model.objects.values_list(
        "id", "parent_id", "valid_from", "valid_to"
    ):
        all_ids.append(pk)
        if parent_id is not None:
            children[parent_id].append(pk)
        if (valid_from is None or valid_from <= today) and (valid_to is None or today <= valid_to):
            valid_today.append(pk)
    predecessors: dict[int, list[int]] = defaultdict(list)
    for predecessor_id, successor_id in succession_model.objects.values_list(
        "predecessor_id", "successor_id"
    ):
        predecessors[successor_id].append(predecessor_id)

    current = set(valid_today)
    rows = []
    for unit_id in all_ids:
        follow_predecessors = unit_id in current
        seen = {unit_id}
        stack = [unit_id]
        while stack:
            node = stack.pop()
            neighbours = children.get(node, [])
            if follow_predecessors:
                neighbours = neighbours + predecessors.get(node, [])
            for other in neighbours:
                if other not in seen:
                    seen.add(other)
                    stack.append(other)
        rows.extend((unit_id, covered) for covered in seen)

    coverage_model.objects.all().delete()
    _insert_pairs(coverage_model, "unit", "covered", rows)
    return len(rows)


def _insert_pairs(model, first_field: str, second_field: str, rows: list[tuple[int, int]]) -> None:
    """Plain INSERTs of (fk, fk) pairs, fast on SQLite and PostgreSQL.

    Tens of thousands of coverage rows through bulk_create spend most of their time building
    model instances and binding parameters. PostgreSQL takes two arrays per statement
    (unnest); other databases get multi-row VALUES.
    """
    connection = connections[model.objects.db]
    opts = model._meta
    quote = connection.ops.quote_name
    table = quote(opts.db_table)
    first = quote(opts.get_field(first_field).column)
    second = quote(opts.get_field(second_field).column)
    head = f"INSERT INTO {table} ({first}, {second}) "
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            chunk = 20000
            for start in range(0, len(rows), chunk):
                part = rows[start : start + chunk]
                cursor.execute(
                    head + "SELECT * FROM unnest(%s::bigint[], %s::bigint[])",
                    [[pair[0] for pair in part], [pair[1] for pair in part]],
                )
            return
        # 499 rows = 998 parameters: below SQLite's oldest default limit (999 per statement
        # before 3.32; newer builds allow far more).
        chunk = 499
        for start in range(0, len(rows), chunk):
            part = rows[start : start + chunk]
            cursor.execute(
                head + "VALUES " + ", ".join(["(%s, %s)"] * len(part)),
                [value for pair in part for value in pair],
            )
