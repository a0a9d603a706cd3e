"""The way forward after a refused close: spread and diverging members, the chair reopening
chosen sheets with a reason (members notified), the council's agreed result with minutes."""

import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from pypdf import PdfWriter

from ocop.core.documents import docx_text
from ocop.councils import documents, selectors, services
from ocop.councils.models import EvaluationStatus, ScoringEvent, SheetStatus
from ocop.notifications.models import Notification
from ocop.territory.models import AdministrativeUnit
from tests.factories import ProductFactory

from .helpers import make_council, make_dossier, sheet_with_total

pytestmark = pytest.mark.django_db


@pytest.fixture
def refused():
    """Three members at 60, 65 and 75 points: the chair's close is refused (spread 15 > 10)."""
    province = AdministrativeUnit.objects.get(level="province", code="51", valid_to__isnull=True)
    council, round_obj, members = make_council(province, usernames=("r1", "r2", "r3"))
    dossier = make_dossier(ProductFactory(), round_obj=round_obj)
    evaluation = services.evaluation_open(actor=members[0].user, council=council, dossier=dossier)
    for member, total in zip(members, (60, 65, 75), strict=True):
        services.sheet_save(actor=member.user, evaluation=evaluation, points=sheet_with_total(13, total), submit=True)
    outcome = services.evaluation_close(actor=members[0].user, evaluation=evaluation)
    assert not outcome.closed
    return evaluation, members


def pdf_upload(name="bien-ban.pdf"):
    buffer = io.BytesIO()
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    writer.write(buffer)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="application/pdf")


def test_it_notifies_the_scoring_members_when_scoring_opens(refused):
    evaluation, members = refused
    notified = set(Notification.objects.filter(event_key=f"council-eval:{evaluation.pk}:open")
                   .values_list("recipient__username", flat=True))
    assert notified == {"r2", "r3"}  # the chair opened it


def test_it_reports_the_spread_per_member_and_per_criterion(refused):
    evaluation, members = refused
    with CaptureQueriesContext(connection) as queries:
        report = selectors.divergence_report(evaluation=evaluation)
    assert len(queries) <= 5
    assert report["spread"] == 15 and report["threshold"] == 10 and report["divergent"]
    marked = {row["sheet"].member_id: row["diverging"] for row in report["members"]}
    assert marked == {members[0].pk: True, members[1].pk: False, members[2].pk: True}
    apart = {row["sheet"].member_id: row["apart_from"] for row in report["members"]}
    assert apart == {members[0].pk: ["Thành viên r3"], members[1].pk: [], members[2].pk: ["Thành viên r1"]}
    spreads = [c["spread"] for c in report["criteria"]]
    assert spreads == sorted(spreads, reverse=True) and all(spreads)
    first = report["criteria"][0]
    assert first["title"] and max(first["points"]) - min(first["points"]) == first["spread"]
    # The refusal is audited with the members and the spread per criterion.
    event = ScoringEvent.objects.get(evaluation=evaluation, action="divergent")
    assert event.data["members"] == [members[0].pk, members[2].pk] and event.data["criteria"]


def test_it_reopens_the_chosen_sheet_with_a_reason_and_notifies_its_member(refused):
    evaluation, members = refused
    sheet = evaluation.sheets.get(member=members[2])
    services.sheets_reopen(actor=members[0].user, evaluation=evaluation, sheet_ids=[sheet.pk],
                           reason="Hội đồng thống nhất chấm lại tiêu chí 8")
    statuses = dict(evaluation.sheets.values_list("member_id", "status"))
    assert statuses == {members[0].pk: SheetStatus.SUBMITTED, members[1].pk: SheetStatus.SUBMITTED,
                        members[2].pk: SheetStatus.DRAFT}
    event = ScoringEvent.objects.get(evaluation=evaluation, action="reopen")
    assert (event.sheet_id, event.reason, event.actor_id) == (sheet.pk, "Hội đồng thống nhất chấm lại tiêu chí 8",
                                                               members[0].user_id)
    notice = Notification.objects.get(recipient=members[2].user, event_key__contains=":reopen:")
    assert "chấm lại tiêu chí 8" in notice.body and notice.url.endswith(f"/danh-gia/{evaluation.pk}/cham-diem/")
    # The member re-scores within 10 points of the others; the chair closes.
    services.sheet_save(actor=members[2].user, evaluation=evaluation, points=sheet_with_total(13, 68), submit=True)
    assert services.evaluation_close(actor=members[0].user, evaluation=evaluation).closed


def test_only_the_chair_reopens_and_only_with_a_reason_and_a_sheet(refused):
    evaluation, members = refused
    sheet = evaluation.sheets.get(member=members[2])
    with pytest.raises(ValidationError, match="Chỉ Chủ tịch"):
        services.sheets_reopen(actor=members[1].user, evaluation=evaluation, sheet_ids=[sheet.pk], reason="x")
    with pytest.raises(ValidationError, match="lý do"):
        services.sheets_reopen(actor=members[0].user, evaluation=evaluation, sheet_ids=[sheet.pk], reason=" ")
    with pytest.raises(ValidationError, match="ít nhất một phiếu"):
        services.sheets_reopen(actor=members[0].user, evaluation=evaluation, sheet_ids=[], reason="x")
    assert evaluation.sheets.get(pk=sheet.pk).status == SheetStatus.SUBMITTED
    assert not Notification.objects.filter(event_key__contains=":reopen:").exists()


