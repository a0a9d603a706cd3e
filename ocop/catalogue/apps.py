from django.apps import AppConfig


class CatalogueConfig(AppConfig):
    name = "ocop.catalogue"
    label = "catalogue"
    verbose_name = "Danh mục công khai và dữ liệu mở"

    def ready(self) -> None:
        from ocop.catalogue import signals

        signals.connect()
