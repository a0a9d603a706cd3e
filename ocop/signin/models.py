"""The login history: one row per sign-in, failure, lockout, logout or second-factor step.

Kept apart from django-axes' own counters (`axes.AccessAttempt`), which are deleted when a
lock expires or a login succeeds; these rows stay, so an officer can see every attempt on
the account and the administrator every attempt on the site.
"""

from django.conf import settings
from django.db import models


class LoginEventKind(models.TextChoices):
    SUCCESS = "success", "Đăng nhập thành công"
    FAILURE = "failure", "Sai tên đăng nhập hoặc mật khẩu"
    LOCKOUT = "lockout", "Bị tạm khóa do sai nhiều lần"
    LOGOUT = "logout", "Đăng xuất"
    OTP_SUCCESS = "otp_success", "Xác thực hai lớp thành công"
    OTP_FAILURE = "otp_failure", "Sai mã xác thực hai lớp"


class LoginEvent(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="tài khoản",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="login_events",
    )
    # As typed: failures for names that match no account are kept too (without a user).
    username = models.CharField("tên đăng nhập", max_length=150, db_index=True)
    kind = models.CharField("sự kiện", max_length=20, choices=LoginEventKind.choices)
    ip_address = models.GenericIPAddressField("địa chỉ IP", null=True, blank=True)
    user_agent = models.CharField("trình duyệt", max_length=255, blank=True)
    created_at = models.DateTimeField("thời điểm", auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = "lịch sử đăng nhập"
        verbose_name_plural = "lịch sử đăng nhập"
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "-created_at"], name="signin_event_user_recent")]

    def __str__(self) -> str:
        return f"{self.username}: {self.get_kind_display()}"
