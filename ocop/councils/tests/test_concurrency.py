"""Two members saving their sheets at the same moment: both sheets persist."""

import threading

import pytest
from django.db import connection

from ocop.councils import services
from ocop.councils.models import ScoreSheet
from ocop.territory.models import AdministrativeUnit, UnitCoverage
from tests.factories import ProducerFactory, ProductFactory

from .helpers import make_council, make_dossier, sheet_with_total


@pytest.mark.django_db(transaction=True)
def test_two_members_saving_at_once_both_persist():
    # Own units: an earlier transactional test may have flushed the migrated territory.
    province = AdministrativeUnit.objects.create(code="T98", name="Tỉnh Thử nghiệm", level="province", kind="tinh")
    commune = AdministrativeUnit.objects.create(code="X98", name="Xã Thử nghiệm", level="commune", kind="xa", parent=province)
    UnitCoverage.objects.bulk_create([UnitCoverage(unit=province, covered=province), UnitCoverage(unit=province, covered=commune)])
    council, round_obj, members = make_council(province, usernames=("t1", "t2", "t3"))
    product = ProductFactory(producer=ProducerFactory(commune=commune))
    evaluation = services.evaluation_open(actor=None, council=council, dossier=make_dossier(product, round_obj=round_obj))
    barrier = threading.Barrier(2)
    errors = []

    def save(member, total):
        try:
            barrier.wait(5)
            for _ in range(3):  # several saves each, interleaved
                services.sheet_save(actor=member.user, evaluation=evaluation, points=sheet_with_total(13, total))
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(repr(exc))
        finally:
            connection.close()

    threads = [threading.Thread(target=save, args=(members[1], 61)), threading.Thread(target=save, args=(members[2], 77))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert errors == []
    saved = dict(ScoreSheet.objects.filter(evaluation=evaluation).values_list("member_id", "total"))
    assert saved == {members[1].pk: 61, members[2].pk: 77}
    assert set(ScoreSheet.objects.values_list("revision", flat=True)) == {3}