def test_it_records_the_councils_agreed_result_with_its_minutes(refused):
    evaluation, members = refused
    services.evaluation_record_agreed(
        actor=members[0].user, evaluation=evaluation, minutes_number="07/BB-HĐ",
        minutes_text="Hội đồng thảo luận, các thành viên giữ nguyên điểm; thống nhất kết quả trung bình.",
        minutes_file=pdf_upload(),
    )
    evaluation.refresh_from_db()
    assert evaluation.status == EvaluationStatus.CLOSED
    assert evaluation.average_total == Decimal("66.67")  # still the members' average (Điều 3.3)
    assert evaluation.minutes_number == "07/BB-HĐ" and "giữ nguyên điểm" in evaluation.agreed_minutes
    assert evaluation.result["divergence_accepted"] is True
    with evaluation.agreed_minutes_file.open("rb") as stored:
        assert stored.read(5) == b"%PDF-"
    present = list(evaluation.present_members.order_by("position", "id"))
    text = docx_text(documents.minutes_docx(evaluation, sheets=list(evaluation.sheets.all()), present=present))
    assert "chênh lệch 15" in text and "thống nhất kết quả: Hội đồng thảo luận, các thành viên giữ nguyên điểm" in text
    agreed = ScoringEvent.objects.get(evaluation=evaluation, action="agreed")
    assert agreed.data["minutes_number"] == "07/BB-HĐ" and agreed.data["file"] is True


def test_an_agreed_result_needs_the_chair_minutes_and_a_refusal_first(refused):
    evaluation, members = refused
    with pytest.raises(ValidationError, match="Chỉ Chủ tịch"):
        services.evaluation_record_agreed(actor=members[1].user, evaluation=evaluation, minutes_number="1",
                                          minutes_text="Thống nhất")
    with pytest.raises(ValidationError) as error:
        services.evaluation_record_agreed(actor=members[0].user, evaluation=evaluation, minutes_number="",
                                          minutes_text=" ")
    assert set(error.value.message_dict) == {"minutes_number", "minutes_text"}
    ScoringEvent.objects.filter(evaluation=evaluation, action="divergent").delete()
    with pytest.raises(ValidationError, match="bị từ chối do tổng điểm chênh lệch"):
        services.evaluation_record_agreed(actor=members[0].user, evaluation=evaluation, minutes_number="1",
                                          minutes_text="Thống nhất")
    evaluation.refresh_from_db()
    assert evaluation.status == EvaluationStatus.SCORING


def test_pages_show_the_way_forward_to_the_chair_only(refused, client):
    evaluation, members = refused
    client.force_login(members[0].user)
    page = client.get(f"/hoi-dong/danh-gia/{evaluation.pk}/").content.decode()
    assert 'data-testid="divergence"' in page and "Chênh lệch quá 10 điểm" in page
    assert "Mở lại phiếu đã chọn" in page and "Ghi kết quả thống nhất và kết thúc chấm điểm" in page
    # A member sees neither the others' totals nor the chair's actions, and cannot reopen.
    client.force_login(members[1].user)
    page = client.get(f"/hoi-dong/danh-gia/{evaluation.pk}/").content.decode()
    assert 'data-testid="divergence"' not in page and "75,00" not in page
    sheet = evaluation.sheets.get(member=members[2])
    response = client.post(f"/hoi-dong/danh-gia/{evaluation.pk}/mo-lai-phieu/", {"sheets": [sheet.pk], "reason": "x"})
    assert response.status_code == 403
    response = client.post(f"/hoi-dong/danh-gia/{evaluation.pk}/ket-qua-thong-nhat/",
                           {"minutes_number": "1", "minutes_text": "x"})
    assert response.status_code == 403
    # Her own sheet page shows only her sheet.
    page = client.get(f"/hoi-dong/danh-gia/{evaluation.pk}/cham-diem/").content.decode()
    assert "65" in page and "Thành viên r3" not in page
    assert evaluation.sheets.get(pk=sheet.pk).status == SheetStatus.SUBMITTED


def test_the_chair_reopens_through_the_page(refused, client):
    evaluation, members = refused
    client.force_login(members[0].user)
    sheet = evaluation.sheets.get(member=members[0])
    response = client.post(f"/hoi-dong/danh-gia/{evaluation.pk}/mo-lai-phieu/",
                           {"sheets": [sheet.pk], "reason": "Chủ tịch chấm lại tiêu chí 2"}, follow=True)
    assert "Đã mở lại phiếu để chấm lại: Thành viên r1" in response.content.decode()
    assert evaluation.sheets.get(pk=sheet.pk).status == SheetStatus.DRAFT


def test_the_scoring_history_shows_who_reopened_whose_sheet_and_why_in_the_common_widget(refused, client):
    evaluation, members = refused
    sheet = evaluation.sheets.get(member=members[2])
    services.sheets_reopen(actor=members[0].user, evaluation=evaluation, sheet_ids=[sheet.pk],
                           reason="Hội đồng thống nhất chấm lại tiêu chí 8")
    client.force_login(members[0].user)
    with CaptureQueriesContext(connection) as queries:
        page = client.get(f"/hoi-dong/danh-gia/{evaluation.pk}/").content.decode()
    history = page[page.index('id="dien-bien-cham-diem"'):]
    history = history[:history.index("</table>")]
    assert "Mở lại phiếu" in history and "Hội đồng thống nhất chấm lại tiêu chí 8" in history
    assert f"Phiếu của: {members[2].user}" in history and "Đang chấm điểm" in history
    # No query per row: three more rows (with their sheets) read in the same number of queries.
    for member in members:
        services.scoring_event_record(evaluation, "reopen", actor=members[0].user, reason="x",
                                      sheet=evaluation.sheets.get(member=member))
    with CaptureQueriesContext(connection) as more:
        client.get(f"/hoi-dong/danh-gia/{evaluation.pk}/")
    assert len(more) == len(queries)
