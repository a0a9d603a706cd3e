"""The certificate life-cycle on the core workflow mechanism: a transition table as data,
history rows with register states, and the core history widget on the certificate page."""

from datetime import date, datetime, time, timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from ocop.certificates import services
from ocop.certificates.models import Certificate, CertificateEvent
from ocop.certificates.workflow import RegisterState, certificate_move, certificate_workflow
from ocop.core.workflow import TransitionNotAllowed, WorkflowEvent
from ocop.territory.models import AdministrativeUnit
from tests.factories import ProductFactory


def issue(number="9/GCN", on=date(2026, 6, 20)):
    province = AdministrativeUnit.objects.get(level="province", code="51", valid_to__isnull=True)
    decision = services.decision_create(
        actor=None, number=f"D-{number}", decided_on=on, level="province", issuing_unit=province
    )
    return services.certificate_issue(actor=None, decision=decision, product=ProductFactory(), number=number, stars=4)


@pytest.mark.django_db
def test_it_writes_each_move_with_the_register_states_before_and_after():
    old = issue()
    filed_on = old.expires_on - timedelta(days=150)
    with time_machine_at(filed_on):
        services.certificate_mark_reevaluation_filed(actor=None, certificate=old, filed_on=filed_on, reference="HS-1")
    old.refresh_from_db()
    assert old.register_state == RegisterState.REEVALUATION_PENDING
    rows = list(old.events.values_list("action", "from_state", "to_state"))
    assert rows == [("issued", "", "in_force"), ("reevaluation_filed", "in_force", "reevaluation_pending")]
    event = old.events.last()
    assert isinstance(event, WorkflowEvent) and event.kind == "reevaluation_filed"
    assert event.happened_on == filed_on and timezone.localtime(event.at).date() == filed_on
    assert event.action_label == "Nộp hồ sơ đánh giá lại" and event.to_state_label == "Chờ kết quả đánh giá lại"


@pytest.mark.django_db
def test_it_refuses_a_move_the_table_does_not_have():
    certificate = issue()
    # "Có kết quả đánh giá lại" only follows a filing: not from "Đang lưu hành".
    with pytest.raises(TransitionNotAllowed, match="Có kết quả đánh giá lại"):
        certificate_move(certificate, "reevaluation_decided", date(2026, 7, 1), actor=None, from_state="in_force")
    assert certificate.events.count() == 1


def test_the_table_names_every_kind_of_event_and_cites_the_law_of_legal_moves():
    workflow = certificate_workflow()
    for kind in CertificateEvent.Kind.values:
        assert workflow.action_label(kind) == CertificateEvent.Kind(kind).label
    for transition in workflow.transitions:
        assert transition.target in RegisterState.values
    assert "Điều 7.6" in workflow.find(
        Certificate(), "reevaluation_filed", "in_force"
    ).source_article


@pytest.mark.django_db
def test_the_certificate_page_shows_the_core_history_widget(client_for, demo):
    certificate = Certificate.objects.get(product__name="Rượu cần Đắk Ruồng")  # revoked in the demo
    page = client_for("tinh").get(reverse("certificates:detail", args=[certificate.pk])).content.decode()
    assert 'id="qua-trinh"' in page
    assert "Quyết định thu hồi" in page and "Đang lưu hành → Đã thu hồi" in page


def time_machine_at(day):
    """Travel to 9 o'clock on `day` (filing dates may not be in the future)."""
    return time_machine.travel(datetime.combine(day, time(9), tzinfo=timezone.get_current_timezone()), tick=False)
