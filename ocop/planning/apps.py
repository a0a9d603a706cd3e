from django.apps import AppConfig


class PlanningConfig(AppConfig):
    name = "ocop.planning"
    label = "planning"
    verbose_name = "Kế hoạch, chỉ tiêu, nhiệm vụ và báo cáo"

    def ready(self) -> None:
        # Registers the task and report workflows, which label their history rows.
        from ocop.planning import workflow  # noqa: F401
