from django.apps import AppConfig


class ProducersConfig(AppConfig):
    name = "ocop.producers"
    label = "producers"
    verbose_name = "Chủ thể OCOP"
