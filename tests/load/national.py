"""`make bench-national`: the whole country on PostgreSQL, served as in production.

1. Creates (if missing) and migrates the database BENCH_DATABASE_URL (default
   postgres://ocop:ocop@127.0.0.1:5432/ocop_national), loads the demo and the synthetic
   national register (`ocop_national_data --scale BENCH_SCALE`, idempotent), collects the
   static files into var/national/.
2. Starts gunicorn with the project's gunicorn.conf.py (DEBUG=0, public cache off unless
   BENCH_CACHE=1) on a loopback port, and times the first /healthz.
3. For each URL: BENCH_SECONDS (10) of load from BENCH_CLIENTS (16) concurrent keep-alive
   clients, right after BENCH_REFERENCE_SECONDS (2) of the trivial /livez; every figure is
   also given as a ratio to that adjacent /livez, which is what compares across machines
   (and across a run, during which the machine's speed drifts). Exports are timed as
   single requests.
4. SQL queries per request are counted once per URL in this process (Django's test Client
   with CaptureQueriesContext, same database); worker memory is read from /proc after the run.

Prints one table and writes bench-results/national.json. Nothing asserts a speed: timings
belong to the machine (docs/performance.md keeps the latest figures and how they were made).

The client is Python (threads, http.client with keep-alive, `Accept-Encoding: gzip`), not
wrk: it needs nothing from apt, records each response's status and size, and rotates
through many different product codes and searches so that no cache answers a repeat.
"""

from __future__ import annotations

import atexit
import http.client
import json
import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from dataclasses import asdict
from pathlib import Path
from urllib.parse import urlencode, urlsplit

from tests.load.report import (
    REFERENCE_SECONDS,
    REFERENCE_URL,
    Result,
    format_bytes,
    format_table,
    percentile,
    ratio,
    reference_rps,
)
from tests.sessions import mark_second_factor_passed

BASE_DIR = Path(__file__).resolve().parents[2]
DEFAULT_DATABASE_URL = "postgres://ocop:ocop@127.0.0.1:5432/ocop_national"
# Seconds a client waits for one answer before counting it as failed (status 0).
TIMEOUT = float(os.environ.get("BENCH_TIMEOUT", "60"))
SEARCHES = ["ca phe", "mat ong", "gao", "tra", "ruou", "nuoc mam", "hop tac xa", "tinh dau", "khan tho cam",
            "banh trang", "cam sanh", "muoi tom", "gom", "du lich", "sam", "nem", "mien", "cacao", "mut", "che"]


# -- load ----------------------------------------------------------------------------------


def _request(conn: http.client.HTTPConnection, path: str, headers: dict) -> tuple[int, int]:
    conn.request("GET", path, headers=headers)
    response = conn.getresponse()
    body = response.read()
    return response.status, len(body) + sum(len(k) + len(v) + 4 for k, v in response.getheaders())


def load(host: str, port: int, name: str, paths: list[str], *, clients: int, seconds: float,
         cookie: str = "") -> Result:
    """`clients` threads, each with one keep-alive connection, request `paths` in turn
    (each thread from its own offset) for `seconds`."""
    result = Result(name=name, url=paths[0])
    lock = threading.Lock()
    headers = {"Accept-Encoding": "gzip", "User-Agent": "ocop-bench"}
    if cookie:
        headers["Cookie"] = cookie
    deadline = time.perf_counter() + seconds
    start = time.perf_counter()

    def worker(offset: int) -> None:
        conn = http.client.HTTPConnection(host, port, timeout=TIMEOUT)
        latencies, count, size, bad, statuses = [], 0, 0, 0, {}
        index = offset
        while time.perf_counter() < deadline:
            path = paths[index % len(paths)]
            index += clients
            begin = time.perf_counter()
            try:
                status, length = _request(conn, path, headers)
            except (OSError, http.client.HTTPException):
                conn.close()
                conn = http.client.HTTPConnection(host, port, timeout=TIMEOUT)
                status, length = 0, 0
            latencies.append(time.perf_counter() - begin)
            count += 1
            size += length
            statuses[status] = statuses.get(status, 0) + 1
            if not 200 <= status < 300:
                bad += 1
        conn.close()
        with lock:
            result.latencies.extend(latencies)
            result.requests += count
            result.bytes += size
            result.non_2xx += bad
            for key, value in statuses.items():
                result.statuses[str(key)] = result.statuses.get(str(key), 0) + value

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    result.seconds = time.perf_counter() - start
    return result


