"""Writes of a plan's text and its measurable targets (chỉ tiêu)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date

from auditlog.context import set_actor
from django.core.exceptions import ValidationError
from django.db import transaction

from ocop.core.registers import record_assign, record_update
from ocop.planning.models import (
    Plan,
    PlanBasis,
    Target,
)
from ocop.planning.services.saving import save_audited
from ocop.territory.models import AdministrativeUnit, UnitLevel
from ocop.territory.selectors import valid_on_q


def _lines(text: str) -> str:
    return "\n".join(line.strip() for line in (text or "").splitlines() if line.strip())



# -- plans -------------------------------------------------------------------------------------

PLAN_FIELDS = [
    "issuing_unit", "issuer_name", "place", "year", "number", "issued_on", "doc_type", "title",
    "preamble", "purposes", "requirements", "general_objective", "specific_objective", "closing",
    "recipients", "signer_authority", "signer_position", "signer_name", "status", "lead_agency",
    "report_recipient", "source_note",
]
LINE_FIELDS = {"purposes", "requirements", "recipients"}


def default_communes(issuing_unit: AdministrativeUnit, year: int) -> list[AdministrativeUnit]:
    """The communes of the issuing unit valid during the plan year (the whole unit if it is
    itself a commune)."""
    if issuing_unit.level == UnitLevel.COMMUNE:
        return [issuing_unit]
    day = date(year, 1, 1) if issuing_unit.valid_to is None or issuing_unit.valid_to.year > year else issuing_unit.valid_to
    return list(
        AdministrativeUnit.objects.filter(valid_on_q(day), parent=issuing_unit, level=UnitLevel.COMMUNE).order_by(
            "search_text"
        )
    )


def _validate_plan(plan: Plan) -> None:
    plan.full_clean()
    unit = plan.issuing_unit
    errors = {}
    if unit.valid_to is not None and unit.valid_to < date(plan.year, 1, 1):
        errors["year"] = (
            f"{unit.name} chỉ tồn tại đến ngày {unit.valid_to:%d/%m/%Y}; không lập kế hoạch năm {plan.year} cho đơn vị này."
        )
    if unit.valid_from is not None and unit.valid_from > date(plan.year, 12, 31):
        errors["year"] = f"{unit.name} được thành lập từ ngày {unit.valid_from:%d/%m/%Y}, sau năm {plan.year}."
    if plan.issued_on is not None and abs(plan.issued_on.year - plan.year) > 1:
        errors["issued_on"] = "Ngày ban hành phải trong năm kế hoạch hoặc năm liền trước."
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def plan_create(
    *, actor, bases: Iterable[str] = (), communes: Iterable[AdministrativeUnit] | None = None,
    is_sample: bool = False, **fields,
) -> Plan:
    for name in fields:
        if name not in PLAN_FIELDS:
            raise ValueError(f"Field {name} is not editable")
    for name in LINE_FIELDS & fields.keys():
        fields[name] = _lines(fields[name])
    plan = Plan(**fields, is_sample=is_sample, created_by=actor)
    if not plan.issuer_name and plan.issuing_unit_id:
        plan.issuer_name = f"Ủy ban nhân dân {plan.issuing_unit.name[:1].lower()}{plan.issuing_unit.name[1:]}"
    if not plan.place and plan.issuing_unit_id:
        plan.place = re.sub(r"^(Tỉnh|Huyện|Xã|Thành phố|Thị xã|Phường|Thị trấn)\s+", "", plan.issuing_unit.name)
    _validate_plan(plan)
    plan.refresh_search_text()
    save_audited(actor, plan)
    plan.communes.set(list(communes) if communes is not None else default_communes(plan.issuing_unit, plan.year))
    _bases_write(plan, bases)
    return plan


@transaction.atomic
def plan_update(*, actor, plan: Plan, bases: Iterable[str] | None = None, communes=None, **fields) -> Plan:
    plan = Plan.objects.select_for_update().get(pk=plan.pk)
    record_assign(plan, {name: _lines(value) if name in LINE_FIELDS else value for name, value in fields.items()}, PLAN_FIELDS)
    _validate_plan(plan)
    plan.refresh_search_text()
    save_audited(actor, plan)
    if bases is not None:
        _bases_write(plan, bases)
    if communes is not None:
        plan.communes.set(list(communes))
    return plan


def _bases_write(plan: Plan, bases: Iterable[str]) -> None:
    texts = [text.strip() for text in bases if text and text.strip()]
    plan.bases.all().delete()
    PlanBasis.objects.bulk_create(
        [PlanBasis(plan=plan, position=index, text=text) for index, text in enumerate(texts, start=1)]
    )


# -- targets -----------------------------------------------------------------------------------

TARGET_FIELDS = ["position", "indicator", "label", "breakdown", "baseline", "target_value", "target_max", "unit_label", "source"]


@transaction.atomic
def target_create(*, actor, plan: Plan, **fields) -> Target:
    from ocop.planning.actuals import INDICATORS

    for name in fields:
        if name not in TARGET_FIELDS:
            raise ValueError(f"Field {name} is not editable")
    target = Target(plan=plan, **fields)
    if not target.unit_label and target.indicator in INDICATORS:
        target.unit_label = INDICATORS[target.indicator].unit_label
    if not target.position:
        target.position = plan.targets.count() + 1
    target.full_clean()
    save_audited(actor, target)
    return target


@transaction.atomic
def target_update(*, actor, target: Target, **fields) -> Target:
    return record_update(target, actor=actor, fields=fields, allowed=TARGET_FIELDS)


@transaction.atomic
def target_delete(*, actor, target: Target) -> None:
    with set_actor(actor):
        target.delete()
