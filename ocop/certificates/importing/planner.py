"""Validating and matching every row of a register against the database (`plan_import`):
each cell, then the row, then the matches, with a fixed number of queries."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from ocop.accounts.scopes import user_scope
from ocop.certificates import legal
from ocop.certificates.importing.cells import (
    cell_text,
    parse_date,
    parse_level,
    parse_producer_type,
    parse_score,
    parse_stars,
    producer_type_from_name,
)
from ocop.certificates.importing.plan import (
    ImportPlan,
    NewDecision,
    NewProducer,
    NewProduct,
    PlannedRow,
)
from ocop.certificates.importing.table import (
    COLUMN_BY_KEY,
    COLUMNS,
    PROGRAMME_START,
    ImportFileError,
    Issue,
    Table,
    is_blank,
    read_table,
)
from ocop.certificates.importing.units import UnitIndex, issuer_name
from ocop.certificates.models import DecisionLevel, number_key
from ocop.core.text import format_date_vn, normalize_search
from ocop.producers.models import TOURISM_ONLY_PRODUCER_TYPES, Producer
from ocop.products.models import TOURISM_CRITERIA_SET, Product, ProductCategory
from ocop.territory.models import UnitCoverage
from ocop.territory.selectors import current_units_map


@dataclass
class SheetRow:
    number: int
    raw: dict[str, object]
    values: dict[str, object] = field(default_factory=dict)
    failed: bool = False


STAGE_CELLS = "Kiểm tra giá trị từng dòng"
STAGE_PLACES = "Kiểm tra địa bàn, quyết định, hạng sao từng dòng"
STAGE_MATCH = "Đối chiếu với chủ thể, sản phẩm, giấy chứng nhận đã có"


class Planner:
    def __init__(self, table: Table, plan: ImportPlan, *, actor, today: date, progress=None):
        self.table = table
        self.plan = plan
        self.actor = actor
        self.today = today
        # progress(stage, done, total): row progress for the job page (ocop.jobs).
        self.progress = progress or (lambda stage, done, total: None)

    def error(self, row: SheetRow, key: str, message: str) -> None:
        label = self.table.labels.get(key) or COLUMN_BY_KEY[key].header
        self.plan.issues.append(Issue(row.number, label, cell_text(row.raw.get(key)), message))
        row.failed = True

    # Step 1: each cell on its own.
    def parse_cells(self, row: SheetRow) -> None:
        for key in ("product_name", "producer_name", "province", "commune", "decision_number", "number"):
            text = cell_text(row.raw.get(key))
            if not text:
                self.error(row, key, f"Thiếu {COLUMN_BY_KEY[key].header.lower()}.")
            elif len(text) > (100 if key in ("decision_number", "number") else 255):
                self.error(row, key, "Nội dung quá dài.")
            row.values[key] = text
        for key, parser in (
            ("stars", parse_stars),
            ("decision_date", parse_date),
            ("level", parse_level),
            ("score", parse_score),
        ):
            value = row.raw.get(key)
            if is_blank(value) and key != "score":
                self.error(row, key, f"Thiếu {COLUMN_BY_KEY[key].header.lower()}.")
                continue
            try:
                row.values[key] = parser(value)
            except ValueError as exc:
                self.error(row, key, str(exc))
        decided = row.values.get("decision_date")
        if decided is not None:
            if decided > self.today:
                self.error(row, "decision_date", f"Ngày quyết định {format_date_vn(decided)} ở tương lai.")
            elif decided < PROGRAMME_START:
                self.error(
                    row, "decision_date",
                    f"Ngày {format_date_vn(decided)} trước khi có Chương trình OCOP (QĐ 490/QĐ-TTg ngày 07/5/2018).",
                )
        raw_type = row.raw.get("producer_type")
        row.values["producer_type"] = parse_producer_type(raw_type)
        if not is_blank(raw_type) and row.values["producer_type"] is None:
            self.error(
                row, "producer_type",
                "Loại hình chủ thể không nhận ra; dùng: hợp tác xã, tổ hợp tác, doanh nghiệp, trang trại, "
                "hộ sản xuất/hộ kinh doanh, hội, hiệp hội, trung tâm điều hành.",
            )
        raw_set = row.raw.get("criteria_set")
        row.values["category"] = None
        if not is_blank(raw_set):
            category = self.categories.resolve(raw_set)
            if category is None:
                self.error(row, "criteria_set", "Bộ sản phẩm không hợp lệ: ghi số từ 1 đến 26 hoặc đúng tên bộ sản phẩm.")
            row.values["category"] = category

    def run(self) -> None:
        rows = [SheetRow(number, raw) for number, raw in self.table.rows]
        self.plan.row_count = len(rows)
        self.categories = Categories()
        total = len(rows)
        for done, row in enumerate(rows, start=1):
            self.parse_cells(row)
            self.progress(STAGE_CELLS, done, total)

        # Step 2: places (one load for every province the file names).
        units = UnitIndex({cell_text(r.raw.get("province")) for r in rows if not is_blank(r.raw.get("province"))})
        scope = user_scope(self.actor) if self.actor is not None else None
        allowed_units = None
        if scope is not None and not scope.is_admin:
            allowed_units = set(
                UnitCoverage.objects.filter(unit_id__in=scope.province_ids).values_list("covered_id", flat=True)
            )
        for done, row in enumerate(rows, start=1):
            self.progress(STAGE_PLACES, done, total)
            if is_blank(row.raw.get("province")) or is_blank(row.raw.get("commune")):
                continue
            commune, problem = units.resolve_commune(
                row.raw.get("province"), row.raw.get("district"), row.raw.get("commune")
            )
            if problem:
                self.error(row, *problem)
                continue
            if allowed_units is not None and commune.pk not in allowed_units:
                self.error(row, "commune", f"{commune.name} không thuộc tỉnh bạn quản lý; không được nhập.")
                continue
            row.values["commune_unit"] = commune
            level, decided = row.values.get("level"), row.values.get("decision_date")
            if level and decided:
                regime_key = legal.regime_for_decision(decided, level)
                if regime_key is None:
                    self.error(row, "level", legal.level_gone_message(level, decided))
                    continue
                row.values["regime_key"] = regime_key
                unit, problem = units.issuing_unit(level, decided, row.raw.get("province"), row.raw.get("district"), commune)
                if problem:
                    self.error(row, *problem)
                    continue
                row.values["issuing_unit"] = unit
                stars = row.values.get("stars")
                if stars and not legal.stars_allowed(regime_key, level, stars):
                    self.error(
                        row, "stars",
                        f"{DecisionLevel(level).label} theo {legal.regime_name(regime_key)} không công nhận sản phẩm {stars} sao.",
                    )
                score = row.values.get("score")
                if stars and score is not None:
                    band = legal.band_stars(regime_key, score)
                    if band is None or band < stars:
                        self.error(
                            row, "score",
                            f"Điểm {cell_text(row.raw.get('score'))} chỉ đạt hạng {band} sao, không đủ cho {stars} sao "
                            "(thang điểm QĐ 26/2026 Điều 3.3: 3 sao từ 50, 4 sao từ 70, 5 sao từ 90 điểm).",
                        )

        good = [row for row in rows if not row.failed]
        self.progress(STAGE_MATCH, 0, 0)
        communes = {row.values["commune_unit"].pk for row in good}
        self.plan.current_units = current_units_map(communes, on=self.today)
        self.match_and_plan(good)

    def match_and_plan(self, rows: list[SheetRow]) -> None:
        plan = self.plan
        current = plan.current_units

        def today_ids(unit_id: int) -> frozenset[int]:
            units = current.get(unit_id) or []
            return frozenset(u.pk for u in units) or frozenset({unit_id})

        # Producers of the same commune today (old or new unit), by normalised name.
        today_units = {pk for commune in {r.values["commune_unit"].pk for r in rows} for pk in today_ids(commune)}
        family = set(UnitCoverage.objects.filter(unit_id__in=today_units).values_list("covered_id", flat=True))
        family |= {r.values["commune_unit"].pk for r in rows}
        producers = list(Producer.objects.filter(commune_id__in=family).order_by("pk"))
        producer_current = current_units_map({p.commune_id for p in producers}, on=self.today)
        current.update(producer_current)
        producers_by_name: dict[str, list[Producer]] = defaultdict(list)
        for producer in producers:
            producers_by_name[normalize_search(producer.name)].append(producer)
        products_by_key: dict[tuple[int, str], Product] = {}
        for product in Product.objects.filter(producer__in=producers).order_by("pk"):
            products_by_key.setdefault((product.producer_id, normalize_search(product.name)), product)

        from ocop.certificates.models import Certificate, RecognitionDecision

        decision_keys = {number_key(r.values["decision_number"]) for r in rows}
        decisions: dict[tuple, RecognitionDecision] = {}
        for decision in RecognitionDecision.objects.filter(number_key__in=decision_keys):
            decisions[(decision.number_key, decision.decided_on, decision.level, decision.issuing_unit_id)] = decision
        cert_keys = {number_key(r.values["number"]) for r in rows}
        existing_certs: dict[tuple, Certificate] = {}
        existing_by_decision_product: dict[tuple[int, int], Certificate] = {}
        for certificate in Certificate.objects.filter(number_key__in=cert_keys).select_related("decision"):
            key = (certificate.number_key, certificate.decision.level, certificate.decision.issuing_unit_id)
            existing_certs[key] = certificate
        new_producers: dict[tuple[str, frozenset], NewProducer] = {}
        new_products: dict[tuple[int, str], NewProduct] = {}
        new_decisions: dict[tuple, NewDecision] = {}
        seen_certs: dict[tuple, int] = {}
        seen_pairs: dict[tuple[int, int], int] = {}

        # Existing certificates of matched products on matched decisions (unique together).
        candidate_products = {p.pk for p in products_by_key.values()}
        for certificate in Certificate.objects.filter(
            product_id__in=candidate_products, decision__number_key__in=decision_keys
        ):
            existing_by_decision_product[(certificate.decision_id, certificate.product_id)] = certificate

        for row in rows:
            values = row.values
            commune = values["commune_unit"]
            name_key = normalize_search(values["producer_name"])
            commune_today = today_ids(commune.pk)
            matches = [
                p for p in producers_by_name.get(name_key, [])
                if today_ids(p.commune_id) & commune_today
            ]
            if matches:
                exact = [p for p in matches if p.commune_id == commune.pk]
                producer_ref = (exact or matches)[0]
                producer_type = producer_ref.producer_type
            else:
                key = (name_key, commune_today)
                producer_ref = new_producers.get(key)
                if producer_ref is None:
                    producer_type = values.get("producer_type") or producer_type_from_name(values["producer_name"])
                    if producer_type is None:
                        self.error(
                            row, "producer_type",
                            f"Chủ thể “{values['producer_name']}” chưa có trong hệ thống; cần ghi loại hình chủ thể "
                            "để tạo mới (ví dụ: Hợp tác xã, Doanh nghiệp, Hộ sản xuất).",
                        )
                        continue
                    producer_ref = NewProducer(values["producer_name"], producer_type, commune, row.number)
                    new_producers[key] = producer_ref
                producer_type = producer_ref.producer_type

            product_key_name = normalize_search(values["product_name"])
            product_ref = None
            if isinstance(producer_ref, Producer):
                product_ref = products_by_key.get((producer_ref.pk, product_key_name))
            if product_ref is None:
                ref_key = (id(producer_ref), product_key_name)
                product_ref = new_products.get(ref_key)
                if product_ref is None:
                    category = values.get("category")
                    if category is None:
                        self.error(
                            row, "criteria_set",
                            f"Sản phẩm “{values['product_name']}” chưa có trong hệ thống; cần ghi bộ sản phẩm (số 1–26) để tạo mới.",
                        )
                        continue
                    if producer_type in TOURISM_ONLY_PRODUCER_TYPES and category.criteria_set != TOURISM_CRITERIA_SET:
                        self.error(
                            row, "criteria_set",
                            "Chủ thể là hội, hiệp hội hoặc trung tâm điều hành chỉ có sản phẩm dịch vụ du lịch (bộ sản phẩm 26; QĐ 26/2026 Điều 2.3).",
                        )
                        continue
                    product_commune = producer_ref.commune if isinstance(producer_ref, NewProducer) else commune
                    product_ref = NewProduct(values["product_name"], producer_ref, category, product_commune, row.number)
                    new_products[ref_key] = product_ref

            level, decided = values["level"], values["decision_date"]
            issuing_unit = values.get("issuing_unit")
            issuing_id = issuing_unit.pk if issuing_unit else None
            dkey = (number_key(values["decision_number"]), decided, level, issuing_id)
            decision_ref = decisions.get(dkey)
            if decision_ref is None:
                decision_ref = new_decisions.get(dkey)
                if decision_ref is None:
                    issuer = (
                        issuer_name(issuing_unit) if issuing_unit is not None
                        else legal.level_name(values["regime_key"], level)
                    )
                    decision_ref = NewDecision(
                        values["decision_number"], decided, level, issuing_unit, issuer, values["regime_key"], row.number
                    )
                    new_decisions[dkey] = decision_ref
            regime_key = decision_ref.regime_key

            ckey = (number_key(values["number"]), level, issuing_id)
            if ckey in seen_certs:
                self.error(row, "number", f"Số giấy chứng nhận trùng với dòng {seen_certs[ckey]} trong cùng tệp.")
                continue
            seen_certs[ckey] = row.number
            skip = False
            existing = existing_certs.get(ckey)
            if existing is not None:
                if isinstance(product_ref, Product) and existing.product_id == product_ref.pk:
                    skip = True
                else:
                    self.error(
                        row, "number",
                        f"Số giấy chứng nhận {values['number']} đã có trong sổ cho sản phẩm “{existing.product_name}”.",
                    )
                    continue
            if not skip and isinstance(product_ref, Product) and not isinstance(decision_ref, NewDecision):
                other = existing_by_decision_product.get((decision_ref.pk, product_ref.pk))
                if other is not None:
                    self.error(
                        row, "number",
                        f"Sản phẩm này đã có giấy chứng nhận số {other.number} theo quyết định {decision_ref.number}.",
                    )
                    continue
            pair = (id(decision_ref), id(product_ref))
            if pair in seen_pairs:
                self.error(row, "product_name", f"Sản phẩm đã có ở dòng {seen_pairs[pair]} với cùng quyết định công nhận.")
                continue
            seen_pairs[pair] = row.number
            issued = decided
            plan.rows.append(
                PlannedRow(
                    row=row.number,
                    number=values["number"],
                    stars=values["stars"],
                    score=values.get("score"),
                    product_ref=product_ref,
                    producer_ref=producer_ref,
                    decision_ref=decision_ref,
                    commune=commune,
                    issued_on=issued,
                    expires_on=legal.expiry_date(issued, regime_key),
                    skip=skip,
                )
            )
        # Only what the surviving rows use is created.
        used_products = {id(r.product_ref) for r in plan.rows}
        used_producers = {id(r.producer_ref) for r in plan.rows}
        used_decisions = {id(r.decision_ref) for r in plan.rows}
        plan.new_producers = [p for p in new_producers.values() if id(p) in used_producers]
        plan.new_products = [p for p in new_products.values() if id(p) in used_products]
        plan.new_decisions = [d for d in new_decisions.values() if id(d) in used_decisions]
        # The stored decision's regime wins over the one guessed from the date (the decision
        # workflow records the dossier's regime).
        plan.matched_producers = {r.producer_ref.pk for r in plan.rows if isinstance(r.producer_ref, Producer)}
        plan.matched_products = {r.product_ref.pk for r in plan.rows if isinstance(r.product_ref, Product)}
        plan.matched_decisions = {
            r.decision_ref.pk for r in plan.rows if not isinstance(r.decision_ref, NewDecision)
        }
        plan.issues.sort(key=lambda issue: (issue.row, list(COLUMN_BY_KEY).index(column_key_for(issue.column, self.table.labels))))


def column_key_for(label: str, labels: dict[str, str]) -> str:
    for key, text in labels.items():
        if text == label:
            return key
    for column in COLUMNS:
        if column.header == label:
            return column.key
    return COLUMNS[0].key


class Categories:
    def __init__(self):
        self.by_number: dict[int, ProductCategory] = {}
        self.by_name: dict[str, ProductCategory] = {}
        for category in ProductCategory.objects.filter(criteria_set__isnull=False):
            self.by_number[category.criteria_set] = category
            for name in (category.criteria_set_name, category.name):
                if name:
                    self.by_name[normalize_search(name)] = category

    def resolve(self, value) -> ProductCategory | None:
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return self.by_number.get(int(value)) if float(value).is_integer() else None
        text = normalize_search(cell_text(value))
        match = re.fullmatch(r"(?:bo(?: san pham)?(?: so)?\s*)?(\d{1,2})(?:\s*[.:\-–)]\s*.*)?", text)
        if match:
            return self.by_number.get(int(match.group(1)))
        text = re.sub(r"^bo san pham\s*:?\s*", "", text)
        return self.by_name.get(text)


def plan_import(data: bytes, *, filename: str, kind: str, actor, today: date, progress=None) -> ImportPlan:
    """Read, validate and match a register file; nothing is written."""
    plan = ImportPlan(filename=filename, kind=kind)
    try:
        table = read_table(data, kind)
    except ImportFileError as exc:
        plan.issues.extend(exc.issues)
        return plan
    except Exception as exc:  # a corrupt workbook must give a message, not a crash
        plan.issues.append(Issue(1, "", "", f"Không đọc được tệp: {exc.__class__.__name__}."))
        return plan
    plan.header_row = table.header_row
    Planner(table, plan, actor=actor, today=today, progress=progress).run()
    return plan