def single(host: str, port: int, name: str, path: str) -> dict:
    conn = http.client.HTTPConnection(host, port, timeout=TIMEOUT)
    begin = time.perf_counter()
    try:
        status, length = _request(conn, path, {"Accept-Encoding": "gzip"})
    except (OSError, http.client.HTTPException) as exc:
        status, length = 0, 0
        print(f"  {path}: {exc}")
    finally:
        conn.close()
    return {"name": name, "url": path, "status": status, "seconds": round(time.perf_counter() - begin, 2), "bytes": length}


# -- the server ----------------------------------------------------------------------------


def server_env(database_url: str, var_dir: Path, cache: bool) -> dict:
    env = dict(os.environ)
    env.update({
        "DATABASE_URL": database_url, "OCOP_VAR_DIR": str(var_dir), "DEBUG": "0",
        "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        "OCOP_CATALOGUE_CACHE_SECONDS": "300" if cache else "0",
        "GUNICORN_ACCESS_LOG": "", "LOG_LEVEL": "WARNING",
        # Plain HTTP on 127.0.0.1, and 16 clients from one address: no HTTPS redirect, no
        # per-client throttle (docs/security.md).
        "OCOP_HTTPS": "0", "OCOP_THROTTLE_ENABLED": "0",
        # No worker recycling during the run: at some 600 req/s both workers reached
        # max_requests inside one 5-second window and restarted, halving whichever figure
        # was measured then (the last /healthz, every time). Recycling guards memory over
        # days of service; the RSS columns below show what a worker holds without it.
        "GUNICORN_MAX_REQUESTS": "0",
    })
    return env


def start_redis() -> tuple[subprocess.Popen | None, str]:
    """With the public cache on, the cache a national site uses (docs/deployment.md): a
    redis-server from Debian on a free loopback port, nothing saved to disk. (None, "")
    without redis-server or with BENCH_REDIS=0: the file cache of a single machine."""
    binary = shutil.which("redis-server")
    if not binary or os.environ.get("BENCH_REDIS", "1") == "0":
        return None, ""
    port = free_port()
    process = subprocess.Popen(
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL, start_new_session=True,
    )
    atexit.register(process.terminate)  # whatever stops the run (an error, Ctrl+C, timeout)
    begin = time.perf_counter()
    while time.perf_counter() - begin < 10:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return process, f"redis://127.0.0.1:{port}/0"
        except OSError:
            time.sleep(0.1)
    process.kill()
    raise SystemExit("redis-server did not start")


