from django.apps import AppConfig


class IdeasConfig(AppConfig):
    name = "ocop.ideas"
    label = "ideas"
    verbose_name = "Ý tưởng sản phẩm và danh sách được phê duyệt"
