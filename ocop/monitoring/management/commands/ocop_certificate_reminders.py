"""Daily reminders about certificates and compliance documents (cron / systemd timer).

    python manage.py ocop_certificate_reminders [--as-of YYYY-MM-DD]

Idempotent: each reminder reaches each recipient once however often this runs. It lives in
the monitoring app, the one layer that knows both the certificates and the compliance
documents.
"""


from django.core.management.base import BaseCommand
from django.utils import timezone

from ocop.certificates.reminders import send_certificate_reminders
from ocop.core.commands import parse_day
from ocop.monitoring.reminders import send_compliance_reminders

LABELS = {
    "window-open": "mở thời hạn nộp hồ sơ đánh giá lại",
    "expired": "đã hết hiệu lực",
    "expired-extended": "hết hạn, gia hạn chờ kết quả",
    "extension-ended": "hết thời gian gia hạn",
}


class Command(BaseCommand):
    help = "Gửi nhắc hạn giấy chứng nhận OCOP và giấy tờ tuân thủ (chạy hằng ngày; chạy lại không gửi trùng)."

    def add_arguments(self, parser):
        parser.add_argument("--as-of", dest="as_of", help="Ngày tính (YYYY-MM-DD); mặc định hôm nay.")

    def handle(self, *args, **options):
        on = parse_day(options["as_of"]) if options["as_of"] else timezone.localdate()
        sent = send_certificate_reminders(on=on) + send_compliance_reminders(on=on)
        total = sum(sent.values())
        self.stdout.write(f"Ngày {on:%d/%m/%Y}: đã gửi {total} thông báo.")
        for key, count in sorted(sent.items()):
            if count:
                label = LABELS.get(key) or (
                    f"còn {key.rsplit('-', 1)[-1]} ngày hết hạn" if key.startswith("expires-in-") else key
                )
                if key.startswith("document-"):
                    label = "giấy tờ " + ("đã hết hạn" if key.endswith("expired") else "sắp hết hạn")
                self.stdout.write(f"  {label}: {count}")
