"""Finding what each installed OCOP app contributes, by module name.

An app adds to a shared page by providing a module of an agreed name: `nav.py` (the menu),
`home.py` (the role homes), `demo.py` (the sample data). The code that gathers them lives in
core and imports no app by name, so core stays at the bottom of the layers.
"""

from functools import cache
from importlib import import_module
from importlib.util import find_spec

from django.apps import AppConfig, apps


@cache
def app_modules(name: str) -> tuple:
    """`<app>.<name>` for every installed OCOP app that has such a module, in app order."""
    modules = []
    for config in apps.get_app_configs():
        if config.name.startswith("ocop.") and find_spec(f"{config.name}.{name}") is not None:
            modules.append(import_module(f"{config.name}.{name}"))
    return tuple(modules)


class HookedAppConfig(AppConfig):
    """An app whose ready() calls hooks of its own modules, listed as data.

    `ready_hooks` holds "module.function" names relative to the app's package (e.g.
    "receivers.connect"): each module is imported when the registry is ready and the function
    called without arguments, in the order listed.

    An app's apps.py refers to it as `modules.HookedAppConfig` (not imported by name): Django
    picks an app's config as the one AppConfig subclass its apps.py holds as a name."""

    ready_hooks: tuple[str, ...] = ()

    def ready(self) -> None:
        for hook in self.ready_hooks:
            module_name, function_name = hook.rsplit(".", 1)
            getattr(import_module(f"{self.name}.{module_name}"), function_name)()
