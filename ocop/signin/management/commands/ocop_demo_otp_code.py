from django.core.management.base import BaseCommand, CommandError
from django_otp.plugins.otp_totp.models import TOTPDevice

from ocop.signin.demo import DEMO_DEVICE_NAME, unused_code


class Command(BaseCommand):
    help = "In mã xác thực hai lớp hiện tại của một tài khoản mẫu (chỉ thiết bị của dữ liệu mẫu)."

    def add_arguments(self, parser):
        parser.add_argument("username", help="tên đăng nhập mẫu, ví dụ tinh")

    def handle(self, *args, username, **options):
        device = TOTPDevice.objects.filter(user__username=username, name=DEMO_DEVICE_NAME).first()
        if device is None:
            raise CommandError(f"Tài khoản “{username}” không có thiết bị xác thực mẫu.")
        self.stdout.write(unused_code(device))
