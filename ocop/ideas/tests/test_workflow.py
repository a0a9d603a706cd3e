"""The idea and business-plan workflows: transition tables, guards, events, maturing."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from ocop.ideas import selectors, services
from ocop.ideas.models import BusinessPlan, IdeaEvent
from ocop.ideas.workflow import IDEA_TRANSITIONS, PLAN_TRANSITIONS, IdeaStatus, PlanStatus
from ocop.notifications.models import Notification
from ocop.products.models import Product, ProductCategory
from tests.factories import current_commune, legacy_commune


def test_every_transition_leads_to_a_known_state_and_every_state_but_the_ends_can_move():
    for table, states in ((IDEA_TRANSITIONS, IdeaStatus.values), (PLAN_TRANSITIONS, PlanStatus.values)):
        for transition in table.values():
            assert transition.target in states and transition.sources <= set(states)
        reachable = {t.target for t in table.values()}
        assert reachable | {"nhap"} == set(states)


@pytest.mark.django_db
def test_a_producer_registers_and_the_commune_reviews_an_idea(demo, users):
    producer = demo["producers"]["producer2"]
    idea = services.idea_create(
        actor=users["chuthe2"], name="Cà phê Arabica Kon Braih", producer=producer,
        category=ProductCategory.objects.get(criteria_set=13), year=2026,
        description="Cà phê Arabica trồng trên đất đỏ bazan.", raw_materials="Cà phê của thành viên.",
        intended_market="Quán cà phê tại Quảng Ngãi.",
    )
    assert idea.commune == current_commune("23497") and idea.status == IdeaStatus.DRAFT
    services.idea_transition(actor=users["chuthe2"], idea=idea, action="gui_xa")
    assert Notification.objects.filter(recipient=users["xa.konbraih"], title__contains="Cà phê Arabica").exists()
    with pytest.raises(PermissionDenied):
        services.idea_transition(actor=users["chuthe2"], idea=idea, action="de_nghi")
    with pytest.raises(PermissionDenied):
        services.idea_transition(actor=users["xa.dakkoi"], idea=idea, action="de_nghi")
    services.idea_transition(actor=users["xa.konbraih"], idea=idea, action="de_nghi", comment="Đủ điều kiện.")
    idea.refresh_from_db()
    assert idea.status == IdeaStatus.PROPOSED
    events = [(e.action, e.from_status, e.to_status, e.actor) for e in selectors.idea_events(idea)]
    assert events == [
        ("tao", "", "nhap", users["chuthe2"]),
        ("gui_xa", "nhap", "da_gui_xa", users["chuthe2"]),
        ("de_nghi", "da_gui_xa", "xa_de_nghi", users["xa.konbraih"]),
    ]


@pytest.mark.django_db
def test_a_producer_registered_under_a_former_commune_files_under_todays(demo, users):
    idea = services.idea_create(
        actor=users["tinh"], name="Cà phê phin Đắk Tơ Lung", producer=demo["producers"]["p07"],
        category=ProductCategory.objects.get(criteria_set=13), year=2026,
    )
    assert demo["producers"]["p07"].commune == legacy_commune("23485")
    assert idea.commune == current_commune("23485")  # Xã Đăk Kôi today


@pytest.mark.django_db
def test_it_refuses_moves_the_table_does_not_allow(make_idea, users):
    idea = make_idea("Ý tưởng đã gửi", status="da_gui_xa")
    with pytest.raises(ValidationError, match="khi ý tưởng “Ý tưởng đã gửi” đang ở trạng thái “Đã gửi UBND xã”"):
        services.idea_transition(actor=users["tinh"], idea=idea, action="loai", comment="Không đạt")
    with pytest.raises(ValidationError, match="bằng một quyết định"):
        services.idea_transition(actor=users["tinh"], idea=idea, action="dua_vao_danh_sach")
    with pytest.raises(ValidationError, match="Vui lòng ghi ý kiến"):
        services.idea_transition(actor=users["xa.dakkoi"], idea=idea, action="khong_de_nghi", comment="  ")
    idea.refresh_from_db()
    assert idea.status == IdeaStatus.SUBMITTED
    assert IdeaEvent.objects.filter(idea=idea).count() == 2  # created, sent


@pytest.mark.django_db
def test_an_incomplete_idea_cannot_be_sent_to_the_commune(demo, users):
    idea = services.idea_create(
        actor=users["chuthe1"], name="Ý tưởng sơ sài", producer=demo["producers"]["producer1"],
        category=ProductCategory.objects.get(criteria_set=13), year=2026,
    )
    with pytest.raises(ValidationError, match="mô tả ý tưởng, nguồn nguyên liệu, thị trường dự kiến"):
        services.idea_transition(actor=users["chuthe1"], idea=idea, action="gui_xa")


@pytest.mark.django_db
def test_a_returned_idea_can_be_corrected_and_sent_again(make_idea, users, client_for):
    idea = make_idea("Ý tưởng cần bổ sung", status="da_gui_xa")
    client = client_for("xa.dakkoi")
    response = client.post(reverse("ideas:transition", args=[idea.pk, "tra_lai"]), {"comment": "Bổ sung nguồn nguyên liệu."})
    assert response.status_code == 302
    idea.refresh_from_db()
    assert idea.status == IdeaStatus.RETURNED
    services.idea_update(actor=users["chuthe1"], idea=idea, raw_materials="Cà phê của 40 hộ thành viên.")
    services.idea_transition(actor=users["chuthe1"], idea=idea, action="gui_xa")
    idea.refresh_from_db()
    assert idea.status == IdeaStatus.SUBMITTED
    with pytest.raises(ValidationError, match="không sửa được nữa"):
        services.idea_update(actor=users["chuthe1"], idea=idea, name="Đổi tên sau khi gửi")


@pytest.mark.django_db
def test_a_listed_idea_becomes_a_product_and_takes_its_plans_along(make_idea, province, users):
    idea = make_idea("Bột sắn dây Kon Braih", "producer2", criteria_set=7)
    plan = services.plan_create(
        actor=users["chuthe2"], title="Phương án bột sắn dây", producer=idea.producer, idea=idea,
        market="Siêu thị trong tỉnh.", years=[(2026, 200_000_000, 150_000_000)],
    )
    with pytest.raises(ValidationError, match="Chỉ ý tưởng nằm trong danh sách được phê duyệt"):
        services.idea_mature(actor=users["chuthe2"], idea=idea)
    services.idea_list_approve(
        actor=users["tinh"], issuing_unit=province, year=2026, number="101/QĐ-UBND", signed_on=date(2026, 4, 10),
        issuer_name="Ủy ban nhân dân tỉnh Quảng Ngãi", signer_name="A", ideas=[idea],
    )
    with pytest.raises(PermissionDenied):
        services.idea_mature(actor=users["chuthe1"], idea=idea)
    product = services.idea_mature(actor=users["chuthe2"], idea=idea, name="Bột sắn dây Kon Braih 500 g")
    idea.refresh_from_db()
    plan.refresh_from_db()
    assert idea.product == product and plan.product == product
    assert (product.producer, product.commune, product.category.criteria_set) == (idea.producer, idea.commune, 7)
    assert Product.objects.filter(name="Bột sắn dây Kon Braih 500 g").count() == 1
    with pytest.raises(ValidationError, match="đã gắn với sản phẩm"):
        services.idea_mature(actor=users["chuthe2"], idea=idea)
    assert IdeaEvent.objects.filter(idea=idea, action="thanh_san_pham").count() == 1


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
    assert [e.to_status for e in selectors.plan_events(plan)] == ["nhap", "da_gui_xa", "xa_de_nghi", "da_phe_duyet"]
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
    services.idea_list_approve(
        actor=None, issuing_unit=province, year=2026, number="9/QĐ-UBND", signed_on=date(2026, 4, 1),
        issuer_name="UBND tỉnh", signer_name="A", ideas=[idea],
    )
    product = services.idea_mature(actor=None, idea=idea)
    assert selectors.approved_business_plan_for(product) == BusinessPlan.objects.get(pk=plan.pk)
