from django.apps import AppConfig


class EvaluationConfig(AppConfig):
    name = "ocop.evaluation"
    label = "evaluation"
    verbose_name = "Hồ sơ và đánh giá, phân hạng"

    def ready(self) -> None:
        # Registers the workflow (labels of the history widget) however the app is entered.
        import ocop.evaluation.services  # noqa: F401
