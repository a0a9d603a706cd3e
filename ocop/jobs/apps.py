from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "ocop.jobs"
    label = "jobs"
    verbose_name = "Việc chạy nền"
