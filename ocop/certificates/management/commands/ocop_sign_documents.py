"""Issue the signed PDF of every certificate and decision the system issued that has none
yet (issued before signing was configured, or whose signing failed), docs/signing.md.

    python manage.py ocop_sign_documents
"""

from django.core.management.base import BaseCommand

from ocop.certificates import issuing


class Command(BaseCommand):
    help = "Ký số và lưu bản PDF của các giấy chứng nhận, quyết định công nhận chưa có bản ký số."

    def handle(self, *args, **options):
        count = issuing.issue_missing()
        self.stdout.write(f"Đã phát hành {count} văn bản có chữ ký số.")