def ensure_database(database_url: str) -> None:
    import psycopg

    parts = urlsplit(database_url)
    name = parts.path.lstrip("/")
    admin = parts._replace(scheme="postgresql", path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        if conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone() is None:
            conn.execute(f'CREATE DATABASE "{name}"')


def prepare_data(env: dict, scale: float, *, load: bool = True) -> None:
    """Migrate (always: a run on an older schema would measure the older indexes), load the
    register unless `load` is false, refresh the planner's statistics (a bulk load leaves them
    stale, and PostgreSQL then picks plans for an empty table), collect the static files."""
    python = sys.executable
    steps = [["migrate", "--noinput", "-v", "0"]]
    if load:
        steps += [["ocop_demo"], ["ocop_national_data", "--scale", str(scale)]]
    else:  # the data are in the database; the photos of this checkout's media folder may not be
        steps += [["ocop_national_data", "--photos-only"]]
    # Full-register exports are served from the files of the nightly open-data job (docs/jobs.md);
    # a database that never had such a night gets one run of it now, by the real worker, as in
    # production. Later runs find the finished set and queue nothing.
    steps += [
        ["shell", "-c", "from ocop.catalogue import opendata\nif opendata.latest() is None: opendata.request_files()"],
        ["db_worker", "--batch", "--no-reload", "--no-startup-delay", "--interval", "0"],
    ]
    steps += [["dbshell", "--", "-q", "-c", "ANALYZE"], ["collectstatic", "--noinput", "-v", "0"]]
    for args in steps:
        begin = time.perf_counter()
        # ANALYZE warns about every system catalogue the database owner may not analyze.
        quiet = subprocess.DEVNULL if args[0] == "dbshell" else None
        subprocess.run([python, "manage.py", *args], cwd=BASE_DIR, env=env, check=True, stdout=subprocess.DEVNULL, stderr=quiet)
        print(f"  manage.py {' '.join(args)}: {time.perf_counter() - begin:.1f} s")


def _first_healthz(port: int) -> float:
    """Slowest of a few /healthz on fresh connections once the server answers: each worker
    must already be warm (ocop/core/warmup.py), so none of them may be slow."""
    slowest = 0.0
    for _ in range(6):
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        begin = time.perf_counter()
        conn.request("GET", "/healthz")
        conn.getresponse().read()
        slowest = max(slowest, time.perf_counter() - begin)
        conn.close()
    return slowest


def free_port() -> int:
    """A loopback port nobody listens on (another server on the machine must not answer)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(env: dict, port: int) -> tuple[subprocess.Popen, float, float]:
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "--bind", f"127.0.0.1:{port}"],
        cwd=BASE_DIR, env=env, start_new_session=True,
    )
    begin = time.perf_counter()
    while time.perf_counter() - begin < 180:
        if process.poll() is not None:
            raise SystemExit("gunicorn stopped while starting")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            conn.request("GET", "/healthz")
            response = conn.getresponse()
            response.read()
            if response.status == 200:
                return process, time.perf_counter() - begin, _first_healthz(port)
        except OSError:
            time.sleep(0.2)
    raise SystemExit("gunicorn did not answer /healthz within 180 s")


def worker_memory(master_pid: int) -> list[dict]:
    listing = Path(f"/proc/{master_pid}/task/{master_pid}/children")
    if listing.exists():
        children = listing.read_text().split()
    else:  # kernels without CONFIG_PROC_CHILDREN: look for processes whose parent is the master
        children = [p.name for p in Path("/proc").iterdir() if p.name.isdigit() and (p / "stat").exists()
                    and (p / "stat").read_text().rsplit(")", 1)[1].split()[1] == str(master_pid)]
    rows = []
    for pid in children:
        status = dict(
            line.split(":", 1) for line in Path(f"/proc/{pid}/status").read_text().splitlines() if ":" in line
        )
        rollup = {}
        smaps = Path(f"/proc/{pid}/smaps_rollup")
        if smaps.exists():
            for line in smaps.read_text().splitlines()[1:]:
                key, _, value = line.partition(":")
                rollup[key] = value.strip()
        rows.append({
            "pid": int(pid),
            "rss_mb": round(int(status["VmRSS"].split()[0]) / 1024, 1),
            "pss_mb": round(int(rollup.get("Pss", "0 kB").split()[0]) / 1024, 1) if rollup else None,
            "private_mb": round((int(rollup.get("Private_Clean", "0 kB").split()[0])
                                 + int(rollup.get("Private_Dirty", "0 kB").split()[0])) / 1024, 1) if rollup else None,
        })
    return rows


# -- what to request -----------------------------------------------------------------------


def pick_targets(seed: int = 1) -> dict:
    """Real codes from the database: many different products, producers, certificates."""
    from ocop.catalogue import selectors
    from ocop.catalogue.codes import producer_code, product_code
    from ocop.certificates.models import Certificate
    from ocop.territory.models import AdministrativeUnit, UnitLevel

    rng = random.Random(seed)
    product_ids = list(selectors.public_products().values_list("pk", flat=True).order_by("pk"))
    products = rng.sample(product_ids, min(400, len(product_ids)))
    producer_ids = list(
        selectors.public_products().values_list("producer_id", flat=True).distinct().order_by("producer_id")
    )
    producers = rng.sample(producer_ids, min(200, len(producer_ids)))
    codes = list(Certificate.objects.values_list("public_code", flat=True).order_by("pk"))
    certificates = rng.sample(codes, min(400, len(codes)))
    provinces = list(AdministrativeUnit.objects.filter(level=UnitLevel.PROVINCE, valid_to__isnull=True).values_list("pk", flat=True))
    communes = list(
        AdministrativeUnit.objects.filter(level=UnitLevel.COMMUNE, valid_to__isnull=True, products__isnull=False)
        .values_list("code", flat=True).distinct()[:2000]
    )
    return {
        "products": [f"/ocop/san-pham/{product_code(pk)}/" for pk in products],
        "api_products": [f"/api/v1/products/{product_code(pk)}" for pk in products],
        "producers": [f"/ocop/chu-the/{producer_code(pk)}/" for pk in producers],
        "certificates": [f"/giay-chung-nhan/xac-minh/{code}/" for code in certificates],
        "searches": [f"/ocop/?{urlencode({'q': q})}" for q in SEARCHES],
        "provinces": [f"/ocop/?{urlencode({'don_vi': pk})}" for pk in provinces],
        "communes": [f"/ocop/dia-ban/{code}/" for code in rng.sample(communes, min(200, len(communes)))],
    }


def deep_api_path(host: str, port: int, pages: int) -> tuple[str, str]:
    """A deep page of /api/v1/products: follow the `next` cursor when the API has one,
    else ask for ?page=500."""
    conn = http.client.HTTPConnection(host, port, timeout=120)
    path = "/api/v1/products"
    try:
        conn.request("GET", path)
        data = json.loads(conn.getresponse().read())
        nxt = data.get("next")
        if not nxt or "cursor" not in nxt:
            return "/api/v1/products?page=500", "?page=500 (không có con trỏ)"
        for _ in range(pages):
            split = urlsplit(nxt)
            path = split.path + ("?" + split.query if split.query else "")
            conn.request("GET", path)
            data = json.loads(conn.getresponse().read())
            if not data.get("next"):
                break
            nxt = data["next"]
        return path, f"con trỏ sau {pages} trang"
    finally:
        conn.close()


# Officer pages, logged in as the demo province office `tinh`.
OFFICER_PAGES = [
    ("Trang chủ (tinh)", "/"),
    ("Chủ thể (tinh)", "/chu-the/"),
    ("Sản phẩm (tinh)", "/san-pham/"),
    ("Sản phẩm, tìm (tinh)", "/san-pham/?q=ca+phe"),
    ("Hồ sơ (tinh)", "/ho-so/"),
    ("Sổ GCN (tinh)", "/giay-chung-nhan/"),
    ("GCN cần xử lý (tinh)", "/giay-chung-nhan/theo-doi/"),
    ("Bảng điều khiển (tinh)", "/ke-hoach/bang-dieu-khien/"),
]
# The map's data endpoint is being added; list candidates here (a 404 is skipped with a note).
# The map's GeoJSON endpoint: the whole country at the first view's zoom, and a province-sized
# box further in (where single producers appear instead of clusters).
MAP_DATA_CANDIDATES = [
    "/api/v1/map.geojson?bbox=102,8,110,24&zoom=6",
    "/api/v1/map.geojson?bbox=107.5,14.0,109.0,15.5&zoom=9",
]
EXPORTS = [
    "/api/v1/products.csv", "/api/v1/products.xlsx", "/api/v1/producers.csv", "/api/v1/producers.xlsx",
    "/api/v1/certificates.csv", "/api/v1/certificates.xlsx",
]


def count_queries(paths: list[tuple[str, str, str]]) -> dict:
    """SQL queries of one request per URL (after one unmeasured request), in this process."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from ocop.accounts.models import User

    clients = {"": Client(), "tinh": Client()}
    officer = User.objects.get(username="tinh")
    clients["tinh"].force_login(officer)
    mark_second_factor_passed(clients["tinh"], officer)
    # One cheap request each first, so per-process caches (content types, session) are
    # filled; then one measured request per page.
    clients[""].get("/healthz")
    clients["tinh"].get("/")
    counts = {}
    for name, path, who in paths:
        client = clients[who]
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(path)
        counts[name] = len(ctx.captured_queries) if response.status_code < 400 else None
    return counts


def session_cookie(username: str) -> str:
    from django.conf import settings
    from django.test import Client

    from ocop.accounts.models import User

    client = Client()
    user = User.objects.get(username=username)
    client.force_login(user)
    mark_second_factor_passed(client, user)  # the province office owes the second factor
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"


def probe(host: str, port: int, path: str) -> int:
    conn = http.client.HTTPConnection(host, port, timeout=120)
    try:
        conn.request("GET", path)
        response = conn.getresponse()
        response.read()
        return response.status
    finally:
        conn.close()


def main() -> int:
    database_url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_DATABASE_URL)
    scale = float(os.environ.get("BENCH_SCALE", "1"))
    seconds = float(os.environ.get("BENCH_SECONDS", "10"))
    clients = int(os.environ.get("BENCH_CLIENTS", "16"))
    cache = os.environ.get("BENCH_CACHE", "0") == "1"
    port = int(os.environ.get("BENCH_PORT", "0")) or free_port()
    only = [s for s in os.environ.get("BENCH_ONLY", "").split(",") if s]
    extra = [s for s in os.environ.get("BENCH_EXTRA_URLS", "").split(",") if s]
    var_dir = Path(os.environ.get("BENCH_VAR_DIR", BASE_DIR / "var" / "national"))
    var_dir.mkdir(parents=True, exist_ok=True)
    env = server_env(database_url, var_dir, cache)
    redis, redis_url = start_redis() if cache else (None, "")
    if redis_url:
        env["REDIS_URL"] = redis_url
    cache_kind = ("Redis" if redis_url else "tệp") if cache else "tắt"

    print(f"CSDL {urlsplit(database_url)._replace(netloc=urlsplit(database_url).hostname or '').geturl()}, hệ số {scale}, bộ đệm trang: {cache_kind}")
    ensure_database(database_url)
    prepare_data(env, scale, load=os.environ.get("BENCH_SKIP_DATA") != "1")

    # This process reads the same database (targets, SQL counts) with the same settings.
    os.environ.update({k: env[k] for k in ("DATABASE_URL", "OCOP_VAR_DIR", "OCOP_CATALOGUE_CACHE_SECONDS", "ALLOWED_HOSTS")})
    if redis_url:  # the officer's session is made here and read by the server
        os.environ["REDIS_URL"] = redis_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ocop.settings")
    import django

    django.setup()
    from ocop.producers.models import Producer
    from ocop.products.models import Product

    targets = pick_targets()
    cookie = session_cookie("tinh")
    sizes = {"producers": Producer.objects.count(), "products": Product.objects.count()}
    from django.db import connections

    connections.close_all()

    # `timeout` or Ctrl+C must not leave the server running.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))
    process, ready_seconds, first_healthz = start_server(env, port)
    print(f"gunicorn sẵn sàng sau {ready_seconds:.1f} s; /healthz đầu tiên của các worker ≤ {first_healthz * 1000:.0f} ms")
    host = "127.0.0.1"
    try:
        deep_path, deep_note = deep_api_path(host, port, int(os.environ.get("BENCH_DEEP_PAGES", "300")))
        plan = [
            (REFERENCE_URL, [REFERENCE_URL], ""),
            ("/ocop/", ["/ocop/"], ""),
            ("Tìm kiếm (20 từ khóa)", targets["searches"], ""),
            ("Lọc theo tỉnh (34 tỉnh)", targets["provinces"], ""),
            ("Trang sản phẩm (400 mã)", targets["products"], ""),
            ("Xác minh GCN (400 mã)", targets["certificates"], ""),
            ("Trang chủ thể (200 mã)", targets["producers"], ""),
            ("Trang xã (200 xã)", targets["communes"], ""),
            ("Bản đồ /ocop/ban-do/", ["/ocop/ban-do/"], ""),
            ("/api/v1/products", ["/api/v1/products"], ""),
            (f"API trang sâu ({deep_note})", [deep_path], ""),
            ("/api/v1/products/<mã>", targets["api_products"], ""),
            ("/api/v1/certificates", ["/api/v1/certificates"], ""),
        ]
        for candidate in MAP_DATA_CANDIDATES + extra:
            plan.append((f"Dữ liệu bản đồ ({candidate.split('&')[-1]})" if candidate in MAP_DATA_CANDIDATES else candidate,
                         [candidate], ""))
        plan += [(name, [path], "tinh") for name, path in OFFICER_PAGES]
        plan.append((f"{REFERENCE_URL} (cuối)", [REFERENCE_URL], ""))
        if only:
            plan = [row for row in plan if row[0] == REFERENCE_URL or any(o in row[0] or o in row[1][0] for o in only)]

        results: list[Result] = []
        for name, paths, who in plan:
            status = probe(host, port, paths[0]) if not who else 200
            if status == 404:
                results.append(Result(name=name, url=paths[0], note="404: chưa có, bỏ qua"))
                print(f"  {name}: 404, bỏ qua")
                continue
            # The machine's speed drifts during a run (other work on the host: the first and
            # last /livez of one run have differed by a fifth), so each page is divided by
            # a short /livez measured just before it, not by one far away in time.
            adjacent = (
                load(host, port, REFERENCE_URL, [REFERENCE_URL], clients=clients, seconds=REFERENCE_SECONDS)
                if name != REFERENCE_URL and paths[0] != REFERENCE_URL else None
            )
            result = load(host, port, name, paths, clients=clients, seconds=seconds, cookie=cookie if who else "")
            result.reference = adjacent.rps if adjacent is not None and adjacent.requests else None
            result.note = who
            results.append(result)
            print(f"  {name}: {result.rps:.1f} req/s, lỗi {result.non_2xx}")
        # The machine's load may drift during the run: the reference is the mean of the
        # /healthz measured first and last.
        healthz = reference_rps(results)
        # Memory after the pages (what a worker holds in normal service), then after the
        # exports of the whole register (the largest responses).
        memory = worker_memory(process.pid)
        exports = [single(host, port, path, path) for path in EXPORTS] if not only or "export" in only else []
        memory_after_exports = worker_memory(process.pid) if exports else []
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=60)


    counted = [(r.name, r.url, r.note) for r in results if r.requests and r.url != REFERENCE_URL]
    queries = count_queries(counted)
    for result in results:
        result.queries = queries.get(result.name, 0 if result.url == REFERENCE_URL else None)
        if result.note == "tinh":
            result.note = ""
    rows = [r.summary(healthz) for r in results]
    print()
    print(format_table(rows))
    print()
    for export in exports:
        print(f"Xuất {export['url']}: HTTP {export['status']}, {export['seconds']} s, {format_bytes(export['bytes'])}")
    for label, rows_ in (("sau các trang", memory), ("sau khi xuất tệp", memory_after_exports)):
        if rows_:
            print(f"Bộ nhớ worker {label}: " + ", ".join(
                f"RSS {m['rss_mb']} MB (PSS {m['pss_mb']} MB, riêng {m['private_mb']} MB)" for m in rows_))
    out = BASE_DIR / "bench-results"
    out.mkdir(exist_ok=True)
    report = {
        "database": urlsplit(database_url).path.lstrip("/"), "scale": scale, "sizes": sizes, "clients": clients,
        "seconds_per_url": seconds, "cache": cache, "cache_backend": cache_kind, "ready_seconds": round(ready_seconds, 1), "first_healthz_ms": round(first_healthz * 1000),
        "cores": len(os.sched_getaffinity(0)), "pages": rows, "exports": exports, "workers": memory,
        "workers_after_exports": memory_after_exports,
        "when": time.strftime("%Y-%m-%d %H:%M:%S %z"),
    }
    name = os.environ.get("BENCH_OUTPUT", "national.json")
    (out / name).write_text(json.dumps(report, ensure_ascii=False, indent=2))
    print(f"Kết quả: bench-results/{name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())


__all__ = ["Result", "asdict", "format_table", "percentile", "ratio"]
