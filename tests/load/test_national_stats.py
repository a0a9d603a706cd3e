"""The load harness's statistics and table (tests/load/report.py), on fixed inputs."""

import math

from tests.load.report import (
    REFERENCE_URL,
    Result,
    format_table,
    percentile,
    ratio,
    reference_rps,
)


def test_it_interpolates_percentiles_between_ranks():
    values = [0.4, 0.1, 0.3, 0.2, 0.5]
    assert percentile(values, 50) == 0.3
    assert percentile(values, 0) == 0.1
    assert percentile(values, 100) == 0.5
    assert math.isclose(percentile(values, 95), 0.48)
    assert percentile([7.0], 95) == 7.0
    assert math.isnan(percentile([], 50))


def test_it_gives_throughput_as_a_ratio_to_healthz():
    assert ratio(50, 200) == 0.25
    assert math.isnan(ratio(10, 0))


def test_it_summarises_a_run_and_prints_one_row_per_page():
    result = Result(name="/ocop/", url="/ocop/", requests=100, seconds=10.0,
                    latencies=[i / 1000 for i in range(1, 101)], bytes=100 * 2048, non_2xx=1, queries=9)
    row = result.summary(healthz_rps=200)
    assert row["rps"] == 10.0 and row["ratio"] == 0.05
    assert row["p50_ms"] == 50.5 and row["p95_ms"] == 95.0
    assert row["bytes"] == 2048 and row["queries"] == 9 and row["non_2xx"] == 1

    skipped = Result(name="Bản đồ", url="/x", note="404: chưa có, bỏ qua").summary(healthz_rps=200)
    table = format_table([row, skipped])
    lines = table.splitlines()
    assert len(lines) == 4
    assert "| /ocop/ | 10.0 | 50 | 95 | 200.0 | 0.050 | 2.0 kB | 9 | 1 |" in lines[2]
    assert "404: chưa có, bỏ qua" in lines[3]


def test_a_page_is_divided_by_the_livez_measured_just_before_it():
    # The run's reference (first and last /livez) is only the fallback: the machine's speed
    # drifts during a run.
    page = Result(name="/ocop/", url="/ocop/", requests=100, seconds=10.0, latencies=[0.01], reference=40.0)
    row = page.summary(healthz_rps=200)
    assert row["ratio"] == 0.25 and row["reference_rps"] == 40.0
    assert "| 40.0 | 0.250 |" in format_table([row])


def test_it_takes_the_mean_of_the_first_and_last_healthz_as_reference():
    first = Result(name=REFERENCE_URL, url=REFERENCE_URL, requests=1000, seconds=5.0)
    last = Result(name=f"{REFERENCE_URL} (cuối)", url=REFERENCE_URL, requests=1500, seconds=5.0)
    page = Result(name="/ocop/", url="/ocop/", requests=10, seconds=5.0)
    assert reference_rps([first, page, last]) == 250.0
