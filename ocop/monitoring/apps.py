from django.apps import AppConfig


class MonitoringConfig(AppConfig):
    name = "ocop.monitoring"
    label = "monitoring"
    verbose_name = "Kiểm tra, giám sát sau công nhận"
