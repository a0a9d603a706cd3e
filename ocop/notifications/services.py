"""Sending notifications: in-app always, by e-mail when the deployment configures it."""

import logging
from collections.abc import Iterable
from smtplib import SMTPException

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from ocop.notifications.models import Notification

logger = logging.getLogger(__name__)


def email_enabled() -> bool:
    return bool(getattr(settings, "OCOP_EMAIL_NOTIFICATIONS", False))


@transaction.atomic
def notify(
    *, recipients: Iterable, title: str, body: str = "", url: str = "", event_key: str = ""
) -> list[Notification]:
    """Create one notification per recipient; with `event_key`, skip recipients who already
    received that event. Returns the notifications actually created."""
    recipients = {user.pk: user for user in recipients if user is not None}
    if event_key:
        already = set(
            Notification.objects.filter(recipient_id__in=recipients, event_key=event_key).values_list(
                "recipient_id", flat=True
            )
        )
        recipients = {pk: user for pk, user in recipients.items() if pk not in already}
    created = Notification.objects.bulk_create(
        [
            Notification(recipient=user, title=title, body=body, url=url, event_key=event_key)
            for user in recipients.values()
        ]
    )
    if email_enabled():
        addressed = [n for n in created if n.recipient.email]
        if addressed:
            transaction.on_commit(lambda: _send_emails([n.pk for n in addressed]))
    return created


def _send_emails(notification_ids: list[int]) -> None:
    """Best effort: a mail server that is down must not undo the action that notified.
    The in-app notification stays; `emailed_at` stays empty for the ones that failed."""
    for notification in Notification.objects.filter(pk__in=notification_ids).select_related("recipient"):
        link = f"\n\n{settings.OCOP_SITE_URL}{notification.url}" if notification.url else ""
        try:
            send_mail(
                subject=f"[OCOP] {notification.title}",
                message=f"{notification.body}{link}",
                from_email=None,
                recipient_list=[notification.recipient.email],
            )
        except (OSError, SMTPException):
            logger.warning("Không gửi được thư thông báo %s", notification.pk, exc_info=True)
            continue
        notification.emailed_at = timezone.now()
        notification.save(update_fields=["emailed_at"])


def notification_mark_read(*, actor, notification_ids: Iterable[int] | None = None) -> int:
    queryset = Notification.objects.filter(recipient=actor, read_at__isnull=True)
    if notification_ids is not None:
        queryset = queryset.filter(pk__in=list(notification_ids))
    return queryset.update(read_at=timezone.now())
