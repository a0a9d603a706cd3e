"""Post-recognition monitoring (QĐ 26/2026 Điều 9): plans, inspections, label checks,
compliance documents, and the path from an inspection to a revocation proposal."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from ocop.certificates.models import Certificate, Revocation
from ocop.monitoring.models import ComplianceDocument, InspectionPlan, InspectionRecord
from ocop.monitoring.selectors import documents_expiring, plan_list
from ocop.territory.models import AdministrativeUnit

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def coffee(demo):
    return Certificate.objects.get(product__name="Cà phê bột Robusta Đăk Kôi")


@pytest.mark.django_db
def test_a_commune_officer_records_a_label_check_tied_to_the_certificate_in_force(client_for, coffee):
    today = timezone.localdate()
    response = client_for("xa.dakkoi").post(
        reverse("monitoring:label_check_create", args=[coffee.product_id]),
        {"inspected_on": today.isoformat(), "inspectors": "Y Liên", "mark_use": "khong_dat", "labels": "dat",
         "findings": "Dán nhãn 4 sao trong khi sản phẩm đạt 3 sao.", "follow_up": "Gỡ nhãn sai",
         "follow_up_deadline": (today + timedelta(days=10)).isoformat()},
    )
    assert response.status_code == 302
    record = InspectionRecord.objects.filter(product=coffee.product, kind="nhan_mac").latest("id")
    assert record.certificate == coffee
    assert record.criteria_maintained == "khong_kiem_tra" and record.food_safety == "khong_kiem_tra"
    assert record.created_by.username == "xa.dakkoi"
    page = client_for("xa.dakkoi").get(reverse("monitoring:record", args=[record.pk])).content.decode()
    assert "Không đạt" in page and "Đề nghị thu hồi giấy chứng nhận" not in page


@pytest.mark.django_db
def test_a_failed_check_needs_findings(client_for, coffee):
    response = client_for("xa.dakkoi").post(
        reverse("monitoring:label_check_create", args=[coffee.product_id]),
        {"inspected_on": timezone.localdate().isoformat(), "inspectors": "Y Liên", "mark_use": "khong_dat", "labels": "dat"},
    )
    assert response.status_code == 200
    assert "Có nội dung không đạt: hãy ghi kết quả, phát hiện." in response.content.decode()


@pytest.mark.django_db
def test_the_province_proposes_a_revocation_from_an_inspection_record(client_for, coffee):
    client = client_for("tinh")
    today = timezone.localdate()
    response = client.post(
        reverse("monitoring:record_create", args=[coffee.product_id]),
        {"inspected_on": today.isoformat(), "inspectors": "Đoàn kiểm tra tỉnh", "criteria_maintained": "khong_dat",
         "mark_use": "dat", "labels": "dat", "food_safety": "dat", "findings": "Không còn vùng nguyên liệu."},
    )
    record = InspectionRecord.objects.filter(product=coffee.product, kind="kiem_tra").latest("id")
    assert response["Location"] == reverse("monitoring:record", args=[record.pk])
    form_page = client.get(reverse("monitoring:record_propose_revocation", args=[record.pk]))
    assert form_page.context["form"].initial["ground"] == "b"
    response = client.post(
        reverse("monitoring:record_propose_revocation", args=[record.pk]),
        {"ground": "b", "facts": "Không còn vùng nguyên liệu.", "conclusion_reference": "Biên bản kiểm tra",
         "conclusion_on": today.isoformat(), "evidence": SimpleUploadedFile("bien-ban.pdf", PDF)},
    )
    record.refresh_from_db()
    revocation = Revocation.objects.get(certificate=coffee)
    assert record.revocation == revocation
    assert response["Location"] == reverse("certificates:revocation_detail", args=[revocation.pk])
    assert revocation.evidence_name == "bien-ban.pdf"
    download = client.get(reverse("certificates:revocation_evidence", args=[revocation.pk]))
    assert b"".join(download.streaming_content).startswith(b"%PDF")
    assert client_for("xa.konbraih").get(reverse("certificates:revocation_evidence", args=[revocation.pk])).status_code == 404


@pytest.mark.django_db
def test_a_producer_adds_a_compliance_document_checked_by_content(client_for, coffee):
    client = client_for("chuthe1")
    url = reverse("monitoring:document_create", args=[coffee.product_id])
    today = timezone.localdate()
    fields = {"kind": "kiem_nghiem", "number": "KN-26-01", "issuer": "Trung tâm kiểm nghiệm",
              "issued_on": today.isoformat(), "expires_on": (today + timedelta(days=365)).isoformat()}
    response = client.post(url, {**fields, "file": SimpleUploadedFile("kn.pdf", b"MZ\x90 not a pdf")})
    assert response.status_code == 200 and "không phải là PDF hoặc ảnh hợp lệ" in response.content.decode()
    response = client.post(url, {**fields, "file": SimpleUploadedFile("phieu-kiem-nghiem.pdf", PDF)})
    assert response.status_code == 302
    document = ComplianceDocument.objects.get(number="KN-26-01")
    assert document.file_name == "phieu-kiem-nghiem.pdf" and document.file.name.endswith(".pdf")
    assert "phieu-kiem-nghiem" not in document.file.name  # stored under an unguessable name
    assert client.get(reverse("monitoring:document_file", args=[document.pk])).status_code == 200
    assert client_for("chuthe2").get(reverse("monitoring:document_file", args=[document.pk])).status_code == 404


@pytest.mark.django_db
def test_documents_about_to_expire_are_listed_for_the_commune(users, coffee):
    names = [d.number for d in documents_expiring(actor=users["xa.dakkoi"])]
    assert names == ["45/2024/NNPTNT-KT"]
    assert [d.number for d in documents_expiring(actor=users["xa.dakrve"])] == ["KN-2025-0712"]  # expired 10 days ago
    assert list(documents_expiring(actor=users["xa.konbraih"])) == []


@pytest.mark.django_db
def test_a_provincial_plan_is_made_by_the_province_and_seen_by_its_communes(client_for, users):
    province = AdministrativeUnit.objects.get(level="province", code="51", valid_to__isnull=True)
    today = timezone.localdate()
    response = client_for("tinh").post(
        reverse("monitoring:plan_create"),
        {"title": "Kiểm tra đột xuất nhãn OCOP dịp Tết", "kind": "dot_xuat", "period_start": today.isoformat(),
         "period_end": (today + timedelta(days=30)).isoformat(), "unit": province.pk, "lead_agency_name": "Sở Công Thương"},
    )
    assert response.status_code == 302
    plan = InspectionPlan.objects.get(title="Kiểm tra đột xuất nhãn OCOP dịp Tết")
    assert plan in plan_list(actor=users["xa.dakkoi"])
    assert plan in plan_list(actor=users["hoidong1"])
    hanoi = AdministrativeUnit.objects.get(level="province", code="01", valid_to__isnull=True)
    response = client_for("tinh").post(
        reverse("monitoring:plan_create"),
        {"title": "Ngoài tỉnh", "kind": "dinh_ky", "period_start": today.isoformat(),
         "period_end": today.isoformat(), "unit": hanoi.pk, "lead_agency_name": "X"},
    )
    assert response.status_code == 200 and not InspectionPlan.objects.filter(title="Ngoài tỉnh").exists()


@pytest.mark.django_db
def test_the_product_page_shows_certificates_inspections_and_documents(client_for, demo):
    revoked = Certificate.objects.get(product__name="Rượu cần Đắk Ruồng")
    page = client_for("xa.konbraih").get(reverse("monitoring:product", args=[revoked.product_id])).content.decode()
    assert "Đã thu hồi" in page and "Đã đề nghị thu hồi" in page and "Kiểm tra sử dụng nhãn" in page


@pytest.mark.django_db
def test_forbidden_paths_of_monitoring(client_for, coffee):
    from django.test import Client

    product = coffee.product_id
    label_check = {"inspected_on": timezone.localdate().isoformat(), "inspectors": "Người khác", "mark_use": "dat",
                   "labels": "dat"}
    before = InspectionRecord.objects.count()
    # Another commune's officer neither sees the product's follow-up nor records on it.
    assert client_for("xa.dakrve").get(reverse("monitoring:product", args=[product])).status_code == 404
    assert client_for("xa.dakrve").post(
        reverse("monitoring:label_check_create", args=[product]), label_check).status_code == 404
    # Another producer sees nothing of it; the producer itself may not inspect its own product.
    assert client_for("chuthe2").get(reverse("monitoring:product", args=[product])).status_code == 404
    assert client_for("chuthe1").post(reverse("monitoring:record_create", args=[product]), {}).status_code in (403, 404)
    # A commune officer checks labels but does not run the province's inspections.
    assert client_for("xa.dakkoi").post(reverse("monitoring:record_create", args=[product]), {}).status_code == 403
    # Anonymous visitors are sent to the login page.
    response = Client().get(reverse("monitoring:product", args=[product]))
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]
    assert InspectionRecord.objects.count() == before
