from django.apps import AppConfig


class CriteriaConfig(AppConfig):
    name = "ocop.criteria"
    label = "criteria"
    verbose_name = "Bộ tiêu chí"
