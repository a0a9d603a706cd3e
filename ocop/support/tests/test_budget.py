"""Support, funding sources and yearly allocations: totals, and no over-disbursement."""

import threading
import time
from datetime import date
from unittest import mock

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import QuerySet, Sum
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ocop.support import selectors, services
from ocop.support.models import BudgetAllocation, SupportActivity, SupportFunding
from ocop.territory.models import AdministrativeUnit, UnitCoverage

NTM_LABEL = "Chương trình MTQG xây dựng nông thôn mới"


def support(producer, unit, fundings, *, day=date(2026, 9, 1), status="ke_hoach", actor=None, **extra):
    return services.support_create(
        actor=actor, producer=producer, support_type="thiet_bi", content="Hỗ trợ máy móc.", provided_on=day,
        budget_unit=unit, status=status, fundings=fundings, **extra,
    )


def counts():
    return SupportActivity.objects.count(), SupportFunding.objects.count()


@pytest.mark.django_db
def test_it_adds_up_support_by_source_and_year(users):
    rows = selectors.support_totals_by_source_year(actor=users["tinh"])
    committed = {(r.year, r.source): r.committed for r in rows}
    disbursed = {(r.year, r.source): r.disbursed for r in rows}
    # The demo: three finished supports in 2024 (district budget), three in 2026.
    assert committed == {
        (2024, "doi_ung"): 25_000_000,
        (2024, "ngan_sach_huyen"): 10_000_000,
        (2024, "ntm"): 95_000_000,
        (2026, "doi_ung"): 85_000_000,
        (2026, "ngan_sach_tinh"): 25_000_000,
        (2026, "ngan_sach_xa"): 8_000_000,
        (2026, "ntm"): 120_000_000,
    }
    assert disbursed[(2024, "ntm")] == 95_000_000  # all done
    assert disbursed[(2026, "ntm")] == 0  # in progress
    assert disbursed[(2026, "ngan_sach_xa")] == 8_000_000
    # Against the allocations: the same sums, per budget unit.
    overview = {
        (r.allocation.unit.code, r.allocation.year, r.allocation.source): (r.allocation.amount, r.committed, r.disbursed, r.remaining)
        for r in selectors.allocation_overview(actor=users["tinh"])
    }
    assert overview[("614", 2024, "ntm")] == (300_000_000, 95_000_000, 95_000_000, 205_000_000)
    assert overview[("51", 2026, "ntm")] == (400_000_000, 120_000_000, 0, 280_000_000)
    assert overview[("23497", 2026, "ngan_sach_xa")] == (50_000_000, 8_000_000, 8_000_000, 42_000_000)


@pytest.mark.django_db
def test_a_commune_sees_only_the_support_of_its_producers(users):
    rows = selectors.support_totals_by_source_year(actor=users["xa.konbraih"], years=[2026])
    assert {(r.source, r.committed) for r in rows} == {
        ("ngan_sach_tinh", 25_000_000), ("doi_ung", 5_000_000), ("ngan_sach_xa", 8_000_000)
    }


@pytest.mark.django_db
def test_it_refuses_over_disbursement_naming_source_year_allocation_and_excess(demo, province):
    before = counts()
    with pytest.raises(ValidationError) as caught:
        support(demo["producers"]["producer1"], province, [("ntm", 300_000_000), ("doi_ung", 10_000_000)])
    assert caught.value.messages == [
        f"Vượt dự toán nguồn “{NTM_LABEL}” năm 2026 của Tỉnh Quảng Ngãi: dự toán 400.000.000 đ, "
        "đã bố trí 120.000.000 đ, khoản này 300.000.000 đ, vượt 20.000.000 đ."
    ]
    assert counts() == before


@pytest.mark.django_db
def test_it_accepts_support_up_to_the_last_dong_of_the_allocation(demo, province):
    activity = support(demo["producers"]["producer1"], province, [("ntm", 280_000_000)])
    assert activity.year == 2026
    with pytest.raises(ValidationError, match="vượt 1 đ"):
        support(demo["producers"]["producer2"], province, [("ntm", 1)])


@pytest.mark.django_db
def test_it_refuses_a_state_source_that_has_no_allocation(demo):
    from tests.factories import current_commune

    dakkoi = current_commune("23485")
    before = counts()
    with pytest.raises(ValidationError, match="Ngân sách xã” năm 2026 của Xã Đăk Kôi: dự toán 0 đ, đã bố trí 0 đ, khoản này 5.000.000 đ, vượt 5.000.000 đ"):
        support(demo["producers"]["producer1"], dakkoi, [("ngan_sach_xa", 5_000_000)])
    assert counts() == before


