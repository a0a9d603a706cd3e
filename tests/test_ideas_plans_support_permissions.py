"""Every role against the idea, list, plan, support and budget pages: allowed and forbidden
(404 outside the reader's scope, 403 when readable but not writable).

Ideas: A = draft of producer1 in today's Xã Đăk Kôi, B = the 2024 idea of p07 in the former
Xã Đắk Tơ Lung (listed, so nobody edits it), C = draft of producer2 in today's Xã Kon Braih.
"""

import pytest
from django.urls import reverse

from ocop.business_plans.models import BusinessPlan
from ocop.ideas.models import Idea, IdeaListDecision
from ocop.support.models import BudgetAllocation, SupportActivity

ROLES = [
    "admin", "tinh", "huyen", "xa.dakrve", "xa.dakkoi", "xa.konbraih", "hoidong1", "hoidong2",
    "hoidong3", "tuvan1", "nganh.congthuong", "chuthe1", "chuthe2",
]

# role → (create idea, detail of A B C, edit of A B C)
IDEAS = {
    "admin":            (200, (200, 200, 200), (200, 403, 200)),
    "tinh":             (200, (200, 200, 200), (200, 403, 200)),
    "huyen":            (403, (404, 200, 404), (404, 403, 404)),
    "xa.dakrve":        (200, (404, 404, 404), (404, 404, 404)),
    "xa.dakkoi":        (200, (200, 200, 404), (200, 403, 404)),
    "xa.konbraih":      (200, (404, 404, 200), (404, 404, 200)),
    "hoidong1":         (403, (200, 200, 200), (403, 403, 403)),
    "hoidong2":         (403, (200, 200, 200), (403, 403, 403)),
    "hoidong3":         (403, (200, 200, 200), (403, 403, 403)),
    "tuvan1":           (403, (200, 200, 200), (403, 403, 403)),
    "nganh.congthuong": (403, (200, 200, 200), (403, 403, 403)),
    "chuthe1":          (200, (200, 404, 404), (200, 404, 404)),
    "chuthe2":          (200, (404, 404, 200), (404, 404, 200)),
}

# role → (approve a list, detail of Kon Rẫy's QĐ 298, amend it, allocation list, allocation edit
#          of Quảng Ngãi's 2026 NTM, create support, edit the 2026 equipment support of producer1)
OFFICE = {
    "admin":            (200, 200, 200, 200, 200, 200, 200),
    "tinh":             (200, 200, 200, 200, 200, 200, 200),
    "huyen":            (403, 200, 403, 200, 403, 403, 404),
    "xa.dakrve":        (403, 200, 403, 200, 403, 200, 404),
    "xa.dakkoi":        (403, 200, 403, 200, 403, 200, 403),
    "xa.konbraih":      (403, 200, 403, 200, 403, 200, 404),
    "hoidong1":         (403, 200, 403, 200, 403, 403, 403),
    "hoidong2":         (403, 200, 403, 200, 403, 403, 403),
    "hoidong3":         (403, 200, 403, 200, 403, 403, 403),
    "tuvan1":           (403, 200, 403, 200, 403, 403, 403),
    "nganh.congthuong": (403, 200, 403, 200, 403, 403, 403),
    "chuthe1":          (403, 200, 403, 200, 404, 403, 403),
    "chuthe2":          (403, 200, 403, 200, 404, 403, 404),
}

# role → (plan list, plan create, detail and edit of: the approved coffee plan of producer1
#          (former Xã Đắk Kôi), the draft plan of producer2 (Xã Kon Braih))
PLANS = {
    "admin":            (200, 200, (200, 403), (200, 200)),
    "tinh":             (200, 200, (200, 403), (200, 200)),
    "huyen":            (200, 403, (200, 403), (404, 404)),
    "xa.dakrve":        (200, 200, (404, 404), (404, 404)),
    "xa.dakkoi":        (200, 200, (200, 403), (404, 404)),
    "xa.konbraih":      (200, 200, (404, 404), (200, 200)),
    "hoidong1":         (200, 403, (200, 403), (200, 403)),
    "hoidong2":         (200, 403, (200, 403), (200, 403)),
    "hoidong3":         (200, 403, (200, 403), (200, 403)),
    "tuvan1":           (200, 403, (200, 403), (200, 403)),
    "nganh.congthuong": (200, 403, (200, 403), (200, 403)),
    "chuthe1":          (200, 200, (200, 403), (404, 404)),
    "chuthe2":          (200, 200, (404, 404), (200, 200)),
}


