"""Due dates from recurrence rules, and completeness/timeliness on explicit dates (pure)."""

from datetime import date

from ocop.planning import recurrence
from ocop.planning.reporting import (
    EARLY,
    LATE,
    MISSING,
    NOT_DUE,
    ON_TIME,
    PeriodInfo,
    ReporterInfo,
    cell_status,
    completeness,
)


def test_it_schedules_quarter_one_half_year_quarter_three_and_year():
    schedule = recurrence.report_schedule(
        [recurrence.QUARTERLY, recurrence.HALF_YEARLY, recurrence.YEARLY], 2024, due_after_days=5
    )
    assert [o.label for o in schedule] == ["Quý I/2024", "6 tháng đầu năm 2024", "Quý III/2024", "Năm 2024"]
    assert [o.due_on for o in schedule] == [date(2024, 4, 5), date(2024, 7, 5), date(2024, 10, 5), date(2025, 1, 5)]
    assert schedule[1].starts_on == date(2024, 1, 1)  # "6 tháng đầu năm" is cumulative
    assert schedule[2].starts_on == date(2024, 7, 1)


def test_it_generates_monthly_due_dates_with_month_lengths():
    dates = recurrence.due_dates(recurrence.MONTHLY, 2024, due_after_days=0)
    assert dates[1] == date(2024, 2, 29) and dates[-1] == date(2024, 12, 31) and len(dates) == 12


def test_a_recurring_task_misses_a_quarter_without_an_update_in_its_window():
    states = recurrence.occurrence_states(
        recurrence.QUARTERLY, 2026, [date(2026, 7, 3), date(2026, 10, 8)], date(2026, 11, 29),
        due_after_days=5, not_before=date(2026, 6, 10),
    )
    assert [s.occurrence.label for s in states] == ["Quý II/2026", "Quý III/2026", "Quý IV/2026"]
    # Q2 (due 5/7): met on 3/7. Q3 (due 5/10): the update of 8/10 is late → missed; it
    # counts for Q4 instead (after 5/10, before 5/1/2027). Q1 was due before the plan.
    assert [(s.met, s.missed) for s in states] == [(True, False), (False, True), (True, False)]


def test_cell_status_on_explicit_dates():
    due = date(2024, 7, 5)
    assert cell_status(due, date(2024, 7, 5), date(2024, 8, 1)) == ON_TIME  # on the due day
    assert cell_status(due, date(2024, 7, 6), date(2024, 8, 1)) == LATE
    assert cell_status(due, None, date(2024, 8, 1)) == MISSING
    assert cell_status(due, None, date(2024, 7, 5)) == NOT_DUE  # the due day is not over yet
    assert cell_status(due, date(2024, 7, 1), date(2024, 7, 3)) == EARLY


def test_completeness_and_timeliness_count_expected_reports_of_due_periods_only():
    reporters = [ReporterInfo("a", "Xã A"), ReporterInfo("b", "Xã B"), ReporterInfo("c", "Phòng C")]
    periods = [
        PeriodInfo(1, "6 tháng", date(2024, 7, 5)),
        PeriodInfo(2, "Quý III", date(2024, 10, 5)),
        PeriodInfo(3, "Năm", date(2025, 1, 5)),
    ]
    submissions = {
        ("a", 1): date(2024, 7, 1), ("b", 1): date(2024, 7, 12), ("c", 1): date(2024, 7, 5),
        ("a", 2): date(2024, 10, 2), ("c", 2): date(2024, 10, 4),  # b never sent Q3
        ("a", 3): date(2024, 12, 20),  # early, for a period not yet due
    }
    result = completeness(reporters, periods, submissions, date(2024, 12, 31))
    assert (result.overall.expected, result.overall.submitted, result.overall.on_time) == (6, 5, 4)
    assert round(result.overall.completeness, 1) == 83.3
    assert round(result.overall.timeliness, 1) == 66.7
    assert (result.overall.late, result.overall.missing) == (1, 1)
    rows = {row.reporter.key: row for row in result.rows}
    assert [status for _p, status, _d in rows["b"].cells] == [LATE, MISSING, NOT_DUE]
    assert [status for _p, status, _d in rows["a"].cells] == [ON_TIME, ON_TIME, EARLY]
    assert rows["b"].rate.completeness == 50 and rows["b"].rate.timeliness == 0
    assert result.by_period[1].timeliness == 100 * 2 / 3
    assert result.by_period[3].expected == 0 and result.by_period[3].completeness is None
