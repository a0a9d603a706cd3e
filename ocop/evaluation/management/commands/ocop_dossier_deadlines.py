from django.core.management.base import BaseCommand

from ocop.evaluation.services import overdue_reminders_send


class Command(BaseCommand):
    help = (
        "Nhắc UBND xã và cơ quan tham mưu cấp tỉnh về các hồ sơ quá hạn kiểm tra 15 ngày làm việc "
        "(QĐ 26/2026/QĐ-TTg Điều 7.2). Chạy hằng ngày (cron); chạy lại không gửi trùng."
    )

    def handle(self, *args, **options):
        sent = overdue_reminders_send()
        self.stdout.write(self.style.SUCCESS(f"Đã gửi {sent} thông báo hồ sơ quá hạn."))
