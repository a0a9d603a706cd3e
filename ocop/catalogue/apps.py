from ocop.core.apps import HookedAppConfig


class CatalogueConfig(HookedAppConfig):
    name = "ocop.catalogue"
    label = "catalogue"
    verbose_name = "Danh mục công khai và dữ liệu mở"
    ready_hooks = ("signals.connect",)
