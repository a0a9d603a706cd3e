"""Finding what each installed OCOP app contributes, by module name.

An app adds to a shared page by providing a module of an agreed name: `nav.py` (the menu),
`home.py` (the role homes), `demo.py` (the sample data). The code that gathers them lives in
core and imports no app by name, so core stays at the bottom of the layers.
"""

from functools import cache
from importlib import import_module
from importlib.util import find_spec

from django.apps import apps


@cache
def app_modules(name: str) -> tuple:
    """`<app>.<name>` for every installed OCOP app that has such a module, in app order."""
    modules = []
    for config in apps.get_app_configs():
        if config.name.startswith("ocop.") and find_spec(f"{config.name}.{name}") is not None:
            modules.append(import_module(f"{config.name}.{name}"))
    return tuple(modules)
