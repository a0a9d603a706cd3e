from django.apps import AppConfig


class IdeasConfig(AppConfig):
    name = "ocop.ideas"
    label = "ideas"
    verbose_name = "Ý tưởng, phương án kinh doanh và hỗ trợ"
