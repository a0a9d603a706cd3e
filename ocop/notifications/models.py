from django.conf import settings
from django.db import models


class Notification(models.Model):
    """An in-app message to one user; also e-mailed when e-mail is configured.

    `event_key` makes sending idempotent: the same event (e.g. "cert:12:window-open") is
    delivered to a recipient at most once, however often the sender runs.
    """

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người nhận",
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    title = models.CharField("tiêu đề", max_length=255)
    body = models.TextField("nội dung", blank=True)
    url = models.CharField("đường dẫn", max_length=500, blank=True)
    event_key = models.CharField("mã sự kiện", max_length=200, blank=True)
    created_at = models.DateTimeField("thời điểm", auto_now_add=True, db_index=True)
    read_at = models.DateTimeField("đã đọc lúc", null=True, blank=True)
    emailed_at = models.DateTimeField("đã gửi thư lúc", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "thông báo"
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "event_key"],
                condition=~models.Q(event_key=""),
                name="unique_notification_event_per_recipient",
            ),
        ]

    def __str__(self) -> str:
        return self.title
