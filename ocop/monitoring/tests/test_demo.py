"""The sample register: one certificate of each status today, loaded idempotently."""

import pytest
from django.utils import timezone

from ocop.certificates import validity
from ocop.certificates.models import Certificate, CertificateEvent, RecognitionDecision, Revocation
from ocop.core.demo import load_demo
from ocop.monitoring.models import ComplianceDocument, InspectionPlan, InspectionRecord


@pytest.mark.django_db
def test_the_demo_has_one_certificate_of_each_status_and_loads_twice_without_duplicates(demo):
    today = timezone.localdate()
    statuses = {c.product_name: validity.certificate_status(c, today) for c in Certificate.objects.all()}
    assert statuses["Cà phê bột Robusta Đăk Kôi"] == validity.REEVALUATION_WINDOW  # chuthe1's product
    assert statuses["Mật ong hoa cà phê Đắk Pne"] == validity.LATE_FOR_REEVALUATION
    assert statuses["Cà phê hạt rang Đắk Tơ Lung"] == validity.EXTENDED_PENDING
    assert statuses["Thịt heo đen gác bếp"] == validity.EXPIRED
    assert statuses["Rượu cần Đắk Ruồng"] == validity.REVOKED
    assert statuses["Sâm dây khô Kon Rẫy"] == validity.VALID
    assert all(c.is_sample for c in Certificate.objects.all())
    assert RecognitionDecision.objects.filter(level="district", issuing_unit__name="Huyện Kon Rẫy").exists()
    assert Certificate.objects.get(product_name="Sâm dây khô Kon Rẫy").stars == 4
    models = [Certificate, RecognitionDecision, Revocation, CertificateEvent, ComplianceDocument, InspectionPlan, InspectionRecord]
    before = [model.objects.count() for model in models]
    load_demo()
    assert [model.objects.count() for model in models] == before
