from django.apps import AppConfig


class CatalogueConfig(AppConfig):
    name = "ocop.catalogue"
    label = "catalogue"
    verbose_name = "Danh mục công khai và dữ liệu mở"

    def ready(self) -> None:
        from ocop.catalogue import signals

        signals.connect()

        from ocop.catalogue import opendata, tasks  # noqa: F401 - tasks: the nightly schedule
        from ocop.jobs.kinds import JobKind, register_kind

        register_kind(JobKind(opendata.KIND, opendata.TITLE, opendata.run))
