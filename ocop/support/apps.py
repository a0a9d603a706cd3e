from django.apps import AppConfig


class SupportConfig(AppConfig):
    name = "ocop.support"
    label = "support"
    verbose_name = "Khảo sát, sản phẩm trọng tâm, hỗ trợ và kinh phí"
