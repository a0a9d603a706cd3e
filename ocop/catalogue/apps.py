from ocop.core import modules


class CatalogueConfig(modules.HookedAppConfig):
    name = "ocop.catalogue"
    label = "catalogue"
    verbose_name = "Danh mục công khai và dữ liệu mở"
    ready_hooks = ("signals.connect", "opendata.register", "labels.register")
