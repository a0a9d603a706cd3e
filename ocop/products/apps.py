from django.apps import AppConfig


class ProductsConfig(AppConfig):
    name = "ocop.products"
    label = "products"
    verbose_name = "Sản phẩm"

    def ready(self):
        from ocop.products import receivers

        receivers.connect()
