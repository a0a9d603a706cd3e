from django.apps import AppConfig


class PlanningConfig(AppConfig):
    name = "ocop.planning"
    label = "planning"
    verbose_name = "Kế hoạch, chỉ tiêu, nhiệm vụ và báo cáo"

    def ready(self) -> None:
        # Registers the task and report workflows, which label their history rows.
        from ocop.jobs.kinds import JobKind, register_kind
        from ocop.planning import (
            tasks,
            workflow,  # noqa: F401
        )

        register_kind(JobKind(tasks.REPORT_REMINDERS, "Nhắc hạn báo cáo định kỳ", tasks.run_report_reminders))
