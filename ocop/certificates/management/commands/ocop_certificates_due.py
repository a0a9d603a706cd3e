"""Certificates that need action on a day, for scripts and reports.

    python manage.py ocop_certificates_due [--as-of YYYY-MM-DD] [--format json|text] [--all]

"Due" (docs/certificates.md §4): in the re-evaluation window, late for re-evaluation,
extended while a re-evaluation is pending, or expired while the product holds no later
certificate in force. `--all` lists every certificate with its status.
"""

import json

from django.core.management.base import BaseCommand
from django.utils import timezone

from ocop.certificates import validity
from ocop.certificates.models import Certificate
from ocop.certificates.selectors import due_filter, with_status
from ocop.core.commands import parse_day


class Command(BaseCommand):
    help = "Liệt kê giấy chứng nhận OCOP cần xử lý (đến hạn đánh giá lại, quá hạn, gia hạn, hết hiệu lực)."

    def add_arguments(self, parser):
        parser.add_argument("--as-of", dest="as_of", help="Ngày tính (YYYY-MM-DD); mặc định hôm nay.")
        parser.add_argument("--format", choices=["json", "text"], default="text")
        parser.add_argument("--all", action="store_true", help="Liệt kê mọi giấy chứng nhận kèm tình trạng.")

    def handle(self, *args, **options):
        on = parse_day(options["as_of"]) if options["as_of"] else timezone.localdate()
        queryset = with_status(Certificate.objects.all(), on)
        if not options["all"]:
            queryset = due_filter(queryset, on)
        rows = [
            {
                "number": certificate.number,
                "product": certificate.product_name,
                "stars": certificate.stars,
                "expires": certificate.expires_on.isoformat(),
                "status": certificate.status,
            }
            for certificate in queryset.order_by("expires_on", "number", "id")
        ]
        if options["format"] == "json":
            self.stdout.write(json.dumps({"as_of": on.isoformat(), "certificates": rows}, ensure_ascii=False, indent=2))
            return
        self.stdout.write(f"Giấy chứng nhận {'(tất cả)' if options['all'] else 'cần xử lý'} tính đến ngày {on:%d/%m/%Y}: {len(rows)}")
        for row in rows:
            self.stdout.write(
                f"  {row['number']:<20} {row['stars']} sao  hết hạn {row['expires']}  "
                f"{validity.STATUS_LABELS[row['status']]:<40} {row['product']}"
            )
