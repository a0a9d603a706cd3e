"""Irreversible steps need an explicit confirmation after a summary; council membership is
limited to eligible accounts; every empty choice is labelled in Vietnamese."""

from datetime import timedelta

import pytest
from django import forms
from django.utils import timezone

from ocop.accounts.models import Role, RoleAssignment
from ocop.certificates.models import Certificate, RecognitionDecision, Revocation
from ocop.certificates.services import revocation_propose
from ocop.core.confirm import CONFIRM_FIELD, CONFIRM_VALUE
from ocop.councils import selectors, services
from ocop.councils.models import CouncilMember, ScoreSheet, SheetStatus
from ocop.criteria import catalog
from ocop.criteria.presentation import field_name
from ocop.evaluation.models import Dossier, DossierState

from .helpers import sheet_with_total

pytestmark = pytest.mark.django_db
CONFIRM = {CONFIRM_FIELD: CONFIRM_VALUE}


@pytest.fixture
def evaluation(demo, users):
    dossier = Dossier.objects.get(product__name="Cà phê hạt rang Đắk Tơ Lung", state=DossierState.ACCEPTED)
    return services.evaluation_open(actor=users["hoidong1"], council=demo["province_council"], dossier=dossier)


def partial_sheet(evaluation):
    """Every criterion at its best option except two left unanswered."""
    cset = catalog.get_set(evaluation.criteria_set, evaluation.criteria_version)
    points = {leaf.code: leaf.best_points for leaf in cset.leaves}
    skipped = [cset.leaves[0], cset.leaves[1]]
    post = {field_name(code): value for code, value in points.items()
            if code not in {leaf.code for leaf in skipped}}
    return post, skipped


