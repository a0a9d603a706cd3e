"""Loading a plan from its text through the page: parse, confirm the holders, save."""

from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from ocop.accounts.models import Agency
from ocop.planning.models import Plan, TaskAssignment
from ocop.territory.models import AdministrativeUnit

SEED = Path(settings.OCOP_REFERENCE_DIR) / "ke-hoach-ocop-2024-kon-ray.txt"


@pytest.mark.django_db
def test_the_district_office_loads_a_plan_from_its_text_after_confirming_the_holders(client_as, shared):
    if not SEED.is_file():
        pytest.skip("Tệp kế hoạch gốc không có trong OCOP_REFERENCE_DIR.")
    district = AdministrativeUnit.objects.get(level="district", code="614", valid_to__isnull=False)
    client = client_as("huyen")
    step1 = {"issuing_unit": district.pk, "year": 2025, "periodic": "quy", "text": SEED.read_text(encoding="utf-8")}
    response = client.post(reverse("planning:import"), step1)
    assert response.status_code == 200
    holders = response.context["holders_form"]
    fields = {name: field for name, field in holders.fields.items()}
    phong_nn = Agency.objects.get(name="Phòng Nông nghiệp và Phát triển nông thôn huyện Kon Rẫy")
    assert fields["r1_agencies"].initial == [phong_nn.pk]  # "Phòng Nông nghiệp và PTNT huyện"
    assert len(fields["r5_agencies"].initial) == 2  # two agencies named in one heading
    assert fields["r6_communes"].initial is True  # "UBND các xã, thị trấn"
    assert fields["r3_agencies"].initial  # "Văn phòng HĐND&UBND huyện"

    # Confirm the suggestions, but leave IV.7 without a holder: nothing is saved.
    step2 = dict(step1, buoc="2")
    for name, field in fields.items():
        if name.endswith("_agencies") and field.initial:
            step2[name] = [str(pk) for pk in field.initial]
        elif name.endswith("_communes") and field.initial:
            step2[name] = "on"
    response = client.post(reverse("planning:import"), step2)
    assert response.status_code == 200 and not Plan.objects.filter(year=2025).exists()
    assert "Chọn cơ quan thực hiện" in response.content.decode()

    front = Agency.objects.filter(kind="doan_the", unit=district)
    step2["r7_agencies"] = [str(a.pk) for a in front]
    response = client.post(reverse("planning:import"), step2)
    plan = Plan.objects.get(year=2025, issuing_unit=district)
    assert response.status_code == 302 and response["Location"] == reverse("planning:detail", args=[plan.pk])
    assert plan.tasks.count() == 21 and plan.communes.count() == 7 and plan.targets.count() == 3
    assert TaskAssignment.objects.filter(plan=plan, commune__isnull=False).count() == 7 * 5
    assert plan.created_by == shared["users"]["huyen"]


@pytest.mark.django_db
def test_a_text_that_is_not_a_plan_is_refused_with_the_reason(client_as):
    response = client_as("tinh").post(
        reverse("planning:import"),
        {"issuing_unit": AdministrativeUnit.objects.get(level="province", code="51", valid_to__isnull=True).pk,
         "year": 2026, "periodic": "quy", "text": "Một lá thư, không phải kế hoạch."},
    )
    assert response.status_code == 200
    assert "Không đọc được kế hoạch" in response.content.decode()
    assert client_as("nganh.congthuong").get(reverse("planning:import")).status_code == 403
