from django.apps import AppConfig


class NationalConfig(AppConfig):
    name = "ocop.national"
    label = "national"
    verbose_name = "Dữ liệu mô phỏng toàn quốc"
