"""Working days for legal deadlines, e.g. the commune check of QĐ 26/2026 Điều 7.2.

A working day is a weekday that is not a public holiday (Bộ luật Lao động 2019 Điều 112;
the `holidays` package's Vietnam calendar, which includes Tết and the yearly substitute
days off announced by the government), or a Saturday/Sunday the government declared a
make-up working day (e.g. 04/05/2024). Officials may record further days off (a provincial
decision, a storm) or make-up working days; those override the national calendar.

Counting (Bộ luật Dân sự 2015 Điều 147.1): a period counted in days starts on the day after
the event, so "within 15 working days from receipt" ends on the 15th working day after the
day of receipt.

Pure Python (no Django): `WorkCalendar` is built by `selectors.work_calendar_for` from the
adjustments stored in `CalendarDay`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from itertools import islice, takewhile

import holidays


@lru_cache(maxsize=64)
def _national(year: int) -> holidays.HolidayBase:
    return holidays.Vietnam(years=year)


def public_holiday_name(day: date) -> str | None:
    """The name of the Vietnamese public holiday (or substitute day off) on `day`, if any."""
    return _national(day.year).get(day)


@dataclass(frozen=True)
class WorkCalendar:
    extra_days_off: frozenset[date] = frozenset()
    extra_working_days: frozenset[date] = frozenset()

    @classmethod
    def with_adjustments(
        cls, *, days_off: Iterable[date] = (), working_days: Iterable[date] = ()
    ) -> WorkCalendar:
        return cls(frozenset(days_off), frozenset(working_days))

    def is_working_day(self, day: date) -> bool:
        if day in self.extra_working_days:
            return True
        if day in self.extra_days_off:
            return False
        # Weekends, public holidays (incl. Tết and substitute days off) and the government's
        # make-up working Saturdays (`weekend_workdays`) are all handled by the package.
        return _national(day.year).is_working_day(day)

    def working_days_from(self, start: date) -> Iterator[date]:
        """The working days after `start` (start itself is not counted), in order, endless."""
        day = start
        while True:
            day += timedelta(days=1)
            if self.is_working_day(day):
                yield day

    def add_working_days(self, start: date, count: int) -> date:
        """The `count`-th working day after `start` (start itself is not counted)."""
        if count < 1:
            raise ValueError("count must be at least 1")
        return next(islice(self.working_days_from(start), count - 1, None))

    def working_days_after(self, start: date, end: date) -> int:
        """Working days in (start, end]; 0 when end ≤ start."""
        return sum(1 for _ in takewhile(lambda day: day <= end, self.working_days_from(start)))


NATIONAL = WorkCalendar()
