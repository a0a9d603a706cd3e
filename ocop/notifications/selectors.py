from django.db.models import QuerySet

from ocop.notifications.models import Notification


def notification_list(*, actor) -> QuerySet[Notification]:
    return Notification.objects.filter(recipient=actor)


def unread_count(*, actor) -> int:
    return Notification.objects.filter(recipient=actor, read_at__isnull=True).count()
