"""Management commands: ocop_import certificates, ocop_certificates_due, reminders."""

import json
from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from ocop.certificates import services
from ocop.certificates.models import Certificate, CertificateImport, RecognitionDecision
from ocop.certificates.tests.sheets import csv_bytes, row, xlsx_bytes
from ocop.core.tests.helpers import run_command as run
from ocop.producers.models import Producer
from ocop.products.models import Product
from ocop.territory.models import AdministrativeUnit
from tests.factories import ProductFactory


@pytest.mark.django_db
def test_ocop_import_rejects_a_bad_file_with_exit_code_2_and_writes_nothing(tmp_path):
    path = tmp_path / "so.xlsx"
    path.write_bytes(xlsx_bytes([row(), row(number="2/GCN", product="B", stars="bốn"), row(number="3/GCN", level="")]))
    counts = (Certificate.objects.count(), Producer.objects.count(), Product.objects.count(), RecognitionDecision.objects.count())
    err = StringIO()
    with pytest.raises(CommandError) as error:
        call_command("ocop_import", "certificates", str(path), stdout=StringIO(), stderr=err)
    assert error.value.returncode == 2
    assert "không có dòng nào được nhập" in str(error.value)
    lines = err.getvalue().splitlines()
    assert lines == [
        "Dòng 3, cột “Số sao”: Số sao phải là số nguyên 3, 4 hoặc 5. (giá trị “bốn”)",
        "Dòng 4, cột “Cấp công nhận”: Thiếu cấp công nhận.",
    ]
    assert counts == (Certificate.objects.count(), Producer.objects.count(), Product.objects.count(), RecognitionDecision.objects.count())
    assert not CertificateImport.objects.exists()


@pytest.mark.django_db
def test_ocop_import_refuses_a_file_that_is_not_a_register(tmp_path):
    path = tmp_path / "anh.xlsx"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 50)
    err = StringIO()
    with pytest.raises(CommandError) as error:
        call_command("ocop_import", "certificates", str(path), stdout=StringIO(), stderr=err)
    assert error.value.returncode == 2
    assert "không phải bảng tính .xlsx hay tệp CSV" in err.getvalue()


@pytest.mark.django_db
def test_ocop_import_prints_a_summary_when_accepted(tmp_path, users):
    path = tmp_path / "so.csv"
    path.write_bytes(csv_bytes([row(), row(number="2/GCN", product="Cà phê mới", producer="HTX Cà phê Mới", criteria_set=13)]))
    out, err = run("ocop_import", "certificates", str(path), "--user", "tinh")
    assert err == ""
    assert "Đã nhập 2 giấy chứng nhận từ so.csv (2 dòng; 0 đã có trong sổ, bỏ qua)." in out
    assert "Chủ thể: 1 mới" in out
    batch = CertificateImport.objects.get()
    assert batch.created_by == users["tinh"] and batch.status == "imported"
    assert Certificate.objects.filter(import_batch=batch).count() == 2


@pytest.mark.django_db
def test_ocop_certificates_due_prints_the_certificates_needing_action_as_json(demo):
    today = timezone.localdate()
    out, _ = run("ocop_certificates_due", "--as-of", today.isoformat(), "--format", "json")
    data = json.loads(out)
    assert data["as_of"] == today.isoformat()
    by_product = {item["product"]: item for item in data["certificates"]}
    assert {item["status"] for item in data["certificates"]} == {
        "reevaluation_window", "late_for_reevaluation", "extended_pending", "expired"
    }
    coffee = by_product["Cà phê bột Robusta Đăk Kôi"]
    assert set(coffee) == {"number", "product", "stars", "expires", "status"}
    assert coffee["status"] == "reevaluation_window" and coffee["stars"] == 3
    assert coffee["expires"] == Certificate.objects.get(number=coffee["number"]).expires_on.isoformat()
    assert "Rượu cần Đắk Ruồng" not in by_product  # revoked: nothing left to do
    assert "Sâm dây khô Kon Rẫy" not in by_product  # valid and quiet
    everything = json.loads(run("ocop_certificates_due", "--as-of", today.isoformat(), "--format", "json", "--all")[0])
    statuses = {item["product"]: item["status"] for item in everything["certificates"]}
    assert statuses["Rượu cần Đắk Ruồng"] == "revoked" and statuses["Sâm dây khô Kon Rẫy"] == "valid"


@pytest.mark.django_db
def test_ocop_certificates_due_leaves_out_products_certified_again(db):
    district = AdministrativeUnit.objects.get(level="district", code="614")
    product = ProductFactory()
    old = services.decision_create(actor=None, number="1/QĐ", decided_on=date(2023, 3, 1), level="district", issuing_unit=district)
    services.certificate_issue(actor=None, decision=old, product=product, number="OLD", stars=3)
    as_of = date(2026, 10, 1)
    assert [c["number"] for c in json.loads(run("ocop_certificates_due", "--as-of", as_of.isoformat(), "--format", "json")[0])["certificates"]] == ["OLD"]
    province = AdministrativeUnit.objects.get(level="province", code="51", valid_to__isnull=True)
    new = services.decision_create(actor=None, number="2/QĐ", decided_on=date(2026, 9, 1), level="province", issuing_unit=province)
    services.certificate_issue(actor=None, decision=new, product=product, number="NEW", stars=3)
    assert json.loads(run("ocop_certificates_due", "--as-of", as_of.isoformat(), "--format", "json")[0])["certificates"] == []


@pytest.mark.django_db
def test_ocop_certificates_due_refuses_a_bad_date(db):
    with pytest.raises(CommandError, match="không hợp lệ"):
        run("ocop_certificates_due", "--as-of", "30/11/2026")
