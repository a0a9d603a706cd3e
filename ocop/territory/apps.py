from django.apps import AppConfig


class TerritoryConfig(AppConfig):
    name = "ocop.territory"
    label = "territory"
    verbose_name = "Địa bàn hành chính"
