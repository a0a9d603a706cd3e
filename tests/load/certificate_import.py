"""Benchmark: import a 500-row certificate register (target: under 10 s).

    python -m tests.load.certificate_import [ROWS]

Runs against the configured database (migrated; the demo is not needed) inside a
transaction that is rolled back, so nothing is left behind. Measures the whole
`ocop_import certificates` path: type check, parse, validate, match and bulk insert, with
every row creating its producer, product and certificate (the worst case).
"""

import os
import sys
import time


def main(count: int = 500) -> float:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ocop.settings")
    import django

    django.setup()
    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext

    from ocop.certificates.importing import services as import_services
    from ocop.certificates.models import Certificate
    from ocop.certificates.tests.sheets import current_quang_ngai_communes, many_rows, xlsx_bytes

    data = xlsx_bytes(many_rows(count, current_quang_ngai_communes()))

    class Rollback(Exception):
        pass

    try:
        with transaction.atomic(), CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            batch, plan = import_services.certificate_import_file(actor=None, filename="bench.xlsx", data=data)
            elapsed = time.perf_counter() - started
            if batch is None:
                raise SystemExit(f"import rejected: {plan.issues[:5]}")
            created = Certificate.objects.filter(import_batch=batch).count()
            raise Rollback
    except Rollback:
        pass
    print(
        f"{count} dòng ({len(data) / 1024:.0f} KB .xlsx): {created} giấy chứng nhận, "
        f"{len(queries)} truy vấn, {elapsed:.2f} s (mục tiêu < 10 s)"
    )
    return elapsed


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 500)
