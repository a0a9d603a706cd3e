"""Creating a plan, its targets and its tasks from a parsed text (see ocop.planning.parsing)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction

from ocop.accounts.models import Agency
from ocop.planning import parsing, recurrence
from ocop.planning.models import (
    Breakdown,
    Plan,
    PlanSolution,
    Responsibility,
)
from ocop.planning.services.plans import plan_create, target_create
from ocop.planning.services.tasks import task_create
from ocop.territory.models import AdministrativeUnit


@dataclass
class HolderSpec:
    """Who an item of mục IV names: agencies (each with the names the text may use for it,
    e.g. "Hội Nông dân") and/or every commune the plan follows."""

    agencies: list[tuple[Agency, list[str]]] = field(default_factory=list)
    all_communes: bool = False


COORDINATION = re.compile(r"phối hợp với\s+(?P<rest>.+)$", re.I | re.S)


def _mentions(text: str, aliases: Iterable[str]) -> bool:
    lowered = text.lower()
    return any(alias.lower() in lowered for alias in aliases if alias)


@transaction.atomic
def plan_import(
    *,
    actor,
    parsed: parsing.ParsedPlan,
    issuing_unit: AdministrativeUnit,
    year: int,
    holders: dict[int, HolderSpec],
    issuer_name: str = "",
    place: str = "",
    number: str = "",
    issued_on: date | None = None,
    lead_agency: Agency | None = None,
    report_recipient: str = "",
    deadlines: dict[tuple[int, int], date] | None = None,
    periodic: str = recurrence.QUARTERLY,
    communes: Iterable[AdministrativeUnit] | None = None,
    source_note: str = "",
    is_sample: bool = False,
) -> Plan:
    """Create a plan, its targets and its tasks from a parsed text.

    `holders[n]` names the holders of item n of mục IV. A task naming only some of its item's
    holders ("…nhất là Hội Nông dân, Hội Liên hiệp phụ nữ…") goes to those; an agency of
    another item named after "phối hợp với" gets a coordinating assignment. A task starting
    "Định kỳ" recurs with frequency `periodic`; others are due on `deadlines[(n, position)]`,
    by default the last day of the plan year.
    """
    missing = [r.number for r in parsed.responsibilities if r.number not in holders]
    if missing:
        raise ValidationError(f"Chưa chỉ rõ cơ quan, đơn vị thực hiện cho mục IV.{', IV.'.join(map(str, missing))}.")
    plan = plan_create(
        actor=actor,
        issuing_unit=issuing_unit,
        year=year,
        issuer_name=issuer_name,
        place=place,
        number=number,
        issued_on=issued_on,
        doc_type=parsed.doc_type,
        title=parsed.title,
        preamble=parsed.preamble,
        purposes="\n".join(parsed.purposes),
        requirements="\n".join(parsed.requirements),
        general_objective=parsed.general_objective,
        specific_objective=parsed.specific_objective,
        closing=parsed.closing,
        recipients="\n".join(parsed.recipients),
        signer_authority=parsed.signature.authority,
        signer_position=parsed.signature.position,
        signer_name=parsed.signature.signer,
        lead_agency=lead_agency,
        report_recipient=report_recipient,
        source_note=source_note,
        bases=parsed.bases,
        communes=communes,
        is_sample=is_sample,
    )
    PlanSolution.objects.bulk_create(
        [
            PlanSolution(plan=plan, position=item.number, title=item.title, content="\n".join(item.paragraphs), inline=item.inline)
            for item in parsed.solutions
        ]
    )
    for position, target in enumerate(parsed.targets, start=1):
        target_create(
            actor=actor,
            plan=plan,
            position=position,
            indicator=target.indicator,
            label=target.label,
            breakdown=Breakdown.PER_COMMUNE if target.per_commune else Breakdown.TOTAL,
            target_value=Decimal(str(target.value)),
            target_max=Decimal(str(target.maximum)) if target.maximum is not None else None,
            unit_label=target.unit,
            source=target.source,
        )
    all_aliases = [(agency, aliases) for spec in holders.values() for agency, aliases in spec.agencies]
    plan_communes = list(plan.communes.all())
    deadlines = deadlines or {}
    for parsed_item in parsed.responsibilities:
        spec = holders[parsed_item.number]
        responsibility = Responsibility.objects.create(
            plan=plan,
            position=parsed_item.number,
            heading=parsed_item.heading,
            inline=parsed_item.inline,
            is_request=parsed_item.is_request,
            all_communes=spec.all_communes,
        )
        responsibility.agencies.set([agency for agency, _ in spec.agencies])
        own_ids = {agency.pk for agency, _ in spec.agencies}
        for parsed_task in parsed_item.tasks:
            named = [agency for agency, aliases in spec.agencies if _mentions(parsed_task.text, aliases)]
            agencies = named if named and len(spec.agencies) > 1 else [agency for agency, _ in spec.agencies]
            coordination = COORDINATION.search(parsed_task.text)
            coordinators = []
            if coordination:
                coordinators = [
                    agency for agency, aliases in all_aliases
                    if agency.pk not in own_ids and _mentions(coordination.group("rest"), aliases)
                ]
            is_periodic = parsed_task.recurrence == parsing.RECURRENCE_PERIODIC
            task_create(
                actor=actor,
                responsibility=responsibility,
                position=parsed_task.position,
                content=parsed_task.text,
                role=parsed_task.role,
                deadline=deadlines.get((parsed_item.number, parsed_task.position)),
                recurrence=periodic if is_periodic else recurrence.NONE,
                agencies=agencies,
                communes=plan_communes if spec.all_communes else (),
                coordinating_agencies=list(dict.fromkeys(coordinators)),
            )
    return plan