@pytest.fixture
def ideas(make_idea, demo):
    from tests.factories import current_commune

    return [
        make_idea("Ý tưởng nháp Đăk Kôi", "producer1", status="nhap"),
        Idea.objects.get(name="Cà phê hạt rang Đắk Tơ Lung", year=2024),
        make_idea("Ý tưởng nháp Kon Braih", "producer2", status="nhap", commune=current_commune("23497")),
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_it_applies_the_permission_matrix_to_the_idea_pages(role, client_for, ideas):
    client = client_for(role)
    create, reads, edits = IDEAS[role]
    assert client.get(reverse("ideas:list")).status_code == 200
    assert client.get(reverse("ideas:create")).status_code == create
    for idea, expected in zip(ideas, reads, strict=True):
        assert client.get(reverse("ideas:detail", args=[idea.pk])).status_code == expected, idea
    for idea, expected in zip(ideas, edits, strict=True):
        assert client.get(reverse("ideas:edit", args=[idea.pk])).status_code == expected, idea


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_it_applies_the_permission_matrix_to_lists_budgets_and_support(role, client_for, demo):
    client = client_for(role)
    decision = IdeaListDecision.objects.get(number="298/QĐ-UBND")
    allocation = BudgetAllocation.objects.get(unit__code="51", year=2026, source="ntm")
    equipment = SupportActivity.objects.get(support_type="thiet_bi", year=2026)
    urls = [
        reverse("ideas:decision_create"),
        reverse("ideas:decision_detail", args=[decision.pk]),
        reverse("ideas:decision_amend", args=[decision.pk]),
        reverse("support:allocation_list"),
        reverse("support:allocation_edit", args=[allocation.pk]),
        reverse("support:support_create"),
        reverse("support:support_edit", args=[equipment.pk]),
    ]
    expected = OFFICE[role]
    got = tuple(client.get(url).status_code for url in urls)
    assert got == expected


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_it_applies_the_permission_matrix_to_business_plans(role, client_for, demo):
    client = client_for(role)
    approved = BusinessPlan.objects.get(title__startswith="Phương án sản xuất, kinh doanh Cà phê bột")
    draft = BusinessPlan.objects.get(title="Phương án sản xuất Măng le sấy khô Kon Braih")
    listing, create, first, second = PLANS[role]
    assert client.get(reverse("business_plans:list")).status_code == listing
    assert client.get(reverse("business_plans:create")).status_code == create
    for plan, (read, edit) in ((approved, first), (draft, second)):
        assert client.get(reverse("business_plans:detail", args=[plan.pk])).status_code == read, plan
        assert client.get(reverse("business_plans:edit", args=[plan.pk])).status_code == edit, plan


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url_name, args",
    [("ideas:list", False), ("ideas:decision_list", False), ("business_plans:list", False), ("support:support_list", False),
     ("support:allocation_list", False), ("support:focus_list", False), ("support:survey_list", False), ("ideas:detail", True)],
)
def test_it_sends_anonymous_users_to_the_login_page(client, demo, url_name, args):
    response = client.get(reverse(url_name, args=[Idea.objects.first().pk] if args else []))
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.django_db
def test_a_producer_cannot_review_its_own_idea_nor_another_communes(make_idea, client_for):
    idea = make_idea("Ý tưởng chờ xem xét", "producer2", status="da_gui_xa")
    assert client_for("chuthe2").post(reverse("ideas:transition", args=[idea.pk, "de_nghi"])).status_code == 403
    assert client_for("xa.dakkoi").post(reverse("ideas:transition", args=[idea.pk, "de_nghi"])).status_code == 404
    assert client_for("hoidong1").post(reverse("ideas:transition", args=[idea.pk, "de_nghi"])).status_code == 403
    idea.refresh_from_db()
    assert idea.status == "da_gui_xa"
    assert client_for("xa.konbraih").post(reverse("ideas:transition", args=[idea.pk, "de_nghi"])).status_code == 302
    idea.refresh_from_db()
    assert idea.status == "xa_de_nghi"


@pytest.mark.django_db
def test_list_moves_are_not_offered_as_buttons(make_idea, client_for):
    idea = make_idea("Ý tưởng đã được xã đề nghị", "producer2")
    response = client_for("tinh").post(reverse("ideas:transition", args=[idea.pk, "dua_vao_danh_sach"]))
    assert response.status_code == 404
    idea.refresh_from_db()
    assert idea.status == "xa_de_nghi"


@pytest.mark.django_db
def test_a_commune_officer_cannot_record_support_on_the_provinces_budget(demo, client_for):
    from tests.factories import current_commune

    page = client_for("xa.dakkoi").get(reverse("support:support_create"))
    units = list(page.context["form"].fields["budget_unit"].queryset)
    assert units == [current_commune("23485")]


@pytest.mark.django_db
def test_producers_see_only_their_own_support(client_for):
    response = client_for("chuthe2").get(reverse("support:support_list"))
    producers = {activity.producer.name for activity in response.context["page_obj"]}
    assert producers == {"Hợp tác xã Dịch vụ nông nghiệp Kon Braih"}
