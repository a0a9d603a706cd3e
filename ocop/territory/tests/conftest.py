"""Fixtures for territory tests. The units come from migration 0002, so every test database
holds them already; tests must use the `db` fixture (not `transactional_db`, which would
flush the migrated rows)."""

from datetime import date

import pytest

from ocop.territory.models import AdministrativeUnit, UnitSuccession


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


@pytest.fixture
def merged_in_2027(current_unit, legacy_unit):
    """A hypothetical 2027 merger: today's Xã Đăk Kôi (23485) ends on 31/12/2026 and goes into
    a new Xã Thử Nghiệm. Returns (Đăk Kôi, the new commune, the legacy Xã Đăk Kôi 23482 and
    Xã Đắk Tơ Lung 23485 merged into Đăk Kôi in 2025), the legacy ones read before Đăk Kôi
    ends (afterwards two ended communes share the code 23485)."""
    old_dak_koi, old_dak_to_lung = legacy_unit("commune", "23482"), legacy_unit("commune", "23485")
    dak_koi = current_unit("commune", "23485")
    dak_koi.valid_to = date(2026, 12, 31)
    dak_koi.save()
    merged = AdministrativeUnit.objects.create(
        code="99999", name="Xã Thử Nghiệm", level="commune", kind="xa", parent=dak_koi.parent,
        valid_from=date(2027, 1, 1),
    )
    UnitSuccession.objects.create(predecessor=dak_koi, successor=merged, kind="merge", effective_date=date(2027, 1, 1))
    return dak_koi, merged, old_dak_koi, old_dak_to_lung
