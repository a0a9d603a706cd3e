from django.apps import AppConfig


class PromotionConfig(AppConfig):
    name = "ocop.promotion"
    label = "promotion"
    verbose_name = "Xúc tiến thương mại và tuyên truyền"
