"""Council scoring: averages and bands, minimums, divergence, quorum, conflicts, locking."""

from datetime import date
from decimal import Decimal
from fractions import Fraction

import pytest
from django.core.exceptions import ValidationError

from ocop.core.documents import docx_text
from ocop.councils import documents, rules, services
from ocop.councils.models import CouncilLevel, EvaluationStatus, Outcome, ScoringEvent, SheetStatus
from ocop.criteria import catalog
from ocop.criteria.regimes import get_regime
from ocop.evaluation.models import DossierEvent, DossierState
from ocop.territory.models import AdministrativeUnit
from tests.factories import ProductFactory

from .helpers import make_council, make_dossier, sheet_with_total

pytestmark = pytest.mark.django_db


@pytest.fixture
def province():
    return AdministrativeUnit.objects.get(level="province", code="51", valid_to__isnull=True)


@pytest.fixture
def setup(province):
    council, round_obj, members = make_council(province)
    dossier = make_dossier(ProductFactory(), round_obj=round_obj)
    evaluation = services.evaluation_open(actor=members[0].user, council=council, dossier=dossier)
    return council, evaluation, members


def submit_all(evaluation, members, sheets):
    for member, points in zip(members, sheets, strict=True):
        services.sheet_save(actor=member.user, evaluation=evaluation, points=points, submit=True)


# -- pure rules ---------------------------------------------------------------------------------


def test_it_rates_band_edges_on_the_average_exactly():
    bands = get_regime("qd148-2023").bands
    maxima = get_regime("qd148-2023").part_maxima
    below = rules.score_part_totals_council(
        [{"A": "30", "B": "20", "C": "19.99"}] * 3, part_maxima=maxima, bands=bands, threshold=10)
    edge = rules.score_part_totals_council(
        [{"A": "30", "B": "20", "C": "20"}, {"A": "30", "B": "20", "C": "19.99"}, {"A": "30", "B": "20", "C": "20.01"}],
        part_maxima=maxima, bands=bands, threshold=10)
    assert (below.average_total, below.stars) == (Fraction("69.99"), 3)
    assert (edge.average_total, edge.stars) == (70, 4)


def test_it_requires_75_percent_of_members_including_the_chair():
    assert rules.quorum(present=3, members=4, chair_present=True, percent=75, requires_chair=True).ok
    assert not rules.quorum(present=2, members=4, chair_present=True, percent=75, requires_chair=True).ok
    refused = rules.quorum(present=4, members=5, chair_present=False, percent=75, requires_chair=True)
    assert not refused.ok and "Chủ tịch" in refused.message


def test_it_names_only_the_members_more_than_the_threshold_apart():
    totals = {1: Fraction(60), 2: Fraction(65), 3: Fraction(75)}
    assert rules.members_concerned(totals, 10) == {1, 3}
    assert rules.members_concerned({1: Fraction(60), 2: Fraction(70)}, 10) == set()


# -- services -------------------------------------------------------------------------------------


def test_it_averages_members_and_caps_stars_by_minimums(setup):
    council, evaluation, members = setup
    cset = catalog.get_set(13)
    best = {leaf.code: leaf.best_points for leaf in cset.leaves}
    capped = {**best, "5.1": 3}  # 98 points, but 5.1 carries a 4★ minimum of 5 points
    submit_all(evaluation, members, [capped, capped, capped])
    outcome = services.evaluation_close(actor=members[0].user, evaluation=evaluation)
    evaluation.refresh_from_db()
    assert outcome.closed
    assert (evaluation.average_total, evaluation.band_stars, evaluation.stars) == (Decimal("98.00"), 5, 3)
    assert evaluation.outcome == Outcome.RECOGNISE  # capped at 3★: the province recognises it
    assert evaluation.dossier.state == DossierState.EVALUATED
    assert DossierEvent.objects.filter(dossier=evaluation.dossier, action="council_close").exists()


def test_it_forwards_products_scoring_90_to_the_ministry(setup):
    council, evaluation, members = setup
    submit_all(evaluation, members, [sheet_with_total(13, 100)] * 3)
    services.evaluation_close(actor=members[0].user, evaluation=evaluation)
    evaluation.refresh_from_db()
    assert (evaluation.stars, evaluation.outcome) == (5, Outcome.FORWARD)
    # The province's letter to the Ministry lists the product and the file of Điều 6.3.a.
    text = docx_text(documents.forwarding_letter_docx(evaluation))
    assert "V/v đề nghị đánh giá, phân hạng sản phẩm OCOP 5 sao" in text
    assert "Kính gửi: Bộ Nông nghiệp và Môi trường." in text
    assert evaluation.dossier.product.name in text and "100,00" in text and "QĐ 26/2026 Điều 6.3.a" in text
    assert "Báo cáo đánh giá của Tổ tư vấn Hội đồng cấp tỉnh" in text and "Sản phẩm mẫu (05 sản phẩm mẫu" in text


