import pytest
from django.urls import reverse

from ocop.notifications.models import Notification
from ocop.notifications.services import notify


@pytest.mark.django_db
def test_it_delivers_an_event_once_per_recipient(users):
    recipients = [users["chuthe1"], users["xa.dakkoi"]]
    first = notify(recipients=recipients, title="Sắp hết hạn", event_key="cert:1:window")
    second = notify(recipients=recipients, title="Sắp hết hạn", event_key="cert:1:window")
    assert len(first) == 2 and second == []
    assert Notification.objects.filter(event_key="cert:1:window").count() == 2


@pytest.mark.django_db
def test_it_emails_when_configured(users, settings, mailoutbox, django_capture_on_commit_callbacks):
    settings.OCOP_EMAIL_NOTIFICATIONS = True
    user = users["chuthe1"]
    user.email = "chuthe1@example.vn"
    user.save()
    with django_capture_on_commit_callbacks(execute=True):
        notify(recipients=[user], title="Hồ sơ đã được tiếp nhận", url="/ho-so/1/")
    assert len(mailoutbox) == 1
    assert mailoutbox[0].subject == "[OCOP] Hồ sơ đã được tiếp nhận"
    assert Notification.objects.get(title="Hồ sơ đã được tiếp nhận").emailed_at is not None


@pytest.mark.django_db
def test_it_shows_only_ones_own_notifications_and_marks_them_read(client_for, users):
    Notification.objects.all().delete()  # the demo scenario's own notifications
    notify(recipients=[users["chuthe1"]], title="Cho chủ thể 1")
    notify(recipients=[users["chuthe2"]], title="Cho chủ thể 2")
    client = client_for("chuthe1")
    html = client.get(reverse("notifications:list")).content.decode()
    assert "Cho chủ thể 1" in html and "Cho chủ thể 2" not in html
    assert "Thông báo (1)" in html
    client.post(reverse("notifications:read_all"))
    assert Notification.objects.get(recipient=users["chuthe1"]).read_at is not None
    assert Notification.objects.get(recipient=users["chuthe2"]).read_at is None
