from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "ocop.notifications"
    label = "notifications"
    verbose_name = "Thông báo"
