"""The idea and business-plan workflows: transition tables, guards, events, maturing."""


import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from ocop.ideas import selectors, services
from ocop.ideas.models import IdeaEvent
from ocop.ideas.workflow import IdeaStatus
from ocop.notifications.models import Notification
from ocop.products.models import ProductCategory
from tests.factories import current_commune, legacy_commune


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
    events = [(e.action, e.from_state, e.to_state, e.actor) for e in selectors.idea_events(idea)]
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
