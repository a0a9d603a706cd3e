from django.core.management.base import BaseCommand

from ocop.accounts.demo import DEMO_ACCOUNTS
from ocop.core.demo import DEMO_PASSWORD, load_demo


class Command(BaseCommand):
    help = "Nạp dữ liệu mẫu (kịch bản Kon Rẫy 2024); chạy lại nhiều lần không tạo trùng."

    def handle(self, *args, **options):
        context = load_demo()
        self.stdout.write(self.style.SUCCESS("Đã nạp dữ liệu mẫu."))
        self.stdout.write(f"Tài khoản mẫu (mật khẩu chung: {DEMO_PASSWORD}):")
        for account in DEMO_ACCOUNTS:
            self.stdout.write(f"  {account.username:<18} {account.role.label}")
        # Steps of higher apps may add notes (e.g. the demo two-factor keys, ocop/signin/demo.py).
        for note in context.get("demo_notes", []):
            self.stdout.write(note)
