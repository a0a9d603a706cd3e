from django.apps import AppConfig


class PlanningConfig(AppConfig):
    name = "ocop.planning"
    label = "planning"
    verbose_name = "Kế hoạch, chỉ tiêu, nhiệm vụ và báo cáo"