def test_it_refuses_a_divergent_close_and_the_chair_reopens_the_sheets_of_divergent_members(setup):
    council, evaluation, members = setup
    submit_all(evaluation, members, [sheet_with_total(13, 60), sheet_with_total(13, 65), sheet_with_total(13, 75)])
    outcome = services.evaluation_close(actor=members[0].user, evaluation=evaluation)
    assert not outcome.closed and outcome.divergent
    assert {m.pk for m in outcome.concerned} == {members[0].pk, members[2].pk}
    # The refusal names the members and unlocks nothing: the council decides whose sheets reopen.
    assert "Thành viên c1 (60,00)" in outcome.message and "Thành viên c3 (75,00)" in outcome.message
    assert set(evaluation.sheets.values_list("status", flat=True)) == {SheetStatus.SUBMITTED}
    reopened = services.sheets_reopen(
        actor=members[0].user, evaluation=evaluation, reason="Thảo luận: chấm lại tiêu chí 2 và 8",
        sheet_ids=evaluation.sheets.filter(member__in=[members[0], members[2]]).values_list("pk", flat=True))
    assert {s.member_id for s in reopened} == {members[0].pk, members[2].pk}
    statuses = dict(evaluation.sheets.values_list("member_id", "status"))
    assert statuses == {members[0].pk: SheetStatus.DRAFT, members[1].pk: SheetStatus.SUBMITTED,
                        members[2].pk: SheetStatus.DRAFT}
    assert "chấm lại" in ScoringEvent.objects.get(evaluation=evaluation, action="divergent").reason
    # Re-scored within 10 points: the chair closes.
    services.sheet_save(actor=members[0].user, evaluation=evaluation, points=sheet_with_total(13, 66), submit=True)
    services.sheet_save(actor=members[2].user, evaluation=evaluation, points=sheet_with_total(13, 70), submit=True)
    assert services.evaluation_close(actor=members[0].user, evaluation=evaluation).closed


def test_it_refuses_to_close_without_quorum(province):
    council, round_obj, members = make_council(province, usernames=("q1", "q2", "q3", "q4"))
    evaluation = services.evaluation_open(actor=None, council=council, dossier=make_dossier(ProductFactory(), round_obj=round_obj))
    submit_all(evaluation, members[:2], [sheet_with_total(13, 60)] * 2)
    with pytest.raises(ValidationError, match="Chưa đủ điều kiện họp"):
        services.evaluation_close(actor=members[0].user, evaluation=evaluation)
    evaluation.refresh_from_db()
    assert evaluation.status == EvaluationStatus.SCORING


def test_it_refuses_a_close_by_anyone_but_the_chair(setup):
    council, evaluation, members = setup
    with pytest.raises(ValidationError, match="Chỉ Chủ tịch"):
        services.evaluation_close(actor=members[1].user, evaluation=evaluation)


def test_it_refuses_a_conflicted_member_scoring(setup):
    council, evaluation, members = setup
    services.sheet_save(actor=members[2].user, evaluation=evaluation, points=sheet_with_total(13, 50))
    services.conflict_declare(actor=members[2].user, evaluation=evaluation, reason="Là thành viên hợp tác xã.")
    assert not evaluation.sheets.filter(member=members[2]).exists()
    with pytest.raises(ValidationError, match="xung đột lợi ích"):
        services.sheet_save(actor=members[2].user, evaluation=evaluation, points=sheet_with_total(13, 50))
    # The two others are 2 of 3 present (the conflicted member counts as present, not scoring).
    submit_all(evaluation, members[:2], [sheet_with_total(13, 72)] * 2)
    assert services.evaluation_close(actor=members[0].user, evaluation=evaluation).closed


def test_it_locks_a_submitted_sheet_until_the_chair_reopens_it_with_a_reason(setup):
    council, evaluation, members = setup
    sheet = services.sheet_save(actor=members[1].user, evaluation=evaluation, points=sheet_with_total(13, 60), submit=True)
    with pytest.raises(ValidationError, match="bị khóa"):
        services.sheet_save(actor=members[1].user, evaluation=evaluation, points=sheet_with_total(13, 80))
    sheet.refresh_from_db()
    assert sheet.total == 60
    with pytest.raises(ValidationError, match="Chỉ Chủ tịch"):
        services.sheet_reopen(actor=members[1].user, sheet=sheet, reason="Sửa")
    with pytest.raises(ValidationError):
        services.sheet_reopen(actor=members[0].user, sheet=sheet, reason="  ")
    services.sheet_reopen(actor=members[0].user, sheet=sheet, reason="Nhầm tiêu chí 2.1")
    assert ScoringEvent.objects.get(action="reopen").reason == "Nhầm tiêu chí 2.1"
    assert services.sheet_save(actor=members[1].user, evaluation=evaluation, points=sheet_with_total(13, 62)).total == 62


