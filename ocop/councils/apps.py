from django.apps import AppConfig


class CouncilsConfig(AppConfig):
    name = "ocop.councils"
    label = "councils"
    verbose_name = "Hội đồng, tổ tư vấn và kết quả đánh giá"

    def ready(self) -> None:
        # Registers the workflow (labels of the history widget) however the app is entered.
        import ocop.councils.services  # noqa: F401
        from ocop.councils import jobs

        jobs.register()
