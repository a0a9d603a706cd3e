"""Helpers for the ideas tests: ideas in a given state, units of the scenario."""

import pytest

from ocop.ideas import services
from ocop.products.models import ProductCategory
from ocop.territory.demo import KON_RAY_DISTRICT, QUANG_NGAI, current_unit, legacy_unit
from ocop.territory.models import UnitLevel

# The manual path from a draft to each state a list decision may start from.
PATHS = {
    "nhap": [],
    "da_gui_xa": ["gui_xa"],
    "xa_de_nghi": ["gui_xa", "de_nghi"],
    "xa_khong_de_nghi": ["gui_xa", "khong_de_nghi"],
}


@pytest.fixture
def province(db):
    return current_unit(UnitLevel.PROVINCE, QUANG_NGAI)


@pytest.fixture
def district(db):
    return legacy_unit(UnitLevel.DISTRICT, KON_RAY_DISTRICT)


@pytest.fixture
def make_idea(demo):
    """make_idea("Tên", "producer1", status="xa_de_nghi", year=2026) → an idea in that state."""

    def make(name, producer_key="producer1", *, status="xa_de_nghi", year=2026, commune=None, criteria_set=13):
        idea = services.idea_create(
            actor=None,
            name=name,
            producer=demo["producers"][producer_key],
            commune=commune,
            category=ProductCategory.objects.get(criteria_set=criteria_set),
            year=year,
            description="Mô tả ý tưởng thử nghiệm.",
            raw_materials="Nguyên liệu địa phương.",
            intended_market="Thị trường trong tỉnh.",
        )
        for action in PATHS[status]:
            services.idea_transition(actor=None, idea=idea, action=action, comment="Ý kiến của xã.")
        idea.refresh_from_db()
        return idea

    return make
