from django.apps import AppConfig


class SigninConfig(AppConfig):
    name = "ocop.signin"
    label = "signin"
    verbose_name = "Đăng nhập và xác thực hai lớp"

    def ready(self):
        from ocop.signin import receivers  # noqa: F401 - connects the login signals
