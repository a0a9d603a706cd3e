import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _empty_cache():
    """The cache outlives each test's rolled-back data: start every test with none."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def no_cache(settings):
    settings.OCOP_CATALOGUE_CACHE_SECONDS = 0
