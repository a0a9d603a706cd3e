from django.apps import AppConfig


class CouncilsConfig(AppConfig):
    name = "ocop.councils"
    label = "councils"
    verbose_name = "Hội đồng, tổ tư vấn và kết quả đánh giá"