def test_submitting_a_sheet_shows_the_summary_and_does_not_lock_it(client_for, evaluation):
    client = client_for("hoidong2")
    url = f"/hoi-dong/danh-gia/{evaluation.pk}/cham-diem/"
    post, skipped = partial_sheet(evaluation)
    response = client.post(url, {**post, "nop": "1"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Xác nhận nộp phiếu" in page and 'data-testid="confirm-warnings"' in page
    for leaf in skipped:
        assert f"{leaf.code}. {leaf.title} – chưa chọn phương án" in page
    assert not ScoreSheet.objects.filter(evaluation=evaluation, status=SheetStatus.SUBMITTED).exists()
    # The summary's form replays the points; cancelling keeps them as a draft.
    assert f'name="{field_name(skipped[0].code)}"' not in page
    response = client.post(url, {**post, "luu": "1"})
    assert response.status_code == 302
    draft = ScoreSheet.objects.get(evaluation=evaluation, member__user__username="hoidong2")
    assert draft.status == SheetStatus.DRAFT and draft.points[skipped[0].code] == 0
    # Only the confirmed POST submits and locks.
    response = client.post(url, {**post, "nop": "1", **CONFIRM})
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == SheetStatus.SUBMITTED


def test_a_wrong_confirmation_value_never_acts(client_for, evaluation):
    client = client_for("hoidong2")
    post, _ = partial_sheet(evaluation)
    client.post(f"/hoi-dong/danh-gia/{evaluation.pk}/cham-diem/", {**post, "nop": "1", CONFIRM_FIELD: "1"})
    assert not ScoreSheet.objects.filter(evaluation=evaluation, status=SheetStatus.SUBMITTED).exists()


def closed_evaluation(evaluation, users):
    for username, total in (("hoidong1", 74), ("hoidong2", 76), ("hoidong3", 78)):
        services.sheet_save(actor=users[username], evaluation=evaluation, points=sheet_with_total(13, total), submit=True)
    assert services.evaluation_close(actor=users["hoidong1"], evaluation=evaluation).closed
    return evaluation


def test_issuing_a_decision_shows_products_stars_numbers_dates_first(client_for, users, evaluation):
    closed_evaluation(evaluation, users)
    client = client_for("tinh")
    url = f"/hoi-dong/{evaluation.council_id}/quyet-dinh/"
    data = {"evaluation": [evaluation.pk], "number": "77/QĐ-UBND", "decided_on": "2026-11-20", "signer": "Nguyễn Văn A"}
    page = client.post(url, data).content.decode()
    assert "Xác nhận ban hành và cấp giấy chứng nhận" in page
    assert evaluation.dossier.product.name in page and "4 sao" in page and "77.01/GCN-OCOP" in page
    assert "20/11/2026" in page and "20/11/2029" in page  # 36 months (Điều 4.3)
    assert not RecognitionDecision.objects.filter(number="77/QĐ-UBND").exists()
    response = client.post(url, {**data, **CONFIRM})
    assert response.status_code == 302
    evaluation.refresh_from_db()
    assert evaluation.decision.number == "77/QĐ-UBND" and evaluation.dossier.state == DossierState.RECOGNISED


def test_a_revocation_shows_ground_and_effect_before_it_is_recorded(client_for, users, demo):
    certificate = Certificate.objects.get(product__name="Cà phê bột Robusta Đăk Kôi")
    today = timezone.localdate()
    revocation = revocation_propose(
        actor=users["tinh"], certificate=certificate, ground="dd", facts="Ngừng sản xuất.",
        conclusion_reference="Xác nhận số 3/XN-UBND", conclusion_on=today - timedelta(days=2),
    )
    client = client_for("tinh")
    url = f"/giay-chung-nhan/thu-hoi/{revocation.pk}/quyet-dinh/"
    data = {"decision_number": "2001/QĐ-UBND", "decided_on": today.isoformat(), "signer": "Trần Thị Bích"}
    page = client.post(url, data).content.decode()
    assert "Xác nhận ghi nhận quyết định thu hồi" in page and "Điều 8" in page and "Đã thu hồi" in page
    assert certificate.number in page
    revocation.refresh_from_db()
    assert revocation.status == Revocation.Status.PROPOSED
    response = client.post(url, {**data, **CONFIRM}, follow=True)
    revocation.refresh_from_db()
    assert revocation.status == Revocation.Status.DECIDED, [str(m) for m in response.context["messages"]]


def test_issuing_mau_03_needs_a_confirmation(client_for, users):
    from ocop.evaluation import services as evaluation_services
    from ocop.evaluation.tests.builders import (
        complete_dossier,
        current_dakkoi,
        fill_commune_report,
        make_product,
    )

    xa = users["xa.dakkoi"]
    dossier = complete_dossier(make_product(commune=current_dakkoi()))
    for action in ("submit", "receive"):
        dossier = evaluation_services.dossier_transition(actor=xa, dossier=dossier, action=action)
    fill_commune_report(dossier)
    client = client_for("xa.dakkoi")
    url = f"/ho-so/{dossier.pk}/chuyen/issue_report/"
    page = client.post(url, {}).content.decode()
    assert "Xác nhận ban hành Mẫu 03" in page and "không sửa, không hủy được" in page
    assert "Xác nhận: ban hành báo cáo (Mẫu 03) cho" in page and "mẫu 03" not in page
    dossier.refresh_from_db()
    assert dossier.state == DossierState.COMMUNE_CHECKING and dossier.commune_report.issued_at is None
    client.post(url, CONFIRM)
    dossier.refresh_from_db()
    assert dossier.state == DossierState.COMMUNE_REPORTED


def test_closing_scoring_shows_who_submitted_and_the_spread_first(client_for, users, evaluation):
    for username, total in (("hoidong1", 70), ("hoidong3", 78)):
        services.sheet_save(actor=users[username], evaluation=evaluation, points=sheet_with_total(13, total), submit=True)
    client = client_for("hoidong1")
    url = f"/hoi-dong/danh-gia/{evaluation.pk}/ket-thuc/"
    present = [m.pk for m in evaluation.council.members.filter(user__username__in=["hoidong1", "hoidong2", "hoidong3"])]
    page = client.post(url, {"present": present, "minutes_number": "07"}).content.decode()
    assert "Xác nhận kết thúc chấm điểm" in page and "2/3 thành viên đã chấm" in page
    assert "Thành viên có mặt chưa nộp phiếu: Phạm Thị Lan" in page  # hoidong2 has not submitted
    assert "8,00 điểm (giới hạn 10 điểm)" in page
    assert 'name="minutes_number" value="07"' in page  # the chair's entries are carried over
    evaluation.refresh_from_db()
    assert evaluation.status == "scoring" and not evaluation.events.filter(action="close").exists()
    services.sheet_save(actor=users["hoidong2"], evaluation=evaluation, points=sheet_with_total(13, 74), submit=True)
    response = client.post(url, {"present": present, "minutes_number": "07", **CONFIRM})
    assert response.status_code == 302
    evaluation.refresh_from_db()
    assert evaluation.status == "closed" and evaluation.minutes_number == "07"


def test_a_spread_over_the_limit_is_announced_before_closing(client_for, users, evaluation):
    for username, total in (("hoidong1", 60), ("hoidong2", 76), ("hoidong3", 78)):
        services.sheet_save(actor=users[username], evaluation=evaluation, points=sheet_with_total(13, total), submit=True)
    page = client_for("hoidong1").post(f"/hoi-dong/danh-gia/{evaluation.pk}/ket-thuc/").content.decode()
    assert "3/3 thành viên đã chấm" in page and "18,00 điểm (giới hạn 10 điểm)" in page
    assert "quá 10 điểm: hệ thống sẽ từ chối kết thúc" in page
    assert not evaluation.events.filter(action="divergent").exists()


def test_forwarding_up_shows_the_result_and_the_upper_level_first(client_for, users, evaluation):
    for username in ("hoidong1", "hoidong2", "hoidong3"):
        services.sheet_save(actor=users[username], evaluation=evaluation, points=sheet_with_total(13, 92), submit=True)
    assert services.evaluation_close(actor=users["hoidong1"], evaluation=evaluation).closed
    evaluation.refresh_from_db()
    assert evaluation.outcome == "forward"
    client = client_for("tinh")
    url = f"/hoi-dong/danh-gia/{evaluation.pk}/chuyen-cap-tren/"
    page = client.post(url).content.decode()
    assert "Xác nhận chuyển cấp trên đánh giá" in page and "Bộ Nông nghiệp và Môi trường" in page
    assert "92,00" in page and evaluation.dossier.product.name in page
    evaluation.dossier.refresh_from_db()
    assert evaluation.dossier.state == DossierState.EVALUATED
    assert client_for("hoidong2").post(url, CONFIRM).status_code == 403
    assert client_for("tinh").post(url, CONFIRM).status_code == 302
    evaluation.dossier.refresh_from_db()
    assert evaluation.dossier.state == DossierState.FORWARDED_UP


def test_it_tells_the_office_why_a_forward_is_refused(client_for, evaluation):
    # Nobody has scored yet: the council's result is not a forwarding case.
    response = client_for("tinh").post(f"/hoi-dong/danh-gia/{evaluation.pk}/chuyen-cap-tren/", CONFIRM, follow=True)
    assert "Kết quả của hội đồng không thuộc trường hợp chuyển cấp trên đánh giá." in response.content.decode()
    assert "Đã chuyển hồ sơ lên cấp trên đánh giá." not in response.content.decode()
    evaluation.dossier.refresh_from_db()
    assert evaluation.dossier.state != DossierState.FORWARDED_UP


def test_filing_a_complete_dossier_shows_what_is_filed_and_to_whom_first(client_for, users):
    from ocop.evaluation.tests.builders import complete_dossier, current_dakkoi, make_product

    dossier = complete_dossier(make_product(commune=current_dakkoi()))
    client = client_for("xa.dakkoi")
    url = f"/ho-so/{dossier.pk}/chuyen/submit/"
    page = client.post(url, {"submit-comment": ""}).content.decode()
    assert "Xác nhận nộp hồ sơ cho UBND xã" in page and "UBND xã Đăk Kôi" in page
    assert "15 ngày làm việc" in page and "QĐ 26/2026/QĐ-TTg" in page
    dossier.refresh_from_db()
    assert dossier.state == DossierState.DRAFT
    assert client.post(url, {"submit-comment": "", **CONFIRM}).status_code == 302
    dossier.refresh_from_db()
    assert dossier.state == DossierState.SUBMITTED


# -- membership ---------------------------------------------------------------------------------


def test_member_candidates_are_officials_experts_and_advisers_never_producers_or_admins(demo, users):
    council = demo["province_council"]
    candidates = set(selectors.council_member_candidates(council).values_list("username", flat=True))
    assert {"tuvan1", "tinh", "nganh.congthuong"} <= candidates
    assert not candidates & {"chuthe1", "chuthe2", "admin", "xa.dakkoi"}
    assert not candidates & set(CouncilMember.objects.filter(council=council).values_list("user__username", flat=True))


def test_the_service_refuses_a_producer_and_the_administrator(demo, users):
    council = demo["province_council"]
    for username in ("chuthe1", "admin"):
        with pytest.raises(Exception, match="không thể là thành viên hội đồng"):
            services.council_member_add(actor=users["tinh"], council=council, user=users[username])
    assert not CouncilMember.objects.filter(council=council, user__username__in=["chuthe1", "admin"]).exists()


def test_the_member_form_is_vietnamese_and_flags_possible_conflicts(demo, users, client_for):
    council = demo["province_council"]
    adviser = users["tuvan1"]
    dossier = Dossier.objects.filter(round__in=council.rounds.all()).select_related("producer").first()
    adviser.full_name = dossier.producer.representative_name.upper()  # same person, other case
    adviser.save()
    page = client_for("tinh").get(f"/hoi-dong/{council.pk}/").content.decode()
    assert "— Chọn thành viên —" in page and "Select an option" not in page
    assert "Y Hiền" not in page and "chuthe1" not in page
    assert 'data-testid="member-conflicts"' in page
    assert f"trùng tên người đại diện của {dossier.producer.name}" in page
    response = client_for("tinh").post(f"/hoi-dong/{council.pk}/thanh-vien/", {"user": users["chuthe1"].pk,
                                                                              "position": "member"}, follow=True)
    assert "Thông tin thành viên chưa hợp lệ" in response.content.decode()
    assert "không phải chủ thể OCOP" in response.content.decode()
    assert not CouncilMember.objects.filter(council=council, user=users["chuthe1"]).exists()


def test_every_empty_choice_is_labelled_in_vietnamese():
    field = forms.ModelChoiceField(queryset=RoleAssignment.objects.none())
    assert field.empty_label == "— Chọn —"
    typed = RoleAssignment._meta.get_field("role")
    assert typed.get_choices()[0] == ("", "— Chọn —")
    assert Role.PRODUCER.label == "Chủ thể OCOP"
