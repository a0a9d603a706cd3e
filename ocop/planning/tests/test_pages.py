"""The office's pages: lay down a plan, add a target and a task, generate report periods,
submit and compile reports; every page renders for its users."""

from datetime import date

import pytest
from django.urls import reverse

from ocop.accounts.models import Agency
from ocop.planning.models import PeriodicReport, Plan, TaskAssignment
from ocop.territory.models import AdministrativeUnit


@pytest.mark.django_db
def test_the_province_lays_down_a_plan_with_a_target_a_task_and_report_periods(client_as):
    client = client_as("tinh")
    province = AdministrativeUnit.objects.get(level="province", code="51", valid_to__isnull=True)
    response = client.post(
        reverse("planning:create"),
        {
            "issuing_unit": province.pk, "year": 2027, "number": "12/KH-UBND", "issued_on": "2027-01-20",
            "title": "Thực hiện Chương trình OCOP năm 2027", "status": "du_thao",
            "bases_text": "Căn cứ Quyết định số 26/2026/QĐ-TTg;\nCăn cứ tình hình thực tế;",
            "purposes": "- Mục đích một", "recipients": "Như trên\nLưu: VT",
        },
    )
    plan = Plan.objects.get(year=2027)
    assert response.status_code == 302 and plan.bases.count() == 2
    assert plan.issuer_name == "Ủy ban nhân dân tỉnh Quảng Ngãi" and plan.place == "Quảng Ngãi"
    assert plan.communes.count() > 50  # every commune of the province by default

    response = client.post(
        reverse("planning:target_create", args=[plan.pk]),
        {"indicator": "products_evaluated", "label": "Mỗi xã có ít nhất 01 sản phẩm tham gia đánh giá",
         "breakdown": "moi_xa", "target_value": "1"},
    )
    assert response.status_code == 302
    target = plan.targets.get()
    assert target.unit_label == "ý tưởng/sản phẩm" and target.per_commune

    trade = Agency.objects.get(name="Sở Công Thương tỉnh Quảng Ngãi")
    agriculture = Agency.objects.get(name="Sở Nông nghiệp và Môi trường tỉnh Quảng Ngãi")
    response = client.post(
        reverse("planning:task_create", args=[plan.pk]),
        {"new_heading": "Sở Công Thương", "content": "Tổ chức hội chợ OCOP tỉnh", "role": "chu_tri",
         "deadline": "2027-10-31", "recurrence": "", "recurrence_due_days": "5",
         "agencies": [trade.pk], "coordinating_agencies": [agriculture.pk]},
    )
    assert response.status_code == 302
    roles = dict(TaskAssignment.objects.filter(plan=plan).values_list("agency__short_name", "role"))
    assert roles == {"Sở Công Thương": "chu_tri", "Sở NN&MT": "phoi_hop"}

    response = client.post(reverse("planning:periods", args=[plan.pk]), {"kinds": ["quy", "nam"], "due_after_days": "10"})
    assert response.status_code == 302
    assert list(plan.periods.values_list("label", "due_on")) == [
        ("Quý I/2027", date(2027, 4, 10)), ("Quý II/2027", date(2027, 7, 10)),
        ("Quý III/2027", date(2027, 10, 10)), ("Năm 2027", date(2028, 1, 10)),
    ]


@pytest.mark.django_db
def test_a_task_form_without_holders_says_so_and_saves_nothing(client_as, plan2026):
    before = plan2026.responsibilities.count()
    response = client_as("tinh").post(
        reverse("planning:task_create", args=[plan2026.pk]),
        {"new_heading": "Sở Khoa học và Công nghệ", "content": "Hỗ trợ đăng ký nhãn hiệu", "role": "chu_tri",
         "recurrence_due_days": "5"},
    )
    assert response.status_code == 200
    assert "ít nhất một cơ quan hoặc một xã" in response.content.decode()
    assert plan2026.responsibilities.count() == before


@pytest.mark.django_db
def test_a_commune_fills_in_and_submits_its_report_then_the_office_compiles(client_as, plan2026):
    kon_braih = AdministrativeUnit.objects.get(level="commune", code="23497", valid_to__isnull=True)
    period = plan2026.periods.get(label="Năm 2026")
    client = client_as("xa.konbraih")
    client.post(reverse("planning:report_start", args=[period.pk]), {"xa": kon_braih.pk})
    report = PeriodicReport.objects.get(period=period, unit=kon_braih)
    page = client.get(reverse("planning:report_edit", args=[report.pk]))
    form = page.context["form"]
    data = {name: ("" if field.initial is None else field.initial) for name, field in form.fields.items()}
    data.update({"narrative": "Đã hướng dẫn 3 chủ thể đăng ký ý tưởng.", "number": "15/BC-UBND", "nop": "1",
                 "f_ideas_registered": "4"})
    response = client.post(reverse("planning:report_edit", args=[report.pk]), data)
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == "da_nop" and report.figures["ideas_registered"] == {"value": 4}
    assert client.get(reverse("planning:report_edit", args=[report.pk])).status_code == 403  # submitted

    office = client_as("tinh")
    response = office.post(reverse("planning:aggregate_start", args=[period.pk]))
    aggregate = PeriodicReport.objects.get(period=period, is_aggregate=True)
    assert response.status_code == 302 and aggregate.figures["ideas_registered"]["value"] == 4
    assert "Xã Kon Braih: Đã hướng dẫn 3 chủ thể" in aggregate.narrative
    for url in ("report_detail", "report_docx", "report_xlsx"):
        assert office.get(reverse(f"planning:{url}", args=[aggregate.pk])).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("username", ["tinh", "huyen", "xa.dakkoi", "nganh.congthuong"])
def test_every_planning_page_renders_for_its_users(username, client_as, plan2024, plan2026):
    client = client_as(username)
    for name in ("list", "tasks", "reports", "dashboard"):
        # "Báo cáo định kỳ" opens the plan directly when the user has only one.
        assert client.get(reverse(f"planning:{name}"), follow=True).status_code == 200, name
    plan = plan2024 if username == "huyen" else plan2026
    assert client.get(reverse("planning:plan_reports", args=[plan.pk])).status_code == 200
    for mode in ("moi", "cu"):
        response = client.get(reverse("planning:dashboard") + f"?nam={plan.year}&ke_hoach={plan.pk}&dia_gioi={mode}")
        assert response.status_code == 200 and response.context["board"].plan == plan
