from ocop.core import modules


class ProductsConfig(modules.HookedAppConfig):
    name = "ocop.products"
    label = "products"
    verbose_name = "Sản phẩm"
    ready_hooks = ("receivers.connect",)
