from ocop.core.apps import HookedAppConfig


class ProductsConfig(HookedAppConfig):
    name = "ocop.products"
    label = "products"
    verbose_name = "Sản phẩm"
    ready_hooks = ("receivers.connect",)
