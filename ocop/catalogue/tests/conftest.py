import pytest


@pytest.fixture
def no_cache(settings):
    settings.OCOP_CATALOGUE_CACHE_SECONDS = 0
