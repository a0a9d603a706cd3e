"""Actuals are live: they move when the registries and the cycle's data change, per commune,
under the old or the new territory, in a number of queries that does not grow with data."""

import sys
from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ocop.planning import actuals, dashboards
from ocop.planning import targets as target_progress
from ocop.territory.models import AdministrativeUnit, UnitLevel
from tests.factories import ProducerFactory, ProductFactory

TODAY = date(2026, 11, 29)


KON_RAY = {"Xã Tân Lập": "23497", "Xã Đắk Pne": "23491"}
TODAY_UNITS = {"Xã Đăk Rve": "23479", "Xã Đăk Kôi": "23485", "Xã Kon Braih": "23497"}


def legacy(name):
    """A commune of the former Kon Rẫy district (names repeat across the country)."""
    return AdministrativeUnit.objects.get(level=UnitLevel.COMMUNE, code=KON_RAY[name], valid_to__isnull=False)


def current(name):
    return AdministrativeUnit.objects.get(level=UnitLevel.COMMUNE, code=TODAY_UNITS[name], valid_to__isnull=True)


def compute(plan, key):
    return actuals.compute(key, target_progress.plan_area(plan, today=TODAY).context)


def cell(progress, unit):
    return next(c for c in progress.cells if c.unit.pk == unit.pk)


def _idea(commune, *, year=2024, status="da_gui_xa", name="Ý tưởng thử nghiệm"):
    from ocop.ideas.models import Idea
    from ocop.products.models import ProductCategory

    producer = ProducerFactory(commune=commune)
    return Idea.objects.create(
        name=name, producer=producer, commune=commune, year=year, status=status,
        category=ProductCategory.objects.get(criteria_set=12),
    )


def _dossier(product, commune, round_obj, *, filed_on=date(2024, 5, 2)):
    from ocop.evaluation.models import Dossier, DossierState

    province = AdministrativeUnit.objects.get(level=UnitLevel.PROVINCE, code="62", valid_to__isnull=False)
    return Dossier.objects.create(
        product=product, producer=product.producer, commune=commune, province=province, kind="lan_dau",
        regime_key="qd148-2023", filed_on=filed_on, state=DossierState.ACCEPTED, round=round_obj,
        representative_name="Nguyễn Văn A", contact_address="Thôn 1",
    )


def _certificate(product, *, issued_on, stars=3, number="99/GCN-TEST"):
    from ocop.certificates import services as certificate_services

    district = AdministrativeUnit.objects.get(level=UnitLevel.DISTRICT, code="614", valid_to__isnull=False)
    decision = certificate_services.decision_create(
        actor=None, number=f"QĐ-{number}", decided_on=issued_on, level="district", issuing_unit=district
    )
    return certificate_services.certificate_issue(actor=None, decision=decision, product=product, number=number, stars=stars)


def _district_round_2024():
    from ocop.evaluation.models import EvaluationRound

    return EvaluationRound.objects.get(level="district", year=2024, number=1)


@pytest.mark.django_db
def test_every_registered_indicator_is_available_with_the_current_apps(plan2024, plan2026):
    context = target_progress.plan_area(plan2026, today=TODAY).context
    for key in actuals.INDICATORS:
        assert actuals.compute(key, context).available, key
    for statistic in (actuals.star_distribution, actuals.producers_by_type, actuals.products_by_sector,
                      actuals.certificates_expiring):
        assert statistic(context).available


@pytest.mark.django_db
def test_an_idea_registered_in_a_commune_moves_that_communes_actual(plan2024):
    tan_lap = legacy("Xã Tân Lập")
    before = compute(plan2024, "ideas_registered")
    _idea(tan_lap)
    _idea(tan_lap, status="nhap", name="Nháp chưa gửi xã")  # a draft is not registered
    _idea(tan_lap, year=2025, name="Năm khác")
    after = compute(plan2024, "ideas_registered")
    assert after.values.get(tan_lap.pk, 0) == before.values.get(tan_lap.pk, 0) + 1
    assert after.total == before.total + 1


@pytest.mark.django_db
def test_a_dossier_entering_evaluation_meets_the_communes_target_under_old_and_new_territory(plan2024):
    from ocop.products.models import Product

    tan_lap, kon_braih = legacy("Xã Tân Lập"), current("Xã Kon Braih")
    target = plan2024.targets.get(indicator="products_evaluated")
    old_before = target_progress.plan_progress(plan2024, mode=target_progress.OLD, today=TODAY)
    progress = next(t for t in old_before.targets if t.target == target)
    assert cell(progress, tan_lap).met is False and cell(progress, tan_lap).target == 1

    product = Product.objects.get(name="Trà túi lọc chè dây")
    _dossier(product, tan_lap, _district_round_2024())

    old = next(t for t in target_progress.plan_progress(plan2024, mode=target_progress.OLD, today=TODAY).targets if t.target == target)
    assert cell(old, tan_lap).value == 1 and cell(old, tan_lap).met is True
    assert old.communes_met == progress.communes_met + 1
    # Under today's units Tân Lập, Đắk Ruồng and Đắk Tờ Re are Xã Kon Braih: target 3 there.
    new = next(t for t in target_progress.plan_progress(plan2024, mode=target_progress.NEW, today=TODAY).targets if t.target == target)
    assert [c.unit.name for c in new.cells] == ["Xã Đăk Kôi", "Xã Đăk Rve", "Xã Kon Braih"]
    assert cell(new, kon_braih).target == 3 and cell(new, kon_braih).value == 1
    assert new.total_target == 7 and new.actual.total == old.actual.total


