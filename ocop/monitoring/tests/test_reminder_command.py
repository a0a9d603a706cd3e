"""The daily reminders command (`ocop_certificate_reminders`): certificates and the compliance
documents of certified products."""

from datetime import timedelta

import pytest
from django.utils import timezone

from ocop.certificates.models import Certificate
from ocop.core.tests.helpers import run_command as run
from ocop.monitoring.models import ComplianceDocument
from ocop.notifications.models import Notification


@pytest.mark.django_db
def test_reminders_run_twice_send_each_reminder_once(demo):
    coffee = Certificate.objects.get(product__name="Cà phê bột Robusta Đăk Kôi")
    honey = Certificate.objects.get(product__name="Mật ong hoa cà phê Đắk Pne")
    # Thirty days before the honey's expiry: window (coffee), 30 days (honey), documents.
    as_of = honey.expires_on - timedelta(days=30)
    out, _ = run("ocop_certificate_reminders", "--as-of", as_of.isoformat())
    first = set(Notification.objects.values_list("recipient__username", "event_key"))
    assert ("chuthe1", f"cert:{coffee.pk}:window-open") in first
    assert ("xa.dakkoi", f"cert:{coffee.pk}:window-open") in first
    # Đắk Pne (old commune) is now in Xã Đăk Rve: its officer hears about the honey.
    assert ("xa.dakrve", f"cert:{honey.pk}:expires-in-30") in first
    assert not any(user == "xa.konbraih" and key.startswith(f"cert:{coffee.pk}") for user, key in first)
    count = Notification.objects.count()
    out2, _ = run("ocop_certificate_reminders", "--as-of", as_of.isoformat())
    assert Notification.objects.count() == count
    assert "đã gửi 0 thông báo" in out2 and "đã gửi" in out
    # On the day after expiry: the "expired" notice, once.
    after = honey.expires_on + timedelta(days=1)
    run("ocop_certificate_reminders", "--as-of", after.isoformat())
    run("ocop_certificate_reminders", "--as-of", after.isoformat())
    assert Notification.objects.filter(event_key=f"cert:{honey.pk}:expired").count() == 1
    notice = Notification.objects.get(event_key=f"cert:{honey.pk}:expired")
    assert "đã hết hiệu lực" in notice.body and notice.url == f"/giay-chung-nhan/{honey.pk}/"


@pytest.mark.django_db
def test_reminders_cover_compliance_documents_of_certified_products(demo):
    today = timezone.localdate()
    run("ocop_certificate_reminders", "--as-of", today.isoformat())
    document = ComplianceDocument.objects.get(number="45/2024/NNPTNT-KT")
    keys = set(Notification.objects.filter(recipient__username="chuthe1").values_list("event_key", flat=True))
    assert f"doc:{document.pk}:{document.expires_on.isoformat()}:expires-in-30" in keys
    run("ocop_certificate_reminders", "--as-of", today.isoformat())
    assert Notification.objects.filter(event_key__startswith=f"doc:{document.pk}:").count() == 2  # chuthe1 + xa.dakkoi


@pytest.mark.django_db
def test_an_extension_notice_goes_out_when_a_late_reevaluation_keeps_the_certificate(demo):
    extended = Certificate.objects.get(product__name="Cà phê hạt rang Đắk Tơ Lung")
    run("ocop_certificate_reminders", "--as-of", (extended.expires_on + timedelta(days=1)).isoformat())
    notice = Notification.objects.filter(event_key=f"cert:{extended.pk}:expired-extended").first()
    assert notice is not None and "Điều 12.3" in notice.body
    run("ocop_certificate_reminders", "--as-of", (extended.expires_on + timedelta(days=181)).isoformat())
    assert Notification.objects.filter(event_key=f"cert:{extended.pk}:extension-ended").exists()
