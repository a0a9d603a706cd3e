"""The commune's 15 working days (QĐ 26/2026 Điều 7.2) across Tết and public holidays."""

from datetime import date

import pytest
import time_machine

from ocop.evaluation import services
from ocop.evaluation.models import CalendarDayKind, Dossier, DossierState
from ocop.evaluation.tests.builders import complete_dossier, current_dakkoi, make_product
from ocop.evaluation.workdays import NATIONAL, WorkCalendar, public_holiday_name
from ocop.territory.models import AdministrativeUnit, UnitLevel


def test_it_counts_from_the_day_after_receipt():
    # Received Monday 05/10/2026: day 1 is Tuesday; three plain weeks, no holiday.
    assert NATIONAL.add_working_days(date(2026, 10, 5), 15) == date(2026, 10, 26)
    assert NATIONAL.add_working_days(date(2026, 10, 5), 1) == date(2026, 10, 6)


def test_it_skips_tet_2026_for_a_dossier_received_just_before_it():
    # Received Friday 13/02/2026; Tết holidays 16–20/02 (Mon–Fri) and the weekends around
    # them are not working days, so day 1 is Monday 23/02 and day 15 is Friday 13/03.
    assert public_holiday_name(date(2026, 2, 17)) is not None
    assert NATIONAL.add_working_days(date(2026, 2, 13), 15) == date(2026, 3, 13)
    # Without the holidays it would have been 06/03.
    assert NATIONAL.add_working_days(date(2026, 2, 13), 15) != date(2026, 3, 6)


def test_it_skips_the_hung_kings_day_substitute_and_30_4_1_5():
    # 2026: Giỗ Tổ (26/04) falls on a Sunday, so Monday 27/04 is off; 30/04 and 01/05 too.
    assert public_holiday_name(date(2026, 4, 27)) is not None
    assert NATIONAL.add_working_days(date(2026, 4, 24), 15) == date(2026, 5, 20)
    assert NATIONAL.add_working_days(date(2026, 4, 29), 15) == date(2026, 5, 22)


def test_it_skips_national_day_and_counts_the_make_up_saturday():
    # 2026: Monday 31/08 is off in exchange for working Saturday 22/08; 01–02/09 are off.
    assert public_holiday_name(date(2026, 8, 31)) is not None
    assert NATIONAL.is_working_day(date(2026, 8, 22))  # a Saturday worked in exchange
    assert NATIONAL.add_working_days(date(2026, 8, 28), 15) == date(2026, 9, 23)
    assert NATIONAL.add_working_days(date(2026, 8, 21), 15) == date(2026, 9, 15)


def test_it_knows_the_2024_calendar_of_the_district_scenario():
    # 2024: Monday 29/04 off in exchange for Saturday 04/05, then 30/04 and 01/05.
    assert not NATIONAL.is_working_day(date(2024, 4, 29))
    assert NATIONAL.is_working_day(date(2024, 5, 4))
    # From Friday 26/04: Thursday 02/05 is day 1, Friday 03/05 day 2, Saturday 04/05 day 3.
    assert NATIONAL.add_working_days(date(2024, 4, 26), 2) == date(2024, 5, 3)
    assert NATIONAL.add_working_days(date(2024, 4, 26), 3) == date(2024, 5, 4)


def test_it_applies_an_official_extra_day_off_and_a_make_up_day():
    extra_off = WorkCalendar.with_adjustments(days_off=[date(2026, 10, 15)])
    assert extra_off.add_working_days(date(2026, 10, 5), 15) == date(2026, 10, 27)
    make_up = WorkCalendar.with_adjustments(working_days=[date(2026, 10, 10)])
    assert make_up.add_working_days(date(2026, 10, 5), 15) == date(2026, 10, 23)
    assert extra_off.working_days_after(date(2026, 10, 5), date(2026, 10, 27)) == 15