@pytest.mark.django_db
def test_a_certificate_moves_the_certified_count_the_3_star_share_and_the_star_distribution(plan2024):
    from ocop.products.models import Product

    tan_lap = legacy("Xã Tân Lập")
    product = Product.objects.get(name="Trà túi lọc chè dây")
    _dossier(product, tan_lap, _district_round_2024())
    context = target_progress.plan_area(plan2024, today=TODAY).context
    share_before = actuals.compute("evaluated_reaching_3_stars", context)
    certified_before = actuals.compute("products_certified", context)
    stars_before = dict(actuals.star_distribution(context).rows)

    _certificate(product, issued_on=date(2024, 9, 20))

    share = actuals.compute("evaluated_reaching_3_stars", context)
    assert share.numerators[tan_lap.pk] == share_before.numerators.get(tan_lap.pk, 0) + 1
    assert share.total_denominator == share_before.total_denominator
    certified = actuals.compute("products_certified", context)
    assert certified.values[tan_lap.pk] == certified_before.values.get(tan_lap.pk, 0) + 1
    assert dict(actuals.star_distribution(context).rows)["3 sao"] == stars_before["3 sao"] + 1


@pytest.mark.django_db
def test_a_new_producer_and_product_move_the_registry_figures(plan2026):
    dak_rve = current("Xã Đăk Rve")
    context = target_progress.plan_area(plan2026, today=TODAY).context
    share_before = actuals.compute("producers_coop_sme_share", context)
    sectors_before = sum(n for _, n in actuals.products_by_sector(context).rows)

    producer = ProducerFactory(commune=dak_rve, producer_type="ho_san_xuat")
    ProductFactory(producer=producer)

    share = actuals.compute("producers_coop_sme_share", context)
    assert share.denominators[dak_rve.pk] == share_before.denominators[dak_rve.pk] + 1
    assert share.numerators[dak_rve.pk] == share_before.numerators[dak_rve.pk]
    assert sum(n for _, n in actuals.products_by_sector(context).rows) == sectors_before + 1


@pytest.mark.django_db
def test_a_missing_source_reads_as_no_data_instead_of_failing(plan2024, monkeypatch):
    monkeypatch.setitem(sys.modules, "ocop.ideas.workflow", None)  # import now raises ImportError
    result = compute(plan2024, "ideas_registered")
    assert result.available is False and result.note.startswith("chưa có dữ liệu")
    progress = target_progress.plan_progress(plan2024, today=TODAY, extra_indicators=["ideas_registered"])
    assert progress.actuals["ideas_registered"].available is False
    assert compute(plan2024, "no_such_indicator").available is False


def _more_data(plan):
    """Records of every kind the dashboard reads, in several communes."""
    from ocop.planning import services
    from ocop.planning.models import Responsibility
    from ocop.products.models import Product

    communes = [legacy("Xã Tân Lập"), legacy("Xã Đắk Pne"), current("Xã Đăk Kôi")]
    for index, commune in enumerate(communes):
        producer = ProducerFactory(commune=commune)
        product = ProductFactory(producer=producer, commune=commune)
        _idea(commune, name=f"Ý tưởng {index}")
        _dossier(product, commune, _district_round_2024())
        _certificate(product, issued_on=date(2024, 10, 1), number=f"8{index}/GCN-TEST")
    extra = Product.objects.get(name="Trà túi lọc chè dây")
    _certificate(extra, issued_on=date(2024, 11, 1), stars=3, number="77/GCN-TEST")
    responsibility = Responsibility.objects.filter(plan=plan).first()
    task = services.task_create(
        actor=None, responsibility=responsibility, content="Nhiệm vụ bổ sung", deadline=date(2024, 8, 1),
        communes=communes[:2],
    )
    for assignment in task.assignments.all():
        services.progress_update_create(actor=None, assignment=assignment, progress=30, narrative="Đang làm",
                                        reported_on=date(2024, 7, 1))


@pytest.mark.django_db
def test_the_dashboard_runs_the_same_number_of_queries_with_more_data(plan2024, shared):
    tinh = shared["users"]["tinh"]
    dashboards.plan_dashboard(actor=tinh, plan=plan2024, today=TODAY)  # the user's scope is cached after this
    with CaptureQueriesContext(connection) as first:
        board = dashboards.plan_dashboard(actor=tinh, plan=plan2024, mode=target_progress.NEW, today=TODAY)
        [chart.svg for chart in board.charts.values()]  # drawing charts costs no query
    _more_data(plan2024)
    with CaptureQueriesContext(connection) as second:
        board = dashboards.plan_dashboard(actor=tinh, plan=plan2024, mode=target_progress.NEW, today=TODAY)
    assert len(second) == len(first), "\n".join(q["sql"][:150] for q in second.captured_queries)
    assert len(first) <= 40
    assert board.progress.actuals["products_evaluated"].total >= 4


@pytest.mark.django_db
def test_the_dashboard_page_costs_the_same_queries_in_both_views_with_more_data(client_as, plan2024):
    client = client_as("tinh")
    url = reverse("planning:dashboard") + f"?nam=2024&ke_hoach={plan2024.pk}"
    counts = {}
    for label in ("before", "after"):
        if label == "after":
            _more_data(plan2024)
        for mode in ("moi", "cu"):
            with CaptureQueriesContext(connection) as queries:
                response = client.get(f"{url}&dia_gioi={mode}")
            assert response.status_code == 200
            counts[(label, mode)] = len(queries)
    assert counts[("before", "moi")] == counts[("after", "moi")]
    assert counts[("before", "cu")] == counts[("after", "cu")]


@pytest.mark.django_db
def test_funds_are_summed_per_commune_with_a_breakdown_by_source(plan2024):
    result = compute(plan2024, "funds_mobilised")
    assert result.total == sum(result.values.values())
    assert sum(amount for _, amount in result.breakdown) == result.total
    assert result.total > Decimal(0)
