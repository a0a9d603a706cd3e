"""The yearly list of ideas/products: approval, amendments, history, DOCX and XLSX."""

import io
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from openpyxl import load_workbook

from ocop.core.documents import docx_text
from ocop.ideas import selectors, services
from ocop.ideas.models import ChangeAction, IdeaEvent, IdeaListChange, IdeaListDecision
from ocop.ideas.workflow import IdeaStatus
from ocop.notifications.models import Notification

DECISION = {
    "issuer_name": "Ủy ban nhân dân tỉnh Quảng Ngãi",
    "signer_name": "Trần Phước Hiền",
    "signer_position": "Phó Chủ tịch",
}


@pytest.fixture
def amended_list(make_idea, province, users):
    """A 2026 list approved with three ideas, then amended: one added, one removed."""
    tinh = users["tinh"]
    ca_phe = make_idea("Cà phê mật ong Đăk Kôi", "producer1")
    gao = make_idea("Gạo nếp than Kon Braih", "producer2", criteria_set=3)
    mang = make_idea("Măng khô Kon Braih", "producer2", criteria_set=7)
    late = make_idea("Trà mắc ca Đăk Kôi", "producer1", criteria_set=12)
    approval = services.idea_list_approve(
        actor=tinh, issuing_unit=province, year=2026, number="101/QĐ-UBND", signed_on=date(2026, 4, 10),
        ideas=[ca_phe, gao, mang], **DECISION,
    )
    amendment = services.idea_list_amend(
        actor=tinh, base=approval, number="245/QĐ-UBND", signed_on=date(2026, 9, 2),
        add=[late], remove=[(mang, "Chủ thể chưa có cơ sở chế biến đạt điều kiện.")], **DECISION,
    )
    return {"approval": approval, "amendment": amendment, "ca_phe": ca_phe, "gao": gao, "mang": mang, "late": late}


@pytest.mark.django_db
def test_it_keeps_the_full_history_of_an_approved_and_amended_list(amended_list, users):
    approval, amendment = amended_list["approval"], amended_list["amendment"]
    first = selectors.idea_list_as_of(approval)
    now = selectors.idea_list_as_of(amendment)
    assert {e.idea.name for e in first.entries} == {"Cà phê mật ong Đăk Kôi", "Gạo nếp than Kon Braih", "Măng khô Kon Braih"}
    assert {e.idea.name for e in now.entries} == {"Cà phê mật ong Đăk Kôi", "Gạo nếp than Kon Braih", "Trà mắc ca Đăk Kôi"}
    # Which decision added each entry, and which removed the one taken out, with the reason.
    added_by = {e.idea.name: e.added_by.number for e in now.entries}
    assert added_by["Trà mắc ca Đăk Kôi"] == "245/QĐ-UBND" and added_by["Gạo nếp than Kon Braih"] == "101/QĐ-UBND"
    [removed] = now.removed
    assert (removed.idea.name, removed.added_by.number, removed.removed_by.number) == (
        "Măng khô Kon Braih", "101/QĐ-UBND", "245/QĐ-UBND"
    )
    assert removed.reason == "Chủ thể chưa có cơ sở chế biến đạt điều kiện."
    # Every change is a row: decision, action, who recorded it and when.
    changes = IdeaListChange.objects.filter(decision__in=[approval, amendment]).order_by("id")
    assert [(c.decision.number, c.action, c.idea.name) for c in changes] == [
        ("101/QĐ-UBND", ChangeAction.ADD, "Cà phê mật ong Đăk Kôi"),
        ("101/QĐ-UBND", ChangeAction.ADD, "Gạo nếp than Kon Braih"),
        ("101/QĐ-UBND", ChangeAction.ADD, "Măng khô Kon Braih"),
        ("245/QĐ-UBND", ChangeAction.ADD, "Trà mắc ca Đăk Kôi"),
        ("245/QĐ-UBND", ChangeAction.REMOVE, "Măng khô Kon Braih"),
    ]
    assert {c.created_by for c in changes} == {users["tinh"]} and all(c.created_at for c in changes)
    # The idea's own timeline names the decisions.
    mang = amended_list["mang"]
    mang.refresh_from_db()
    assert mang.status == IdeaStatus.REMOVED
    events = list(IdeaEvent.objects.filter(idea=mang, decision__isnull=False).order_by("id"))
    assert [(e.to_state, e.decision.number, e.actor) for e in events] == [
        (IdeaStatus.LISTED, "101/QĐ-UBND", users["tinh"]),
        (IdeaStatus.REMOVED, "245/QĐ-UBND", users["tinh"]),
    ]
    assert "Lý do: Chủ thể chưa có cơ sở chế biến" in events[-1].comment


