"""The business-plan workflow: transition table, guards, events, the plan a product has."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from ocop.business_plans import selectors, services
from ocop.business_plans.models import BusinessPlan
from ocop.business_plans.workflow import PLAN_TRANSITIONS, PlanStatus
from ocop.ideas import services as idea_services
from ocop.ideas.models import IdeaEvent
from ocop.ideas.workflow import IDEA_TRANSITIONS, IdeaStatus
from ocop.products.models import Product


@pytest.mark.django_db
def test_a_business_plan_goes_from_the_producer_through_the_commune_to_the_province(make_idea, users):
    idea = make_idea("Ý tưởng có phương án", "producer2")
    plan = services.plan_create(
        actor=users["chuthe2"], title="Phương án thử", producer=idea.producer, idea=idea, market="Trong tỉnh.",
        investments=[("Máy sấy", 90_000_000)],
    )
    with pytest.raises(ValidationError, match="doanh thu, chi phí dự kiến của ít nhất một năm"):
        services.plan_transition(actor=users["chuthe2"], plan=plan, action="gui_xa")
    services.plan_update(actor=users["chuthe2"], plan=plan, years=[(2026, 300_000_000, 200_000_000), (2027, 500_000_000, 320_000_000)])
    services.plan_transition(actor=users["chuthe2"], plan=plan, action="gui_xa")
    with pytest.raises(PermissionDenied):
        services.plan_transition(actor=users["xa.konbraih"], plan=plan, action="phe_duyet")
    services.plan_transition(actor=users["xa.konbraih"], plan=plan, action="de_nghi")
    with pytest.raises(PermissionDenied):
        services.plan_transition(actor=users["xa.konbraih"], plan=plan, action="phe_duyet")
    services.plan_transition(actor=users["tinh"], plan=plan, action="phe_duyet")
    plan.refresh_from_db()
    assert plan.status == PlanStatus.APPROVED and plan.approved_at is not None
    assert [y.profit for y in plan.years.all()] == [100_000_000, 180_000_000]
    assert [e.to_state for e in selectors.plan_events(plan)] == ["nhap", "da_gui_xa", "xa_de_nghi", "da_phe_duyet"]
    with pytest.raises(ValidationError, match="không sửa được nữa"):
        services.plan_update(actor=users["tinh"], plan=plan, title="Sửa sau phê duyệt")


@pytest.mark.django_db
def test_the_dossier_app_finds_the_approved_plan_of_a_product(demo):
    coffee = Product.objects.get(name="Cà phê bột Robusta Đăk Kôi")
    plan = selectors.approved_business_plan_for(coffee)
    assert plan.title == "Phương án sản xuất, kinh doanh Cà phê bột Robusta Đăk Kôi giai đoạn 2024–2026"
    assert selectors.approved_business_plan_for(Product.objects.get(name="Măng le khô Kon Braih")) is None
    plans = selectors.approved_business_plans_for([coffee.pk, Product.objects.get(name="Sâm dây khô Kon Rẫy").pk])
    assert set(plans) == {coffee.pk, Product.objects.get(name="Sâm dây khô Kon Rẫy").pk}


@pytest.mark.django_db
def test_a_plan_through_its_idea_counts_once_the_idea_becomes_a_product(make_idea, province, users):
    idea = make_idea("Ý tưởng chưa thành sản phẩm", "producer1")
    plan = services.plan_create(
        actor=None, title="Phương án qua ý tưởng", producer=idea.producer, idea=idea, market="Trong tỉnh.",
        years=[(2026, 1, 1)],
    )
    for action in ("gui_xa", "de_nghi", "phe_duyet"):
        services.plan_transition(actor=None, plan=plan, action=action)
    idea_services.idea_list_approve(
        actor=None, issuing_unit=province, year=2026, number="9/QĐ-UBND", signed_on=date(2026, 4, 1),
        issuer_name="UBND tỉnh", signer_name="A", ideas=[idea],
    )
    product = idea_services.idea_mature(actor=None, idea=idea)
    assert selectors.approved_business_plan_for(product) == BusinessPlan.objects.get(pk=plan.pk)


def test_every_transition_leads_to_a_known_state_and_every_state_but_the_ends_can_move():
    for table, states in ((IDEA_TRANSITIONS, IdeaStatus.values), (PLAN_TRANSITIONS, PlanStatus.values)):
        for transition in table.values():
            assert transition.target in states and transition.sources <= set(states)
        reachable = {t.target for t in table.values()}
        assert reachable | {"nhap"} == set(states)


@pytest.mark.django_db
def test_a_listed_idea_becomes_a_product_and_takes_its_plans_along(make_idea, province, users):
    idea = make_idea("Bột sắn dây Kon Braih", "producer2", criteria_set=7)
    plan = services.plan_create(
        actor=users["chuthe2"], title="Phương án bột sắn dây", producer=idea.producer, idea=idea,
        market="Siêu thị trong tỉnh.", years=[(2026, 200_000_000, 150_000_000)],
    )
    with pytest.raises(ValidationError, match="Chỉ ý tưởng nằm trong danh sách được phê duyệt"):
        idea_services.idea_mature(actor=users["chuthe2"], idea=idea)
    idea_services.idea_list_approve(
        actor=users["tinh"], issuing_unit=province, year=2026, number="101/QĐ-UBND", signed_on=date(2026, 4, 10),
        issuer_name="Ủy ban nhân dân tỉnh Quảng Ngãi", signer_name="A", ideas=[idea],
    )
    with pytest.raises(PermissionDenied):
        idea_services.idea_mature(actor=users["chuthe1"], idea=idea)
    product = idea_services.idea_mature(actor=users["chuthe2"], idea=idea, name="Bột sắn dây Kon Braih 500 g")
    idea.refresh_from_db()
    plan.refresh_from_db()
    assert idea.product == product and plan.product == product
    assert (product.producer, product.commune, product.category.criteria_set) == (idea.producer, idea.commune, 7)
    assert Product.objects.filter(name="Bột sắn dây Kon Braih 500 g").count() == 1
    with pytest.raises(ValidationError, match="đã gắn với sản phẩm"):
        idea_services.idea_mature(actor=users["chuthe2"], idea=idea)
    assert IdeaEvent.objects.filter(idea=idea, action="thanh_san_pham").count() == 1
