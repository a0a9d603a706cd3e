"""The statistics and the table of `make bench-national` (tests/load/national.py): pure
functions of the measured figures, unit-tested in test_national_stats.py."""

from __future__ import annotations

import math
import os
from dataclasses import dataclass, field


def percentile(values: list[float], p: float) -> float:
    """The p-th percentile (0–100) by linear interpolation between closest ranks."""
    if not values:
        return math.nan
    ordered = sorted(values)
    if len(ordered) == 1:
        return ordered[0]
    rank = (len(ordered) - 1) * p / 100
    low = math.floor(rank)
    high = math.ceil(rank)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


# The trivial page every figure is divided by: one read query through the whole stack.
# (/healthz also tries a write since it reports a database that cannot write.)
REFERENCE_URL = "/livez"
# How long the /livez measured just before each page runs (its ratio's reference).
REFERENCE_SECONDS = float(os.environ.get("BENCH_REFERENCE_SECONDS", "2"))


def reference_rps(results: list[Result]) -> float:
    """Mean throughput of the reference runs (first and last of a bench)."""
    runs = [r.rps for r in results if r.url == REFERENCE_URL and r.requests]
    return sum(runs) / len(runs) if runs else math.nan


def ratio(value: float, reference: float) -> float:
    return value / reference if reference else math.nan


@dataclass
class Result:
    name: str
    url: str
    requests: int = 0
    seconds: float = 0.0
    latencies: list[float] = field(default_factory=list)
    bytes: int = 0
    non_2xx: int = 0
    statuses: dict = field(default_factory=dict)
    queries: int | None = None
    note: str = ""
    reference: float | None = None  # req/s of the /livez measured just before this page


    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    @property
    def mean_bytes(self) -> float:
        return self.bytes / self.requests if self.requests else 0.0

    def summary(self, healthz_rps: float) -> dict:
        """`healthz_rps` is the run's reference, used when no /livez was measured beside the page."""
        reference = self.reference or healthz_rps
        return {
            "name": self.name, "url": self.url, "requests": self.requests, "rps": round(self.rps, 1),
            "p50_ms": round(percentile(self.latencies, 50) * 1000, 1) if self.latencies else None,
            "p95_ms": round(percentile(self.latencies, 95) * 1000, 1) if self.latencies else None,
            "ratio": round(ratio(self.rps, reference), 3) if self.requests else None,
            "reference_rps": round(reference, 1),
            "bytes": round(self.mean_bytes), "queries": self.queries, "non_2xx": self.non_2xx,
            "statuses": self.statuses, "note": self.note,
        }


def format_bytes(value: float) -> str:
    if value >= 1024 * 1024:
        return f"{value / 1024 / 1024:.1f} MB"
    if value >= 1024:
        return f"{value / 1024:.1f} kB"
    return f"{value:.0f} B"


def format_table(rows: list[dict]) -> str:
    """One Markdown table (also readable in a terminal)."""
    header = (
        f"| Trang | req/s | p50 ms | p95 ms | {REFERENCE_URL} kề trước (req/s) | so với {REFERENCE_URL} | byte/yêu cầu "
        "| truy vấn SQL | lỗi (≠2xx) |"
    )
    lines = [header, "|---|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for row in rows:
        if row.get("note") and not row["requests"]:
            lines.append(f"| {row['name']} | – | – | – | – | – | – | – | {row['note']} |")
            continue
        ratio_text = "–" if row["ratio"] is None or math.isnan(row["ratio"]) else f"{row['ratio']:.3f}"
        reference = row.get("reference_rps")
        reference_text = "–" if reference is None or math.isnan(reference) else f"{reference:.1f}"
        lines.append(
            f"| {row['name']} | {row['rps']:.1f} | {row['p50_ms']:.0f} | {row['p95_ms']:.0f} | {reference_text} | "
            f"{ratio_text} | {format_bytes(row['bytes'])} | {'–' if row['queries'] is None else row['queries']} | "
            f"{row['non_2xx']} |"
        )
    return "\n".join(lines)
