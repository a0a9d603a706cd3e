"""The demo: the 2024 plan loaded from the seed text, the 2026 sample, reports with one late
and one missing per plan, and a second load that changes nothing."""

from datetime import date

import pytest

from ocop.planning import selectors
from ocop.planning.models import PeriodicReport, Plan, ProgressUpdate, TaskAssignment
from ocop.planning.reporting import LATE, MISSING


def _cells(completeness):
    return {
        (row.reporter.name, period.label): status
        for row in completeness.rows
        for period, status, _submitted in row.cells
    }


@pytest.mark.django_db
def test_loading_the_demo_twice_changes_nothing(demo):
    from ocop.core.demo import load_demo

    counts = lambda: (  # noqa: E731
        Plan.objects.count(), TaskAssignment.objects.count(), ProgressUpdate.objects.count(), PeriodicReport.objects.count()
    )
    before = counts()
    load_demo()
    assert counts() == before
    assert Plan.objects.filter(is_sample=True).count() == 2


@pytest.mark.django_db
def test_the_2024_plan_holds_the_seeds_parts_as_data(plan2024):
    assert plan2024.issuing_unit.name == "Huyện Kon Rẫy" and plan2024.number == "" and plan2024.issued_on is None
    assert plan2024.bases.count() == 3 and plan2024.solutions.count() == 5
    assert plan2024.responsibilities.count() == 7 and plan2024.tasks.count() == 21
    assert plan2024.communes.count() == 7
    assert list(plan2024.targets.values_list("indicator", flat=True)) == [
        "products_evaluated", "evaluated_reaching_3_stars", "focus_products",
    ]
    assert "ocop_parse_plan" in plan2024.source_note


@pytest.mark.django_db
def test_the_2024_reports_have_one_late_and_one_missing(plan2024):
    completeness = selectors.plan_completeness(plan2024, as_of=date(2025, 2, 1))
    cells = _cells(completeness)
    assert [status for status in cells.values() if status == LATE] == [LATE]
    assert cells[("Xã Tân Lập", "6 tháng đầu năm 2024")] == LATE
    assert cells[("Huyện đoàn Kon Rẫy", "Năm 2024")] == MISSING
    assert [k for k, status in cells.items() if status == MISSING] == [("Huyện đoàn Kon Rẫy", "Năm 2024")]
    overall = completeness.overall
    assert (overall.expected, overall.submitted, overall.on_time) == (17 * 3, 50, 49)


@pytest.mark.django_db
def test_the_2026_reports_have_one_late_and_one_missing_and_a_year_not_yet_due(plan2026):
    completeness = selectors.plan_completeness(plan2026, as_of=date(2026, 11, 29))
    cells = _cells(completeness)
    assert cells[("Xã Kon Braih", "Quý III/2026")] == LATE
    assert cells[("Sở Y tế tỉnh Quảng Ngãi", "Quý III/2026")] == MISSING
    assert (completeness.overall.expected, completeness.overall.submitted, completeness.overall.on_time) == (16, 15, 14)
    assert round(completeness.overall.completeness, 2) == 93.75 and completeness.overall.timeliness == 87.5
    assert all(status == "chua_den_han" for (_name, label), status in cells.items() if label == "Năm 2026")
