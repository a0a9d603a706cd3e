"""Hostile values on the score sheet of an OPEN evaluation (docs/security.md): every one is
refused with a Vietnamese message naming the criterion or part, and nothing is saved."""

import pytest
from django.urls import reverse

from ocop.councils import services
from ocop.councils.models import EvaluationStatus, ScoreSheet
from ocop.criteria.presentation import field_name
from ocop.territory.models import AdministrativeUnit
from tests.factories import ProductFactory

from .helpers import make_council, make_dossier

pytestmark = pytest.mark.django_db

# Negative, above any maximum, not a number, overflowing a float, text, and inputs that look
# numeric to str.isdigit() but not to int() (a doubled sign, a superscript digit).
BAD_VALUES = ["-1", "999", "NaN", "nan", "inf", "1e309", "-1e309", "mười", "1.5", "--5", "²", "5\x00", " 1 0 "]


@pytest.fixture
def province():
    return AdministrativeUnit.objects.get(level="province", code="51", valid_to__isnull=True)


def _open(province, regime_key):
    council, round_obj, members = make_council(province, regime_key=regime_key)
    dossier = make_dossier(ProductFactory(), round_obj=round_obj, regime_key=regime_key)
    evaluation = services.evaluation_open(actor=members[0].user, council=council, dossier=dossier)
    assert evaluation.status == EvaluationStatus.SCORING
    return evaluation, members


@pytest.mark.parametrize("value", BAD_VALUES)
@pytest.mark.parametrize("submit", [False, True])
def test_it_refuses_a_hostile_criterion_value_and_saves_nothing(client, province, value, submit):
    evaluation, members = _open(province, "qd26-2026")
    leaf = services.evaluation_criteria_set(evaluation).leaves[0]
    client.force_login(members[1].user)
    data = {field_name(leaf.code): value, "comment": "thử"}
    if submit:
        data.update({"nop": "1", "xac_nhan": "dong-y"})
    response = client.post(reverse("councils:sheet", args=[evaluation.pk]), data)
    assert response.status_code == 200
    text = response.content.decode()
    assert f"tiêu chí {leaf.code}" in text.lower() or f"Tiêu chí {leaf.code}" in text
    assert not ScoreSheet.objects.filter(evaluation=evaluation).exists()


@pytest.mark.parametrize("value", [v for v in BAD_VALUES if v != "1.5"] + ["41", "-0.01", "Infinity", "sNaN"])
def test_it_refuses_a_hostile_part_total_and_saves_nothing(client, province, value):
    evaluation, members = _open(province, "qd148-2023")
    client.force_login(members[1].user)
    data = {"part_A": value, "part_B": "10", "part_C": "10", "nop": "1", "xac_nhan": "dong-y"}
    response = client.post(reverse("councils:sheet", args=[evaluation.pk]), data)
    assert response.status_code == 200
    assert "Phần A: " in response.content.decode()
    assert not ScoreSheet.objects.filter(evaluation=evaluation).exists()


def test_a_valid_sheet_is_still_saved(client, province):
    evaluation, members = _open(province, "qd148-2023")
    client.force_login(members[1].user)
    response = client.post(reverse("councils:sheet", args=[evaluation.pk]), {"part_A": "25,5", "part_B": "10", "part_C": "10"})
    assert response.status_code == 302
    assert ScoreSheet.objects.get(evaluation=evaluation).part_totals["A"] == "25.50"
