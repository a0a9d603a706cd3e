from ocop.core import modules


class AccountsConfig(modules.HookedAppConfig):
    name = "ocop.accounts"
    label = "accounts"
    verbose_name = "Tài khoản và phân quyền"
    ready_hooks = ("homes.register",)
