"""`make bench`: time the heavy pages on a throw-away database with realistic volumes.

Creates a test database (migrations included), loads the demo scenario plus BENCH_PRODUCERS
extra producers with two products each, then requests each heavy page several times per
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
django.setup()
# Static files are served from node_modules during the bench; nothing is collected.
warnings.filterwarnings("ignore", message="No directory at")

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402

PRODUCERS = int(os.environ.get("BENCH_PRODUCERS", "1000"))
REPEAT = int(os.environ.get("BENCH_REPEAT", "5"))

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
]


def populate() -> None:
    from ocop.core.demo import load_demo
    from tests.factories import ProducerFactory, ProductFactory, current_commune, legacy_commune

    load_demo()
    communes = [current_commune("23485"), legacy_commune("23482"), current_commune("23497")]
    for index in range(PRODUCERS):
        producer = ProducerFactory(commune=communes[index % len(communes)])
        ProductFactory.create_batch(2, producer=producer)


def measure(client: Client, url: str) -> tuple[float, int]:
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
    return statistics.median(timings) * 1000, queries


def main() -> int:
    from ocop.accounts.models import User

    setup_test_environment()
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        start = time.perf_counter()
        populate()
        print(f"Dữ liệu: {PRODUCERS} chủ thể thêm, {PRODUCERS * 2} sản phẩm thêm ({time.perf_counter() - start:.1f} s)")
        rows = []
        clients: dict[str, Client] = {}
        for username, url in PAGES:
            client = clients.get(username)
            if client is None:
                client = clients[username] = Client()
                client.force_login(User.objects.get(username=username))
            median_ms, queries = measure(client, url)
            rows.append({"user": username, "url": url, "median_ms": round(median_ms, 1), "queries": queries})
            print(f"{username:<12} {url:<28} {median_ms:8.1f} ms  {queries:3d} truy vấn")
        out = Path(settings.BASE_DIR) / "bench-results"
        out.mkdir(exist_ok=True)
        (out / "bench.json").write_text(json.dumps({"producers": PRODUCERS, "pages": rows}, ensure_ascii=False, indent=2))
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
    return 0


if __name__ == "__main__":
    sys.exit(main())
