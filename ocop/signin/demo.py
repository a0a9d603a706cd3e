"""Demo authenticators: the sample accounts whose role requires two-factor authentication
(admin, tinh, hoidong1–3) get a TOTP device with a fixed, published key, so `make run`
works without pairing a phone first: add the printed key to any authenticator app, or print
the current code with `python manage.py ocop_demo_otp_code tinh`. The keys are derived from
the user name and are public; a real deployment never loads the demo.
"""

import hashlib
from base64 import b32encode

from django_otp.plugins.otp_totp.models import TOTPDevice

from ocop.accounts.demo import DEMO_ACCOUNTS
from ocop.accounts.models import User
from ocop.signin.policy import TWO_FACTOR_ROLES

DEMO_DEVICE_NAME = "Thiết bị mẫu (Dữ liệu mẫu)"


def demo_key_hex(username: str) -> str:
    return hashlib.sha1(f"ocop-demo-otp:{username}".encode()).hexdigest()


def demo_key_base32(username: str) -> str:
    return b32encode(bytes.fromhex(demo_key_hex(username))).decode("ascii").rstrip("=")


def load_demo_devices(context: dict) -> None:
    notes = context.setdefault("demo_notes", [])
    notes.append(
        "Xác thực hai lớp (bắt buộc với admin, tỉnh, hội đồng): thêm khóa dưới đây vào ứng dụng "
        "xác thực, hoặc xem mã hiện tại bằng `python manage.py ocop_demo_otp_code TÊN`:"
    )
    accounts = [account for account in DEMO_ACCOUNTS if account.role in TWO_FACTOR_ROLES]
    users = {user.username: user for user in User.objects.filter(username__in=[a.username for a in accounts])}
    for account in accounts:
        user = users.get(account.username)
        if user is None:
            continue
        TOTPDevice.objects.get_or_create(
            user=user,
            name=DEMO_DEVICE_NAME,
            defaults={"key": demo_key_hex(user.username), "confirmed": True},
        )
        notes.append(f"  {user.username:<18} {demo_key_base32(user.username)}")


def unused_code(device: TOTPDevice) -> str:
    """The code `device` accepts now: the current one, or the next step's when the current
    one was already used (django-otp refuses a code twice, and accepts one step ahead)."""
    import time

    from django_otp.oath import TOTP

    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time()
    if totp.t() <= device.last_t:
        totp.time += device.step * (device.last_t + 1 - totp.t())
    return f"{totp.token():0{device.digits}d}"


DEMO_STEPS = [load_demo_devices]
