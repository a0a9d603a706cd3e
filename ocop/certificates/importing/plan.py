"""What an import will do: the producers, products and decisions to create or match, one
planned row per certificate, and the problems (`ImportPlan`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from ocop.certificates import validity
from ocop.certificates.importing.table import Issue
from ocop.core.text import format_date_vn
from ocop.producers.models import Producer
from ocop.products.models import Product, ProductCategory
from ocop.territory.models import AdministrativeUnit
from ocop.territory.selectors import display_with_current


@dataclass
class NewProducer:
    name: str
    producer_type: str
    commune: AdministrativeUnit
    first_row: int
    instance: Producer | None = None


@dataclass
class NewProduct:
    name: str
    producer_ref: object  # Producer or NewProducer
    category: ProductCategory
    commune: AdministrativeUnit
    first_row: int
    instance: Product | None = None


@dataclass
class NewDecision:
    number: str
    decided_on: date
    level: str
    issuing_unit: AdministrativeUnit | None
    issuer_name: str
    regime_key: str
    first_row: int
    instance: object | None = None


@dataclass
class PlannedRow:
    row: int
    number: str
    stars: int
    score: Decimal | None
    product_ref: object  # Product or NewProduct
    producer_ref: object  # Producer or NewProducer
    decision_ref: object  # RecognitionDecision or NewDecision
    commune: AdministrativeUnit
    issued_on: date
    expires_on: date
    skip: bool = False  # already in the register

    @property
    def product_name(self) -> str:
        return self.product_ref.name

    @property
    def producer_name(self) -> str:
        return self.producer_ref.name


@dataclass
class ImportPlan:
    filename: str
    kind: str
    header_row: int = 0
    rows: list[PlannedRow] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)
    new_producers: list[NewProducer] = field(default_factory=list)
    matched_producers: set[int] = field(default_factory=set)
    new_products: list[NewProduct] = field(default_factory=list)
    matched_products: set[int] = field(default_factory=set)
    new_decisions: list[NewDecision] = field(default_factory=list)
    matched_decisions: set[int] = field(default_factory=set)
    current_units: dict[int, list[AdministrativeUnit]] = field(default_factory=dict)
    row_count: int = 0

    @property
    def ok(self) -> bool:
        return not self.issues

    @property
    def to_create(self) -> list[PlannedRow]:
        return [row for row in self.rows if not row.skip]

    def summary(self, today: date) -> dict:
        """JSON-serialisable counts and preview rows (stored on CertificateImport)."""
        rules = validity.current_rules()
        preview = []
        for planned in self.rows:
            status = validity.certificate_status(planned, today, rules)
            preview.append(
                {
                    "row": planned.row,
                    "number": planned.number,
                    "product": planned.product_name,
                    "product_new": isinstance(planned.product_ref, NewProduct),
                    "producer": planned.producer_name,
                    "producer_new": isinstance(planned.producer_ref, NewProducer),
                    "commune": display_with_current(
                        planned.commune, self.current_units.get(planned.commune.pk, []), on=today
                    ),
                    "stars": planned.stars,
                    "decision": planned.decision_ref.number,
                    "issued": format_date_vn(planned.issued_on),
                    "expires": format_date_vn(planned.expires_on),
                    "status": status,
                    "status_label": validity.STATUS_LABELS[status],
                    "skip": planned.skip,
                }
            )
        return {
            "header_row": self.header_row,
            "rows": self.row_count,
            "certificates_new": len(self.to_create),
            "certificates_existing": len(self.rows) - len(self.to_create),
            "producers_new": len(self.new_producers),
            "producers_matched": len(self.matched_producers),
            "products_new": len(self.new_products),
            "products_matched": len(self.matched_products),
            "decisions_new": len(self.new_decisions),
            "decisions_matched": len(self.matched_decisions),
            "preview": preview,
        }
