from ocop.core.apps import HookedAppConfig


class AccountsConfig(HookedAppConfig):
    name = "ocop.accounts"
    label = "accounts"
    verbose_name = "Tài khoản và phân quyền"
    ready_hooks = ("homes.register",)
