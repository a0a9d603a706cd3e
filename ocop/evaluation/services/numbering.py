"""Numbers a dossier receives on its way (Phiếu số of Mẫu 01, mã số sản phẩm) and the
commune's deadline of 15 working days (QĐ 26/2026 Điều 7.2)."""

from __future__ import annotations

from datetime import date

from django.db.models import Max
from django.utils import timezone

from ocop.criteria.regimes import RegimeNotFound, get_regime
from ocop.evaluation import legal, workflow
from ocop.evaluation.models import COMMUNE_CLOCK_STATES, Dossier
from ocop.territory.models import AdministrativeUnit


def _today() -> date:
    return timezone.localdate()

def _lock_unit(unit_id: int) -> None:
    # Serialises numbering per unit on PostgreSQL (SQLite already runs one writer at a time).
    list(AdministrativeUnit.objects.select_for_update().filter(pk=unit_id).values_list("pk"))


def _next(queryset, field: str) -> int:
    return (queryset.aggregate(top=Max(field))["top"] or 0) + 1


def _format_registration_number(dossier: Dossier, serial: int, year: int) -> str:
    """Phiếu số of Mẫu 01; the commune's and the office's parts differ only in their serial."""
    return legal.format_registration_number(
        serial=serial,
        kind=dossier.kind,
        province_code=dossier.province.code,
        commune_code=dossier.commune.code,
        year=year,
    )


def _assign_registration_number(dossier: Dossier, day: date) -> None:
    """Phiếu số of Mẫu 01 (the commune's part): see data/dossier_rules.json."""
    if dossier.registration_number:
        return
    _lock_unit(dossier.commune_id)
    serial = _next(
        Dossier.objects.filter(commune_id=dossier.commune_id, registration_year=day.year),
        "registration_serial",
    )
    dossier.registration_serial, dossier.registration_year = serial, day.year
    dossier.registration_number = _format_registration_number(dossier, serial, day.year)


def _assign_office_number(dossier: Dossier, day: date) -> None:
    """Phiếu số of Mẫu 01 (the provincial/district office's part), its own yearly serial."""
    if dossier.office_registration_number:
        return
    _lock_unit(dossier.province_id)
    serial = _next(
        Dossier.objects.filter(province_id=dossier.province_id, office_year=day.year), "office_serial"
    )
    dossier.office_serial, dossier.office_year = serial, day.year
    dossier.office_registration_number = _format_registration_number(dossier, serial, day.year)


def evaluation_year_for(dossier: Dossier, proposed_on: date) -> int:
    """The year of the round a dossier proposed on that day goes to (QĐ 26/2026 Điều 5)."""
    from ocop.criteria.regimes import next_round

    try:
        _number, held_before = next_round(
            workflow.office_for(dossier.regime_key), proposed_on, get_regime(dossier.regime_key)
        )
    except RegimeNotFound:
        return proposed_on.year
    return held_before.year


def _assign_product_code(dossier: Dossier, year: int) -> None:
    """Mã số sản phẩm (T)-(X)-(STT)-20YY; re-issued if the evaluation year changes."""
    if dossier.product_code and dossier.product_code_year == year:
        return
    _lock_unit(dossier.commune_id)
    serial = _next(
        Dossier.objects.filter(commune_id=dossier.commune_id, product_code_year=year).exclude(pk=dossier.pk),
        "product_serial",
    )
    dossier.product_serial, dossier.product_code_year = serial, year
    dossier.product_code = legal.format_product_code(
        province_code=dossier.province.code, commune_code=dossier.commune.code, serial=serial, year=year
    )


# -- deadlines -----------------------------------------------------------------------------

def commune_deadline_for(dossier: Dossier, submitted_on: date) -> date | None:
    """15 working days after submission (QĐ 26/2026 Điều 7.2), on the calendar of the
    dossier's province; None when the regime's data sets no commune deadline."""
    from ocop.evaluation.selectors import work_calendar_for

    days = legal.commune_check_days(dossier.regime_key)
    if days is None:
        return None
    return work_calendar_for(dossier.province_id).add_working_days(submitted_on, days)


def commune_deadlines_recompute(*, province_id: int | None = None) -> int:
    """Recompute the deadline of every dossier on the commune's clock (after the calendar
    changed). Returns the number of dossiers updated."""
    queryset = Dossier.objects.filter(
        state__in=sorted(COMMUNE_CLOCK_STATES), submitted_on__isnull=False
    ).select_related("province")
    if province_id is not None:
        queryset = queryset.filter(province_id=province_id)
    changed = []
    for dossier in queryset:
        deadline = commune_deadline_for(dossier, dossier.submitted_on)
        if deadline != dossier.commune_deadline:
            dossier.commune_deadline = deadline
            changed.append(dossier)
    Dossier.objects.bulk_update(changed, ["commune_deadline"])
    return len(changed)
