"""Fixtures for territory tests. The units come from migration 0002, so every test database
holds them already; tests must use the `db` fixture (not `transactional_db`, which would
flush the migrated rows)."""

import pytest

from ocop.territory.models import AdministrativeUnit


def _get(level: str, code: str, *, current: bool) -> AdministrativeUnit:
    return AdministrativeUnit.objects.get(level=level, code=code, valid_to__isnull=current)


@pytest.fixture
def current_unit(db):
    return lambda level, code: _get(level, code, current=True)


@pytest.fixture
def legacy_unit(db):
    return lambda level, code: _get(level, code, current=False)


@pytest.fixture
def user_client(client, django_user_model):
    user = django_user_model.objects.create_user(username="canbo", password="mat-khau-thu-nghiem")
    client.force_login(user)
    return client