@pytest.mark.django_db
def test_it_generates_the_docx_and_xlsx_list_as_of_each_decision(amended_list, client_for):
    client = client_for("tinh")
    approval, amendment = amended_list["approval"], amended_list["amendment"]

    first = docx_text(client.get(reverse("ideas:decision_docx", args=[approval.pk])).content)
    assert "DANH SÁCH" in first and "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in first
    assert "Số: 101/QĐ-UBND" in first and "Quảng Ngãi, ngày 10 tháng 4 năm 2026" in first
    assert "Măng khô Kon Braih" in first and "Trà mắc ca Đăk Kôi" not in first
    assert "Tổng số: 3 ý tưởng/sản phẩm." in first

    response = client.get(reverse("ideas:decision_docx", args=[amendment.pk]))
    assert response["Content-Disposition"].startswith("attachment;")
    latest = docx_text(response.content)
    assert "Số: 245/QĐ-UBND" in latest
    assert "Kèm theo Quyết định số 101/QĐ-UBND ngày 10/04/2026" in latest
    assert "được điều chỉnh, bổ sung tại Quyết định số 245/QĐ-UBND ngày 02/09/2026" in latest
    assert "Trà mắc ca Đăk Kôi" in latest and "Tổng số: 3 ý tưởng/sản phẩm." in latest
    assert "Ý tưởng/sản phẩm đã đưa ra khỏi danh sách" in latest
    assert "KT. CHỦ TỊCH" in latest and "PHÓ CHỦ TỊCH" in latest and "Trần Phước Hiền" in latest

    workbook = load_workbook(io.BytesIO(client.get(reverse("ideas:decision_xlsx", args=[amendment.pk])).content))
    rows = [row for row in workbook["Danh sách"].iter_rows(min_row=6, values_only=True) if row[0]]
    assert [row[1] for row in rows] == ["Cà phê mật ong Đăk Kôi", "Trà mắc ca Đăk Kôi", "Gạo nếp than Kon Braih"]
    assert rows[1][5] == "Quyết định số 245/QĐ-UBND ngày 02/09/2026"
    assert rows[0][3] == "Xã Đăk Kôi" and rows[2][3] == "Xã Kon Braih"
    removed = list(workbook["Đã đưa ra"].iter_rows(min_row=2, values_only=True))
    assert removed == [(1, "Măng khô Kon Braih", "Hợp tác xã Dịch vụ nông nghiệp Kon Braih",
                        "Quyết định số 245/QĐ-UBND ngày 02/09/2026", "Chủ thể chưa có cơ sở chế biến đạt điều kiện.")]
    history = list(workbook["Lịch sử điều chỉnh"].iter_rows(min_row=2, values_only=True))
    assert [(r[0], r[3], r[4]) for r in history][-2:] == [
        ("245/QĐ-UBND", "Đưa vào", "Trà mắc ca Đăk Kôi"),
        ("245/QĐ-UBND", "Đưa ra", "Măng khô Kon Braih"),
    ]
    assert history[0][7] == str(amended_list["approval"].created_by)

    first_book = load_workbook(io.BytesIO(client.get(reverse("ideas:decision_xlsx", args=[approval.pk])).content))
    first_rows = [row[1] for row in first_book["Danh sách"].iter_rows(min_row=6, values_only=True) if row[0]]
    assert "Măng khô Kon Braih" in first_rows and "Trà mắc ca Đăk Kôi" not in first_rows


@pytest.mark.django_db
def test_the_demo_holds_decision_298_of_kon_ray_with_one_amendment(demo):
    decisions = list(IdeaListDecision.objects.filter(year=2024, issuing_unit__code="614").order_by("signed_on"))
    assert [(d.number, d.signed_on) for d in decisions] == [
        ("298/QĐ-UBND", date(2024, 4, 14)),
        ("512/QĐ-UBND", date(2024, 8, 20)),
    ]
    first = {e.idea.name for e in selectors.idea_list_as_of(decisions[0]).entries}
    latest = {e.idea.name for e in selectors.idea_list_as_of(decisions[1]).entries}
    assert "Rượu cần Đắk Ruồng" in first and "Rượu cần Đắk Ruồng" not in latest
    assert "Cà phê hạt rang Đắk Tơ Lung" in latest and "Cà phê hạt rang Đắk Tơ Lung" not in first
    assert all(d.is_sample for d in decisions)


@pytest.mark.django_db
def test_it_refuses_a_second_approval_for_the_same_unit_and_year(amended_list, make_idea, province, users):
    other = make_idea("Bánh tráng Kon Braih", "producer2", criteria_set=7)
    with pytest.raises(ValidationError, match="đã có Quyết định số 101/QĐ-UBND"):
        services.idea_list_approve(
            actor=users["tinh"], issuing_unit=province, year=2026, number="300/QĐ-UBND",
            signed_on=date(2026, 10, 1), ideas=[other], **DECISION,
        )
    other.refresh_from_db()
    assert other.status == IdeaStatus.PROPOSED


