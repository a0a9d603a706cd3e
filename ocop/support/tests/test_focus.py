"""Focus products: the plan's 3–5 rule as data, and each one's gap to 3 stars."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from ocop.ideas import services as idea_services
from ocop.ideas.workflow import IdeaStatus
from ocop.support import selectors, services
from ocop.support.models import FocusSelection
from ocop.support.policy import DEFAULT_FOCUS_RANGE
from tests.factories import ProductFactory, current_commune


@pytest.fixture
def listed(make_idea, province):
    """Six ideas in the 2026 provincial list."""
    ideas = [make_idea(f"Ý tưởng trọng tâm {n}", "producer1" if n % 2 else "producer2") for n in range(1, 7)]
    idea_services.idea_list_approve(
        actor=None, issuing_unit=province, year=2026, number="101/QĐ-UBND", signed_on=date(2026, 4, 10),
        issuer_name="Ủy ban nhân dân tỉnh Quảng Ngãi", signer_name="A", ideas=ideas,
    )
    return ideas


@pytest.fixture
def selection(province, users):
    return services.focus_selection_create(actor=users["tinh"], issuing_unit=province, year=2026)


def test_the_range_comes_from_the_seed_plan():
    assert (DEFAULT_FOCUS_RANGE.minimum, DEFAULT_FOCUS_RANGE.maximum) == (3, 5)
    assert "Kon Rẫy" in DEFAULT_FOCUS_RANGE.source and "III.3" in DEFAULT_FOCUS_RANGE.source


@pytest.mark.django_db
def test_it_refuses_a_sixth_focus_product_citing_the_plan(listed, selection, users):
    for idea in listed[:5]:
        services.focus_item_add(actor=users["tinh"], selection=selection, idea=idea, reason="Có lợi thế.")
    with pytest.raises(ValidationError) as caught:
        services.focus_item_add(actor=users["tinh"], selection=selection, idea=listed[5], reason="Có lợi thế.")
    message = caught.value.messages[0]
    assert "Đã chọn đủ 5 ý tưởng/sản phẩm trọng tâm" in message
    assert "từ 3 đến 5 ý tưởng/sản phẩm" in message and "Kế hoạch số …/KH-UBND năm 2024 của UBND huyện Kon Rẫy" in message
    assert selection.items.count() == 5


@pytest.mark.django_db
def test_it_refuses_to_approve_fewer_than_the_minimum(listed, selection, users):
    services.focus_item_add(actor=users["tinh"], selection=selection, idea=listed[0], reason="Có lợi thế.")
    services.focus_item_add(actor=users["tinh"], selection=selection, idea=listed[1], reason="Có lợi thế.")
    with pytest.raises(ValidationError, match="đã chọn 2 ý tưởng/sản phẩm, trong khi kế hoạch yêu cầu từ 3 đến 5"):
        services.focus_selection_approve(actor=users["tinh"], selection=selection, approved_on=date(2026, 5, 1))
    services.focus_item_add(actor=users["tinh"], selection=selection, idea=listed[2], reason="Có lợi thế.")
    services.focus_selection_approve(actor=users["tinh"], selection=selection, approved_on=date(2026, 5, 1))
    selection.refresh_from_db()
    assert selection.status == "da_phe_duyet" and selection.approved_by == users["tinh"]
    with pytest.raises(ValidationError, match="đã phê duyệt"):
        services.focus_item_add(actor=users["tinh"], selection=selection, idea=listed[3], reason="Muộn.")


@pytest.mark.django_db
def test_the_page_warns_while_the_draft_is_below_the_range(listed, selection, client_for, users):
    services.focus_item_add(actor=users["tinh"], selection=selection, idea=listed[0], reason="Có lợi thế.")
    html = client_for("tinh").get(reverse("support:focus_detail", args=[selection.pk])).content.decode()
    assert "Mới chọn 1; kế hoạch yêu cầu lựa chọn từ 3 đến 5 ý tưởng/sản phẩm" in html


@pytest.mark.django_db
def test_a_later_plan_changes_new_selections_not_existing_ones(selection, district, settings):
    settings.OCOP_FOCUS_RANGE = (2, 4, "Kế hoạch năm sau (thử nghiệm)")
    later = services.focus_selection_create(actor=None, issuing_unit=district, year=2025)
    assert (later.min_items, later.max_items) == (2, 4)
    selection.refresh_from_db()
    assert (selection.min_items, selection.max_items) == (3, 5)
    with pytest.raises(ValidationError, match="Huyện Kon Rẫy không phải là đơn vị hành chính trong năm 2026"):
        services.focus_selection_create(actor=None, issuing_unit=district, year=2026)


@pytest.mark.django_db
def test_only_ideas_in_the_approved_list_may_be_chosen(make_idea, selection, users):
    proposed = make_idea("Ý tưởng chưa được phê duyệt")
    assert proposed.status == IdeaStatus.PROPOSED
    with pytest.raises(ValidationError, match="không nằm trong danh sách ý tưởng/sản phẩm được phê duyệt năm 2026"):
        services.focus_item_add(actor=users["tinh"], selection=selection, idea=proposed, reason="Thử.")


@pytest.mark.django_db
def test_each_focus_product_shows_its_gap_to_three_stars(listed, selection, users):
    from ocop.criteria.services import self_assessment_save, zero_sheet

    assessed = ProductFactory(name="Cà phê tự đánh giá", producer=listed[0].producer, commune=current_commune("23485"))
    self_assessment_save(actor=None, product=assessed, points=zero_sheet(13))
    unassessed = ProductFactory(name="Cà phê chưa tự đánh giá", producer=listed[0].producer, commune=current_commune("23485"))
    services.focus_item_add(actor=users["tinh"], selection=selection, product=assessed, reason="Có phiếu.")
    services.focus_item_add(actor=users["tinh"], selection=selection, product=unassessed, reason="Chưa có phiếu.")
    services.focus_item_add(actor=users["tinh"], selection=selection, idea=listed[0], reason="Còn là ý tưởng.")
    rows = {row.item.label: row for row in selectors.focus_rows(selection)}
    gap = rows["Cà phê tự đánh giá"].advice
    assert gap.reachable and gap.points_gained >= 50 and gap.upgrades
    assert rows["Cà phê chưa tự đánh giá"].advice is None
    assert rows["Cà phê chưa tự đánh giá"].note == "Chưa tự đánh giá."
    assert rows["Ý tưởng trọng tâm 1"].note == "Ý tưởng chưa thành sản phẩm, chưa tự đánh giá."


@pytest.mark.django_db
def test_the_demo_selects_four_focus_products_of_kon_ray_2024(demo, users):
    [selection] = FocusSelection.objects.filter(year=2024, issuing_unit__code="614")
    assert selection.items.count() == 4 and selection.status == "da_phe_duyet"
    counts = selectors.focus_counts(actor=users["xa.konbraih"])
    assert [(c.issuing_unit.code, c.year, c.items) for c in counts] == [("614", 2024, 4)]