@pytest.mark.django_db
def test_the_producers_counterpart_and_other_sources_are_not_capped(demo, province):
    activity = support(demo["producers"]["producer1"], province, [("doi_ung", 900_000_000), ("khac", 50_000_000)])
    assert sorted(activity.fundings.values_list("source", "amount")) == [("doi_ung", 900_000_000), ("khac", 50_000_000)]


@pytest.mark.django_db
def test_an_update_does_not_count_its_own_amount_twice(demo, province):
    activity = support(demo["producers"]["producer1"], province, [("ntm", 200_000_000)])
    services.support_update(actor=None, activity=activity, fundings=[("ntm", 280_000_000)], status="dang_thuc_hien")
    assert activity.fundings.get().amount == 280_000_000
    with pytest.raises(ValidationError, match="vượt 1 đ"):
        services.support_update(actor=None, activity=activity, fundings=[("ntm", 280_000_001)])
    assert activity.fundings.get().amount == 280_000_000


@pytest.mark.django_db
def test_cancelled_support_releases_its_allocation(demo, province):
    first = support(demo["producers"]["producer1"], province, [("ntm", 280_000_000)])
    with pytest.raises(ValidationError):
        support(demo["producers"]["producer2"], province, [("ntm", 100_000_000)])
    services.support_update(actor=None, activity=first, status="da_huy")
    support(demo["producers"]["producer2"], province, [("ntm", 100_000_000)])


@pytest.mark.django_db
def test_an_allocation_cannot_drop_below_what_is_committed(demo, province):
    with pytest.raises(ValidationError, match="đã bố trí 120.000.000 đ"):
        services.allocation_set(actor=None, unit=province, year=2026, source="ntm", amount=100_000_000)
    assert BudgetAllocation.objects.get(unit=province, year=2026, source="ntm").amount == 400_000_000
    services.allocation_set(actor=None, unit=province, year=2026, source="ntm", amount=120_000_000)
    assert BudgetAllocation.objects.get(unit=province, year=2026, source="ntm").amount == 120_000_000


@pytest.mark.django_db
def test_a_source_is_allocated_only_to_its_level(demo, province):
    with pytest.raises(ValidationError, match="không giao dự toán cho cấp tỉnh"):
        services.allocation_set(actor=None, unit=province, year=2026, source="ngan_sach_xa", amount=1)
    with pytest.raises(ValidationError, match="không cần giao dự toán"):
        services.allocation_set(actor=None, unit=province, year=2026, source="doi_ung", amount=1)


@pytest.mark.django_db
def test_the_former_district_cannot_pay_for_support_after_it_was_abolished(demo, district):
    with pytest.raises(ValidationError, match="Huyện Kon Rẫy không còn là đơn vị hành chính vào ngày 01/09/2026"):
        support(demo["producers"]["producer1"], district, [("ntm", 1_000_000)])


