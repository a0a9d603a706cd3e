from django.apps import AppConfig


class EvaluationConfig(AppConfig):
    name = "ocop.evaluation"
    label = "evaluation"
    verbose_name = "Hồ sơ và đánh giá, phân hạng"

    def ready(self) -> None:
        # Registers the workflow (labels of the history widget) however the app is entered.
        import ocop.evaluation.services  # noqa: F401
        from ocop.evaluation import tasks
        from ocop.jobs.kinds import JobKind, register_kind

        register_kind(JobKind(tasks.DOSSIER_DEADLINES, "Nhắc hồ sơ quá hạn kiểm tra", tasks.run_dossier_deadlines))
