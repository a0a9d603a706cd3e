"""Completeness and timeliness of periodic reports, as DHIS2 computes reporting rates.

Expected reports = reporting units × periods whose due date has passed (before the day the
figures are taken). For each expected report:

* đã nộp đúng hạn — submitted on or before the due date;
* nộp muộn — submitted after the due date;
* chưa nộp — not submitted (a draft or a report returned for completion counts as not
  submitted; it keeps its first submission date once resubmitted).

Completeness (tỷ lệ đầy đủ) = submitted ÷ expected; timeliness (tỷ lệ đúng hạn) = submitted
on time ÷ expected (DHIS2 REPORTING_RATE and REPORTING_RATE_ON_TIME). A period not yet due
is shown ("chưa đến hạn", or the report if already sent) but does not count.

Pure Python: the caller passes the units, periods and submission dates.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

ON_TIME = "dung_han"
LATE = "nop_muon"
MISSING = "chua_nop"
NOT_DUE = "chua_den_han"
EARLY = "da_nop_truoc_han"  # sent for a period not yet due

CELL_LABELS = {
    ON_TIME: "Đã nộp đúng hạn",
    LATE: "Nộp muộn",
    MISSING: "Chưa nộp",
    NOT_DUE: "Chưa đến hạn",
    EARLY: "Đã nộp (chưa đến hạn)",
}
CELL_COLOURS = {ON_TIME: "success", LATE: "warning", MISSING: "danger", NOT_DUE: "secondary", EARLY: "success"}


def cell_status(due_on: date, submitted_on: date | None, as_of: date) -> str:
    if due_on >= as_of:
        return EARLY if submitted_on is not None else NOT_DUE
    if submitted_on is None:
        return MISSING
    return ON_TIME if submitted_on <= due_on else LATE


@dataclass(frozen=True)
class PeriodInfo:
    key: Hashable
    label: str
    due_on: date


@dataclass(frozen=True)
class ReporterInfo:
    key: Hashable
    name: str


@dataclass
class Rate:
    expected: int = 0
    submitted: int = 0
    on_time: int = 0

    @property
    def late(self) -> int:
        return self.submitted - self.on_time

    @property
    def missing(self) -> int:
        return self.expected - self.submitted

    @property
    def completeness(self) -> float | None:
        return 100.0 * self.submitted / self.expected if self.expected else None

    @property
    def timeliness(self) -> float | None:
        return 100.0 * self.on_time / self.expected if self.expected else None

    def add(self, status: str) -> None:
        if status in (NOT_DUE, EARLY):
            return
        self.expected += 1
        if status in (ON_TIME, LATE):
            self.submitted += 1
        if status == ON_TIME:
            self.on_time += 1


@dataclass
class CompletenessRow:
    reporter: ReporterInfo
    cells: list[tuple[PeriodInfo, str, date | None]]
    rate: Rate


@dataclass
class Completeness:
    periods: list[PeriodInfo]
    rows: list[CompletenessRow]
    by_period: dict[Hashable, Rate] = field(default_factory=dict)
    overall: Rate = field(default_factory=Rate)


def completeness(
    reporters: Sequence[ReporterInfo],
    periods: Sequence[PeriodInfo],
    submissions: Mapping[tuple[Hashable, Hashable], date | None],
    as_of: date,
) -> Completeness:
    """The matrix reporters × periods with rates per reporter, per period and overall.

    `submissions[(reporter key, period key)]` is the date the report was submitted (absent
    or None when it was not)."""
    result = Completeness(periods=list(periods), rows=[])
    for period in periods:
        result.by_period[period.key] = Rate()
    for reporter in reporters:
        rate = Rate()
        cells = []
        for period in periods:
            submitted_on = submissions.get((reporter.key, period.key))
            status = cell_status(period.due_on, submitted_on, as_of)
            cells.append((period, status, submitted_on))
            rate.add(status)
            result.by_period[period.key].add(status)
            result.overall.add(status)
        result.rows.append(CompletenessRow(reporter, cells, rate))
    return result


def count_statuses(statuses: Iterable[str]) -> dict[str, int]:
    counts = {key: 0 for key in CELL_LABELS}
    for status in statuses:
        counts[status] += 1
    return counts
