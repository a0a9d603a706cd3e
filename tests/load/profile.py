"""Time public and officer pages in one process on the national database (no server, no
concurrency): median wall and CPU milliseconds of N requests, SQL queries of one request,
and optionally a cProfile of one page. Complements `make bench-national`, whose figures
depend on the whole machine (the CPU column depends much less on what else runs).

    .venv/bin/python -m tests.load.profile                  # every page, N=10
    N=20 .venv/bin/python -m tests.load.profile ocop,api    # some pages
    PROF=ocop SORT=tottime SQL=1 .venv/bin/python -m tests.load.profile ocop

DATABASE_URL defaults to the bench database (ocop_national); the public page cache is off
(OCOP_CATALOGUE_CACHE_SECONDS=0) as in the bench; OCOP_VAR_DIR is var/national (its photos).
Requests rotate through random products, certificates, searches and provinces (seed 1).
"""

from __future__ import annotations

import cProfile
import os
import pstats
import random
import statistics
import sys
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parents[2]
SEARCHES = ["ca phe", "mat ong", "gao", "tra", "ruou", "nuoc mam"]
OFFICER_PAGES = ("home", "due", "register", "officer_products", "officer_search", "dossiers", "dashboard")


def setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ocop.settings")
    os.environ.setdefault("DATABASE_URL", "postgres://ocop:ocop@127.0.0.1:5432/ocop_national")
    os.environ.setdefault("OCOP_CATALOGUE_CACHE_SECONDS", "0")
    os.environ.setdefault("DEBUG", "0")
    os.environ.setdefault("OCOP_HTTPS", "0")  # plain HTTP, as the bench (else every answer is a 301)
    os.environ.setdefault("OCOP_THROTTLE_ENABLED", "0")  # as the bench: one client asks a lot
    os.environ.setdefault("ALLOWED_HOSTS", "*")
    os.environ.setdefault("OCOP_VAR_DIR", str(BASE_DIR / "var" / "national"))
    sys.path.insert(0, str(BASE_DIR))
    import django

    django.setup()


def pages() -> dict:
    from ocop.catalogue import selectors
    from ocop.catalogue.codes import producer_code, product_code
    from ocop.certificates.models import Certificate
    from ocop.territory.models import AdministrativeUnit

    rng = random.Random(1)
    products = list(selectors.public_products().values_list("pk", flat=True).order_by("pk"))
    codes = list(Certificate.objects.values_list("public_code", flat=True).order_by("pk")[:5000])
    producers = list(selectors.public_producers().values_list("pk", flat=True).order_by("pk")[:5000])
    communes = [unit.code for unit in selectors.communes_with_products(on=selectors.today())][:2000]
    provinces = list(
        AdministrativeUnit.objects.filter(level="province", valid_to__isnull=True).values_list("pk", flat=True)
    )
    return {
        "livez": lambda: "/livez",
        "ocop": lambda: "/ocop/",
        "search": lambda: "/ocop/?q=" + rng.choice(SEARCHES).replace(" ", "+"),
        "province": lambda: f"/ocop/?don_vi={rng.choice(provinces)}",
        "product": lambda: f"/ocop/san-pham/{product_code(rng.choice(products))}/",
        "verify": lambda: f"/giay-chung-nhan/xac-minh/{rng.choice(codes)}/",
        "api": lambda: "/api/v1/products",
        "apicert": lambda: "/api/v1/certificates",
        "apidetail": lambda: f"/api/v1/products/{product_code(rng.choice(products))}",
        "mappage": lambda: "/ocop/ban-do/",
        "commune": lambda: f"/ocop/dia-ban/{rng.choice(communes)}/",
        "producer": lambda: f"/ocop/chu-the/{producer_code(rng.choice(producers))}/",
        "map6": lambda: "/api/v1/map.geojson?bbox=102,8,110,24&zoom=6",
        "home": lambda: "/",
        "due": lambda: "/giay-chung-nhan/theo-doi/",
        "register": lambda: "/giay-chung-nhan/",
        "officer_products": lambda: "/san-pham/",
        "officer_search": lambda: "/san-pham/?q=" + rng.choice(SEARCHES).replace(" ", "+"),
        "dossiers": lambda: "/ho-so/",
        "dashboard": lambda: "/ke-hoach/bang-dieu-khien/",
    }


def main() -> None:
    setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from ocop.accounts.models import User

    urls = pages()
    names = sys.argv[1].split(",") if len(sys.argv) > 1 else list(urls)
    n = int(os.environ.get("N", "10"))
    profiled = os.environ.get("PROF")
    anonymous, officer = Client(), Client()
    from tests.load.national import mark_second_factor_passed

    officer_user = User.objects.get(username="tinh")
    officer.force_login(officer_user)
    mark_second_factor_passed(officer, officer_user)  # the province office owes the second factor
    for name in names:
        client = officer if name in OFFICER_PAGES else anonymous
        client.get(urls[name]())
        with CaptureQueriesContext(connection) as captured:
            response = client.get(urls[name]())
        queries = len(captured.captured_queries)
        wall, cpu = [], []
        for _ in range(n):
            url = urls[name]()
            started, started_cpu = time.perf_counter(), time.process_time()
            response = client.get(url)
            wall.append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - started_cpu) * 1000)
            assert response.status_code == 200, (url, response.status_code)
        print(
            f"{name:10s} median {statistics.median(wall):7.1f} ms  min {min(wall):7.1f}  "
            f"cpu {statistics.median(cpu):6.1f}  q={queries} bytes={len(response.content)}",
            flush=True,
        )
        if profiled == name:
            profile = cProfile.Profile()
            profile.enable()
            for _ in range(n):
                client.get(urls[name]())
            profile.disable()
            pstats.Stats(profile).sort_stats(os.environ.get("SORT", "cumulative")).print_stats(45)
            if os.environ.get("SQL"):
                with CaptureQueriesContext(connection) as captured:
                    client.get(urls[name]())
                for query in captured.captured_queries:
                    print(query["time"], query["sql"][:600], "\n")


if __name__ == "__main__":
    main()