@pytest.mark.django_db
def test_it_refuses_an_amendment_signed_before_the_latest_decision(amended_list, make_idea, users):
    other = make_idea("Bánh tráng Kon Braih", "producer2", criteria_set=7)
    with pytest.raises(ValidationError, match="phải ký từ ngày 02/09/2026 trở đi"):
        services.idea_list_amend(
            actor=users["tinh"], base=amended_list["approval"], number="200/QĐ-UBND",
            signed_on=date(2026, 8, 1), add=[other], **DECISION,
        )
    assert not IdeaListDecision.objects.filter(number="200/QĐ-UBND").exists()


@pytest.mark.django_db
def test_it_refuses_to_remove_an_idea_that_is_not_in_the_list_and_saves_nothing(amended_list, users):
    before = IdeaListChange.objects.count()
    with pytest.raises(ValidationError, match="Không có trong danh sách hiện hành"):
        services.idea_list_amend(
            actor=users["tinh"], base=amended_list["approval"], number="260/QĐ-UBND", signed_on=date(2026, 10, 5),
            remove=[(amended_list["mang"], "Đã đưa ra rồi")], **DECISION,
        )
    assert IdeaListChange.objects.count() == before
    assert not IdeaListDecision.objects.filter(number="260/QĐ-UBND").exists()


@pytest.mark.django_db
def test_it_refuses_ideas_the_commune_has_not_reviewed(make_idea, province, users):
    draft = make_idea("Ý tưởng còn nháp", status="nhap")
    with pytest.raises(ValidationError, match="“Ý tưởng còn nháp” đang ở trạng thái “Nháp”"):
        services.idea_list_approve(
            actor=users["tinh"], issuing_unit=province, year=2026, number="1/QĐ-UBND",
            signed_on=date(2026, 3, 1), ideas=[draft], **DECISION,
        )
    assert not IdeaListDecision.objects.exists() or not IdeaListDecision.objects.filter(number="1/QĐ-UBND").exists()


@pytest.mark.django_db
def test_it_refuses_a_district_decision_signed_after_the_district_was_abolished(make_idea, district, users):
    idea = make_idea("Ý tưởng năm 2026 ở huyện cũ", "p07", year=2026)
    with pytest.raises(ValidationError) as caught:
        services.idea_list_approve(
            actor=users["tinh"], issuing_unit=district, year=2026, number="5/QĐ-UBND",
            signed_on=date(2026, 3, 1), ideas=[idea], **DECISION,
        )
    assert "Huyện Kon Rẫy không còn là đơn vị hành chính vào ngày 01/03/2026" in str(caught.value)


@pytest.mark.django_db
def test_it_tells_the_producer_when_the_idea_enters_the_list(make_idea, province, users):
    idea = make_idea("Cà phê mật ong Đăk Kôi", "producer1")
    services.idea_list_approve(
        actor=users["tinh"], issuing_unit=province, year=2026, number="101/QĐ-UBND",
        signed_on=date(2026, 4, 10), ideas=[idea], **DECISION,
    )
    listed = Notification.objects.filter(title__contains="được đưa vào danh sách OCOP năm 2026")
    assert [n.recipient for n in listed] == [users["chuthe1"]]
    assert listed[0].title == "Ý tưởng “Cà phê mật ong Đăk Kôi” được đưa vào danh sách OCOP năm 2026"


@pytest.mark.django_db
def test_the_provincial_office_approves_a_list_through_the_pages(make_idea, province, client_for):
    idea = make_idea("Cà phê mật ong Đăk Kôi", "producer1")
    client = client_for("tinh")
    page = client.get(reverse("ideas:decision_create"), {"issuing_unit": province.pk, "year": 2026})
    assert "Cà phê mật ong Đăk Kôi" in page.content.decode()
    response = client.post(
        reverse("ideas:decision_create"),
        {
            "issuing_unit": province.pk, "year": 2026, "number": "101/QĐ-UBND", "signed_on": "2026-04-10",
            "ideas": [idea.pk], **DECISION,
        },
    )
    decision = IdeaListDecision.objects.get(number="101/QĐ-UBND")
    assert response.status_code == 302 and response["Location"] == reverse("ideas:decision_detail", args=[decision.pk])
    idea.refresh_from_db()
    assert idea.status == IdeaStatus.LISTED


@pytest.mark.django_db
def test_an_amendment_without_a_reason_for_a_removal_is_refused_on_the_page(amended_list, client_for):
    response = client_for("tinh").post(
        reverse("ideas:decision_amend", args=[amended_list["amendment"].pk]),
        {"number": "300/QĐ-UBND", "signed_on": "2026-10-01", "remove": [amended_list["gao"].pk], **DECISION},
    )
    assert response.status_code == 200
    assert "Vui lòng ghi lý do đưa ra khỏi danh sách." in response.content.decode()
    assert not IdeaListDecision.objects.filter(number="300/QĐ-UBND").exists()