@pytest.mark.django_db
def test_the_support_page_shows_the_refusal_and_saves_nothing(demo, province, client_for):
    before = counts()
    response = client_for("tinh").post(
        reverse("support:support_create"),
        {
            "producer": demo["producers"]["producer2"].pk, "support_type": "bao_bi_nhan",
            "content": "Thiết kế bao bì.", "provided_on": "2026-10-01", "budget_unit": province.pk,
            "status": "ke_hoach",
            "nguon-TOTAL_FORMS": "3", "nguon-INITIAL_FORMS": "0",
            "nguon-0-source": "ngan_sach_tinh", "nguon-0-amount": "480000000",
            "nguon-1-source": "doi_ung", "nguon-1-amount": "20000000",
        },
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Vượt dự toán nguồn “Ngân sách tỉnh” năm 2026 của Tỉnh Quảng Ngãi: dự toán 500.000.000 đ" in html
    assert "vượt 5.000.000 đ" in html
    assert counts() == before


@pytest.mark.django_db
def test_it_locks_the_allocation_row_before_summing_what_is_committed(demo, province):
    locked = []
    original = QuerySet.select_for_update

    def spy(queryset, *args, **kwargs):
        locked.append(queryset.model)
        return original(queryset, *args, **kwargs)

    with mock.patch.object(QuerySet, "select_for_update", spy), CaptureQueriesContext(connection) as ctx:
        support(demo["producers"]["producer1"], province, [("ntm", 1_000_000)])
    assert BudgetAllocation in locked
    sql = [q["sql"] for q in ctx.captured_queries]
    lock = next(i for i, s in enumerate(sql) if s.startswith("SELECT") and f'"{BudgetAllocation._meta.db_table}"' in s)
    total = next(i for i, s in enumerate(sql) if "SUM(" in s and f'"{SupportFunding._meta.db_table}"' in s)
    assert lock < total
    if connection.vendor == "postgresql":
        assert "FOR UPDATE" in sql[lock]


POSTGRES = settings.DATABASES["default"]["ENGINE"].endswith("postgresql")


def in_own_thread(function, name="setup"):
    """Run `function` on a connection of its own (autocommit: what it writes is committed and
    visible to the racing writers, unlike the test's own rolled-back transaction)."""
    outcome = {}

    def run():
        try:
            outcome["value"] = function()
        except BaseException as exc:  # noqa: BLE001 - re-raised in the test's thread
            outcome["error"] = exc
        finally:
            connection.close()

    thread = threading.Thread(target=run, name=name)
    thread.start()
    thread.join(60)
    if "error" in outcome:
        raise outcome["error"]
    return outcome.get("value")


@pytest.mark.django_db
@pytest.mark.skipif(not POSTGRES, reason="row locks need PostgreSQL; SQLite serialises writers with BEGIN IMMEDIATE")
def test_two_writers_racing_for_the_last_of_an_allocation_cannot_both_succeed():
    """Writer A locks the allocation and pauses before summing; writer B starts meanwhile.
    With the lock, B waits for A's commit and then sees A's support; without it both would
    read 0 committed and both save. The writers need committed data, so the scenario is
    written and removed on connections of its own; the test itself stays an ordinary
    (rolled-back) database test, which flushes nothing. PostgreSQL only: SQLite has no row
    locks (there the IMMEDIATE transaction mode serialises whole write transactions) and its
    in-memory test database is not shared by threads."""
    from auditlog.models import LogEntry
    from django.contrib.contenttypes.models import ContentType

    from ocop.producers.models import Producer
    from tests.factories import ProducerFactory

    def set_up():
        province = AdministrativeUnit.objects.create(code="T99", name="Tỉnh Thử nghiệm", level="province", kind="tinh")
        commune = AdministrativeUnit.objects.create(
            code="X99", name="Xã Thử nghiệm", level="commune", kind="xa", parent=province
        )
        UnitCoverage.objects.bulk_create(
            [UnitCoverage(unit=province, covered=province), UnitCoverage(unit=province, covered=commune),
             UnitCoverage(unit=commune, covered=commune)]
        )
        producer = ProducerFactory(name="Hợp tác xã Đua ghi", commune=commune)
        services.allocation_set(actor=None, unit=province, year=2026, source="ngan_sach_tinh", amount=100_000_000)
        return province, producer

    def tear_down(province, producer):
        activities = list(SupportActivity.objects.filter(producer=producer).values_list("pk", flat=True))
        allocations = list(BudgetAllocation.objects.filter(unit=province).values_list("pk", flat=True))
        SupportActivity.objects.filter(pk__in=activities).delete()
        BudgetAllocation.objects.filter(pk__in=allocations).delete()
        Producer.objects.filter(pk=producer.pk).delete()
        # Deleting audited records writes log entries too: remove the log last.
        for model, pks in ((SupportActivity, activities), (BudgetAllocation, allocations), (Producer, [producer.pk])):
            LogEntry.objects.filter(
                content_type=ContentType.objects.get_for_model(model), object_pk__in=[str(pk) for pk in pks]
            ).delete()
        UnitCoverage.objects.filter(unit=province).delete()
        UnitCoverage.objects.filter(unit__parent=province).delete()
        AdministrativeUnit.objects.filter(parent=province).delete()
        province.delete()

    province, producer = in_own_thread(set_up)
    try:
        original = selectors.committed_amount
        a_holds_the_lock = threading.Event()

        def slow_for_a(**kwargs):
            if threading.current_thread().name == "writer-a":
                a_holds_the_lock.set()
                time.sleep(0.8)
            return original(**kwargs)

        results = {}

        def write(name):
            try:
                support(producer, province, [("ngan_sach_tinh", 60_000_000)])
                results[name] = "ok"
            except ValidationError as exc:
                results[name] = exc.messages[0]
            finally:
                connection.close()

        with mock.patch.object(selectors, "committed_amount", slow_for_a):
            writer_a = threading.Thread(target=write, args=("writer-a",), name="writer-a")
            writer_a.start()
            assert a_holds_the_lock.wait(10)
            writer_b = threading.Thread(target=write, args=("writer-b",), name="writer-b")
            writer_b.start()
            writer_a.join(20)
            writer_b.join(20)
        assert results["writer-a"] == "ok"
        assert "vượt 20.000.000 đ" in results["writer-b"]
        total = in_own_thread(
            lambda: SupportFunding.objects.filter(activity__producer=producer).aggregate(total=Sum("amount"))["total"]
        )
        assert total == 60_000_000
    finally:
        in_own_thread(lambda: tear_down(province, producer), name="tear-down")
