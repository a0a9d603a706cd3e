"""`make bench`: time the heavy pages on a throw-away database with realistic volumes.

Creates a test database (migrations included), loads the demo scenario plus BENCH_PRODUCERS
extra producers with two products each (one of the two holding a 3★ certificate issued on a
date spread over three years, so every validity status occurs), then requests each heavy page several times per
role and prints the median time and the number of SQL queries. Results also go to
bench-results/bench.json so runs can be compared (docs/performance.md).

Not part of `make test`: timings depend on the machine, so nothing here asserts a speed.
"""

import json
import os
import statistics
import sys
import time
import warnings
from pathlib import Path

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ocop.settings")
os.environ.setdefault("ALLOWED_HOSTS", "testserver")
# The bench asks the same pages many times from one client over plain HTTP.
os.environ.setdefault("OCOP_HTTPS", "0")
os.environ.setdefault("OCOP_THROTTLE_ENABLED", "0")
django.setup()
# Static files are served from node_modules during the bench; nothing is collected.
warnings.filterwarnings("ignore", message="No directory at")

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402

PRODUCERS = int(os.environ.get("BENCH_PRODUCERS", "1000"))
REPEAT = int(os.environ.get("BENCH_REPEAT", "5"))

# (user, url); user None = an anonymous visitor of the public catalogue and API.
PAGES = [
    ("tinh", "/chu-the/"),
    ("tinh", "/chu-the/?q=hop+tac+xa"),
    ("tinh", "/san-pham/"),
    ("tinh", "/san-pham/?q=ca+phe"),
    ("xa.dakkoi", "/chu-the/"),
    ("xa.dakkoi", "/san-pham/"),
    ("chuthe1", "/san-pham/"),
    ("tinh", "/dia-ban/?q=dak"),
    ("chuthe1", "/bo-tieu-chi/bo/13/"),
    ("tinh", "/ho-so/"),
    ("tinh", "/ho-so/dot/"),
    ("tinh", "/giay-chung-nhan/"),
    ("tinh", "/giay-chung-nhan/theo-doi/"),
    ("xa.dakkoi", "/giay-chung-nhan/theo-doi/"),
    ("tinh", "/ke-hoach/bang-dieu-khien/"),
    ("tinh", "/y-tuong/"),
    ("tinh", "/xuc-tien/"),
    (None, "/ocop/"),
    (None, "/ocop/?q=ca+phe"),
    (None, "/ocop/ban-do/"),
    (None, "/api/v1/products"),
    (None, "/api/v1/certificates"),
]


def populate() -> None:
    from ocop.core.demo import load_demo
    from tests.factories import ProducerFactory, ProductFactory, current_commune, legacy_commune

    load_demo()
    communes = [current_commune("23485"), legacy_commune("23482"), current_commune("23497")]
    certified = []
    for index in range(PRODUCERS):
        producer = ProducerFactory(commune=communes[index % len(communes)])
        certified.append(ProductFactory.create_batch(2, producer=producer)[0])
    issue_certificates(certified)


def issue_certificates(products) -> None:
    from datetime import timedelta

    from django.utils import timezone

    from ocop.certificates.services import certificate_issue, decision_create
    from ocop.territory.models import AdministrativeUnit, UnitLevel

    province = AdministrativeUnit.objects.get(level=UnitLevel.PROVINCE, code="51", valid_to__isnull=True)
    today = timezone.localdate()
    decisions = {}
    for index, product in enumerate(products):
        issued_on = today - timedelta(days=(index * 7) % 1100 + 1)
        decision = decisions.get(issued_on)
        if decision is None:
            decision = decisions[issued_on] = decision_create(
                actor=None, number=f"{len(decisions) + 900}/QĐ-UBND", decided_on=issued_on, level="province",
                issuing_unit=province,
            )
        certificate_issue(actor=None, decision=decision, product=product, number=f"B{index:05d}", stars=3,
                          issued_on=issued_on)


def measure(client: Client, url: str) -> tuple[float, float, int]:
    """(first request ms, median ms, queries): the first request draws what later ones may
    find cached (dashboard charts)."""
    timings = []
    queries = 0
    for _ in range(REPEAT):
        with CaptureQueriesContext(connection) as ctx:
            start = time.perf_counter()
            response = client.get(url)
            timings.append(time.perf_counter() - start)
        if response.status_code != 200:
            raise SystemExit(f"{url}: HTTP {response.status_code}")
        queries = len(ctx.captured_queries)
    return timings[0] * 1000, statistics.median(timings) * 1000, queries


def main() -> int:
    from ocop.accounts.models import User

    setup_test_environment()
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Measure the work, not the public cache (which would answer repeats from memory).
    settings.OCOP_CATALOGUE_CACHE_SECONDS = 0
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        start = time.perf_counter()
        populate()
        print(
            f"Dữ liệu: {PRODUCERS} chủ thể thêm, {PRODUCERS * 2} sản phẩm thêm, {PRODUCERS} giấy chứng nhận thêm "
            f"({time.perf_counter() - start:.1f} s)"
        )
        rows = []
        clients: dict[str, Client] = {}
        for username, url in PAGES:
            client = clients.get(username)
            if client is None:
                client = clients[username] = Client()
                if username is not None:
                    client.force_login(User.objects.get(username=username))
            first_ms, median_ms, queries = measure(client, url)
            who = username or "(khách)"
            rows.append({"user": who, "url": url, "first_ms": round(first_ms, 1), "median_ms": round(median_ms, 1),
                         "queries": queries})
            print(f"{who:<12} {url:<30} lần đầu {first_ms:8.1f} ms  trung vị {median_ms:8.1f} ms  {queries:3d} truy vấn")
        out = Path(settings.BASE_DIR) / "bench-results"
        out.mkdir(exist_ok=True)
        (out / "bench.json").write_text(json.dumps({"producers": PRODUCERS, "pages": rows}, ensure_ascii=False, indent=2))
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
    return 0


if __name__ == "__main__":
    sys.exit(main())
