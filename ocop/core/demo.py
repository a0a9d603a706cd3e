"""Sample data: the Kon Rẫy 2024 scenario (Kon Tum → Quảng Ngãi after 1/7/2025).

Loaded only by `python manage.py ocop_demo` (never by a migration), idempotently: running it
again changes nothing. Every sample record carries `is_sample=True` and the interface
labels it "Dữ liệu mẫu". Each app adds its own steps in `<app>/demo.py` (DEMO_STEPS), run in
INSTALLED_APPS order: the places (territory), accounts, producers, products, then the
evaluation, certificates and the rest. Core only runs them; it imports no app.
"""

from django.db import transaction

from ocop.core.modules import app_modules

# The password of every sample account (ocop/accounts/demo.py).
DEMO_PASSWORD = "demo-ocop-2026"


def all_demo_steps() -> list:
    """Each app's `<app>/demo.py` DEMO_STEPS, in INSTALLED_APPS order.

    A step is `step(context: dict) -> None`; it must be idempotent, mark what it creates
    as sample data, and may read what earlier steps put in `context`.
    """
    steps = []
    for module in app_modules("demo"):
        if module.__name__ != __name__:
            steps.extend(module.DEMO_STEPS)
    return steps


@transaction.atomic
def load_demo() -> dict:
    context: dict = {}
    for step in all_demo_steps():
        step(context)
    return context
