import pytest
from django.urls import reverse

from ocop.criteria import catalog
from ocop.criteria.models import SelfAssessment
from ocop.criteria.presentation import field_name
from ocop.products.models import Product


def full_sheet(number, pick="max"):
    cset = catalog.get_set(number)
    return {
        field_name(leaf.code): (leaf.best_points if pick == "max" else 0) for leaf in cset.leaves
    }


@pytest.fixture
def coffee(demo):
    return Product.objects.get(name="Cà phê bột Robusta Đăk Kôi")


@pytest.mark.django_db
def test_it_shows_all_26_sets_to_anyone(client):
    html = client.get(reverse("criteria:index")).content.decode()
    for number in (1, 13, 26):
        assert reverse("criteria:set_detail", args=[number]) in html


@pytest.mark.django_db
def test_it_finds_a_set_without_diacritics(client):
    response = client.get(reverse("criteria:index"), {"q": "ca phe"})
    assert [cset.number for cset in response.context["found"]] == [13]


@pytest.mark.django_db
@pytest.mark.parametrize("url_name", ["criteria:set_detail", "criteria:set_print"])
def test_it_renders_every_leaf_of_a_set(client, url_name):
    html = client.get(reverse(url_name, args=[13])).content.decode()
    for leaf in catalog.get_set(13).leaves:
        assert f'name="{field_name(leaf.code)}"' in html


@pytest.mark.django_db
def test_it_answers_404_for_an_unknown_set(client):
    assert client.get(reverse("criteria:set_detail", args=[27])).status_code == 404


@pytest.mark.django_db
def test_it_previews_totals_stars_and_advice(client_for):
    response = client_for("chuthe1").post(reverse("criteria:sheet_preview", args=[13]), full_sheet(13, "zero"))
    html = response.content.decode()
    assert 'data-testid="total">0<' in html
    assert "Cần cải thiện gì để lên hạng?" in html
    response = client_for("chuthe1").post(reverse("criteria:sheet_preview", args=[13]), full_sheet(13))
    html = response.content.decode()
    assert 'data-testid="total">100<' in html and "(5 sao)" in html


@pytest.mark.django_db
def test_it_names_the_criterion_of_an_impossible_answer(client_for):
    sheet = full_sheet(13)
    sheet[field_name("1.1")] = 7
    html = client_for("chuthe1").post(reverse("criteria:sheet_preview", args=[13]), sheet).content.decode()
    assert "Tiêu chí 1.1 không có phương án 7" in html


@pytest.mark.django_db
def test_it_saves_a_producers_self_assessment_with_its_result(client_for, coffee):
    response = client_for("chuthe1").post(
        reverse("criteria:self_assessment", args=[coffee.pk]), {**full_sheet(13), "luu": "1"}
    )
    assert response.status_code == 302
    saved = SelfAssessment.objects.filter(product=coffee).latest("created_at", "id")
    assert saved.total == 100 and saved.stars == 5
    assert saved.criteria_version == "qd26-2026" and saved.criteria_set == 13
    assert saved.created_by.username == "chuthe1"
    assert client_for("chuthe1").get(response["Location"]).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize(
    "username, view_status, save_status",
    [
        ("chuthe1", 200, 302),
        ("xa.dakkoi", 200, 302),
        ("tinh", 200, 302),
        ("hoidong1", 200, 403),
        ("chuthe2", 404, 404),
        ("xa.konbraih", 404, 404),
    ],
)
def test_it_scopes_self_assessment_by_role(client_for, coffee, username, view_status, save_status):
    client = client_for(username)
    before = SelfAssessment.objects.filter(product=coffee).count()
    assert client.get(reverse("criteria:self_assessment", args=[coffee.pk])).status_code == view_status
    response = client.post(reverse("criteria:self_assessment", args=[coffee.pk]), {**full_sheet(13), "luu": "1"})
    assert response.status_code == save_status
    added = SelfAssessment.objects.filter(product=coffee).count() - before
    assert added == (1 if save_status == 302 else 0)


@pytest.mark.django_db
def test_it_hides_a_stored_assessment_from_other_producers(client_for, coffee):
    client_for("chuthe1").post(reverse("criteria:self_assessment", args=[coffee.pk]), {**full_sheet(13), "luu": "1"})
    saved = SelfAssessment.objects.filter(product=coffee).latest("created_at", "id")
    assert client_for("chuthe2").get(reverse("criteria:self_assessment_detail", args=[saved.pk])).status_code == 404