@pytest.mark.django_db
def test_it_sets_the_deadline_on_submission_and_moves_it_when_an_official_adds_a_day_off(users):
    product = make_product(commune=current_dakkoi())
    dossier = complete_dossier(product, filed_on=date(2026, 10, 1))
    dossier = services.dossier_transition(
        actor=users["xa.dakkoi"], dossier=dossier, action="submit", today=date(2026, 10, 5)
    )
    assert dossier.submitted_on == date(2026, 10, 5)
    assert dossier.commune_deadline == date(2026, 10, 26)
    event = dossier.events.get(action="submit")
    assert event.data["commune_deadline"] == "2026-10-26"

    quang_ngai = AdministrativeUnit.objects.get(level=UnitLevel.PROVINCE, code="51", valid_to__isnull=True)
    other = AdministrativeUnit.objects.filter(level=UnitLevel.PROVINCE, valid_to__isnull=True).exclude(pk=quang_ngai.pk).first()
    services.calendar_day_set(
        actor=users["tinh"], day=date(2026, 10, 15), kind=CalendarDayKind.DAY_OFF,
        reason="Nghỉ do bão theo quyết định của UBND tỉnh", province=other,
    )
    assert Dossier.objects.get(pk=dossier.pk).commune_deadline == date(2026, 10, 26)  # another province
    entry = services.calendar_day_set(
        actor=users["tinh"], day=date(2026, 10, 15), kind=CalendarDayKind.DAY_OFF,
        reason="Nghỉ do bão theo quyết định của UBND tỉnh", province=quang_ngai,
    )
    assert Dossier.objects.get(pk=dossier.pk).commune_deadline == date(2026, 10, 27)
    services.calendar_day_delete(actor=users["tinh"], entry=entry)
    assert Dossier.objects.get(pk=dossier.pk).commune_deadline == date(2026, 10, 26)


@pytest.mark.django_db
def test_it_flags_an_overdue_commune_check_and_lists_it_first(users):
    from ocop.evaluation.selectors import dossier_todo

    late = complete_dossier(make_product(commune=current_dakkoi()), filed_on=date(2026, 9, 1))
    late = services.dossier_transition(actor=users["xa.dakkoi"], dossier=late, action="submit", today=date(2026, 9, 7))
    fresh = complete_dossier(make_product(commune=current_dakkoi()), filed_on=date(2026, 9, 1))
    fresh = services.dossier_transition(actor=users["xa.dakkoi"], dossier=fresh, action="submit", today=date(2026, 9, 20))
    with time_machine.travel(date(2026, 10, 1), tick=False):
        assert Dossier.objects.get(pk=late.pk).is_overdue  # deadline 28/09/2026
        assert not Dossier.objects.get(pk=fresh.pk).is_overdue
        todo = list(dossier_todo(actor=users["xa.dakkoi"]))
        ours = [d.pk for d in todo if d.pk in (late.pk, fresh.pk)]
        assert ours == [late.pk, fresh.pk]
        assert todo[0].is_overdue
        # The commune's clock stops once it has issued its report.
        Dossier.objects.filter(pk=late.pk).update(state=DossierState.COMMUNE_REPORTED)
        assert not Dossier.objects.get(pk=late.pk).is_overdue


@pytest.mark.django_db
def test_it_sets_no_deadline_where_the_regime_data_has_none(users):
    from tests.factories import legacy_commune

    product = make_product(commune=legacy_commune("23482"))
    dossier = complete_dossier(product, filed_on=date(2024, 5, 6))
    assert dossier.regime_key == "qd148-2023"
    dossier = services.dossier_transition(actor=users["xa.dakkoi"], dossier=dossier, action="submit", today=date(2024, 5, 13))
    assert dossier.commune_deadline is None


@pytest.mark.django_db
def test_the_daily_job_reminds_the_commune_and_the_province_of_overdue_checks_once(demo):
    from django.core.management import call_command

    from ocop.notifications.models import Notification

    overdue = Dossier.objects.get(product__name="Tinh dầu sả chanh Đăk Rve")
    assert overdue.is_overdue
    Notification.objects.all().delete()
    call_command("ocop_dossier_deadlines")
    recipients = set(Notification.objects.values_list("recipient__username", flat=True))
    assert recipients == {"xa.dakrve", "tinh"}
    note = Notification.objects.filter(recipient__username="xa.dakrve").get()
    assert "Quá hạn kiểm tra" in note.title and overdue.commune_deadline.strftime("%d/%m/%Y") in note.body
    call_command("ocop_dossier_deadlines")
    assert Notification.objects.count() == 2  # never twice for the same deadline
