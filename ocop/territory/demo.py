"""The places of the Kon Rẫy sample scenario (`manage.py ocop_demo`, see ocop/core/demo.py).

Kon Tum's Kon Rẫy district, merged into Quảng Ngãi on 1/7/2025: the official codes of the
units the apps' sample data refer to, and how to find a current or a former unit. The units
themselves come from the territory migrations, so this app has no demo step of its own.
"""

from ocop.territory.models import AdministrativeUnit

# Official codes (QĐ 19/2025/QĐ-TTg; legacy codes from the 2004 list as amended).
QUANG_NGAI = "51"
KON_TUM_LEGACY = "62"
KON_RAY_DISTRICT = "614"
CURRENT_COMMUNES = {"dakrve": "23479", "dakkoi": "23485", "konbraih": "23497"}
LEGACY_COMMUNES = {
    "tt_dakrve": "23479",
    "dakkoi": "23482",
    "daktolung": "23485",
    "dakruong": "23488",
    "dakpne": "23491",
    "daktore": "23494",
    "tanlap": "23497",
}


def current_unit(level: str, code: str) -> AdministrativeUnit:
    return AdministrativeUnit.objects.get(level=level, code=code, valid_to__isnull=True)


def legacy_unit(level: str, code: str) -> AdministrativeUnit:
    return AdministrativeUnit.objects.get(level=level, code=code, valid_to__isnull=False)


DEMO_STEPS: list = []