def test_written_opinions_close_without_a_meeting_unless_they_diverge(setup):
    council, evaluation, members = setup
    evaluation.written_opinion = True
    evaluation.save()
    submit_all(evaluation, members, [sheet_with_total(13, 50), sheet_with_total(13, 55), sheet_with_total(13, 70)])
    outcome = services.evaluation_close(actor=members[0].user, evaluation=evaluation)
    evaluation.refresh_from_db()
    assert not outcome.closed and evaluation.meeting_required
    assert "Điều 7.6.d" in outcome.message


def test_it_writes_minutes_and_the_decision_and_issues_certificates(setup):
    council, evaluation, members = setup
    submit_all(evaluation, members, [sheet_with_total(13, 74), sheet_with_total(13, 76), sheet_with_total(13, 78)])
    services.evaluation_close(actor=members[0].user, evaluation=evaluation, minutes_number="05")
    evaluation.refresh_from_db()
    present = list(evaluation.present_members.order_by("position", "id"))
    text = docx_text(documents.minutes_docx(evaluation, sheets=list(evaluation.sheets.all()), present=present))
    assert "BIÊN BẢN" in text and "76,00" in text and "4 sao" in text and "Thành viên c2" in text
    decision = services.decision_issue(actor=None, council=council, evaluations=[evaluation], number="88/QĐ-UBND",
                                       decided_on=date(2026, 11, 20), signer="Người Ký")
    evaluation.refresh_from_db()
    assert evaluation.dossier.state == DossierState.RECOGNISED
    certificate = evaluation.certificate
    assert (certificate.stars, certificate.number, certificate.expires_on) == (4, "88.01/GCN-OCOP", date(2029, 11, 20))
    text = docx_text(documents.decision_docx(decision, [evaluation]))
    assert "QUYẾT ĐỊNH" in text and "88/QĐ-UBND" in text and evaluation.dossier.product.name in text and "4 sao" in text


def test_the_2024_district_council_certifies_64_and_forwards_72():
    kon_ray = AdministrativeUnit.objects.get(level="district", code="614", valid_to__isnull=False)
    council, round_obj, members = make_council(kon_ray, level=CouncilLevel.DISTRICT, year=2024, regime_key="qd148-2023",
                                               usernames=("d1", "d2", "d3"))
    commune = AdministrativeUnit.objects.get(level="commune", code="23482", valid_to__isnull=False)
    results = {}
    for name, totals in (("low", ("20", "15", "29")), ("high", ("30", "17", "25"))):
        product = ProductFactory(commune=commune)
        dossier = make_dossier(product, round_obj=round_obj, regime_key="qd148-2023", filed_on=date(2024, 5, 6))
        evaluation = services.evaluation_open(actor=None, council=council, dossier=dossier, day=date(2024, 6, 20))
        for member in members:
            services.sheet_save(actor=member.user, evaluation=evaluation,
                                part_totals=dict(zip("ABC", totals, strict=True)), submit=True)
        services.evaluation_close(actor=members[0].user, evaluation=evaluation, day=date(2024, 6, 20))
        evaluation.refresh_from_db()
        results[name] = evaluation
    assert (results["low"].average_total, results["low"].stars, results["low"].outcome) == (64, 3, Outcome.RECOGNISE)
    assert (results["high"].average_total, results["high"].outcome) == (72, Outcome.FORWARD)
    services.decision_issue(actor=None, council=council, evaluations=[results["low"]], number="1234/QĐ-UBND",
                            decided_on=date(2024, 7, 15))
    services.evaluation_forward(actor=None, evaluation=results["high"])
    results["low"].refresh_from_db()
    results["high"].refresh_from_db()
    assert results["low"].certificate.decision.level == "district" and results["low"].certificate.stars == 3
    assert results["high"].dossier.state == DossierState.FORWARDED_UP
    summary = docx_text(documents.summary_report_docx(council, [results["low"], results["high"]]))
    assert "BÁO CÁO" in summary and "Kết quả đánh giá, phân hạng sản phẩm OCOP năm 2024" in summary
    assert results["low"].dossier.product.name in summary and "64,00" in summary and "72,00" in summary
    assert "Đề nghị công nhận: 1 sản phẩm; Chuyển cấp trên đánh giá: 1 sản phẩm" in summary
    letter = docx_text(documents.forwarding_letter_docx(results["high"]))
    assert "V/v đề nghị đánh giá, phân hạng sản phẩm OCOP cấp tỉnh" in letter and "HUYỆN KON RẪY" in letter
    assert "72" in letter and "Quyết định số 148/QĐ-TTg" in letter
    # The province enters its result (78 → 4★); the district cannot certify 4★, so it is not
    # offered here (the province's own council does that).
    services.upper_result_record(actor=None, evaluation=results["high"], total="78", stars=4, reference="Tỉnh Kon Tum")
    assert services.recognisable(results["high"]) == (None, None)
