"""Sample councils for the Kon Rẫy scenario (run by `manage.py ocop_demo`, idempotently).

* 2026 (QĐ 26/2026): the provincial council of Quảng Ngãi for this year's rounds — hoidong1
  (chair), hoidong2, hoidong3 — with its advisory team (tuvan1). The dossier accepted into the
  current round is left UNSCORED: the browser test scores it.
* 2024 (QĐ 148/QĐ-TTg): the council of Huyện Kon Rẫy rated "Măng rừng khô" 64 points (3★,
  district certificate) and "Thịt heo đen gác bếp" 72 points (≥ 70: forwarded to the
  province).
"""

from __future__ import annotations

from datetime import date

from django.utils import timezone

from ocop.accounts.models import User
from ocop.councils import services
from ocop.councils.models import Council, CouncilEvaluation, CouncilKind, CouncilLevel, Position
from ocop.evaluation.models import (
    Dossier,
    DossierState,
    EvaluationLevel,
    EvaluationRound,
    RoundStatus,
)
from ocop.territory.models import AdministrativeUnit, UnitLevel

PROVINCE_COUNCIL = "Hội đồng đánh giá, phân hạng sản phẩm OCOP tỉnh Quảng Ngãi năm {year}"
DISTRICT_COUNCIL = "Hội đồng đánh giá, phân hạng sản phẩm OCOP huyện Kon Rẫy năm 2024"
# Existing demo accounts only (the demo's account list is fixed by ocop.core.demo).
DISTRICT_MEMBERS = [
    ("huyen", Position.CHAIR, "Phòng NN&PTNT huyện Kon Rẫy"),
    ("hoidong2", Position.MEMBER, "Phòng Kinh tế và Hạ tầng huyện Kon Rẫy (2024)"),
    ("hoidong3", Position.MEMBER, "Văn phòng HĐND và UBND huyện Kon Rẫy (2024)"),
]
# 2024 part totals (A, B, C) per member: averages 64.00 and 72.00.
SCORES_2024 = {
    "Măng rừng khô": [("25", "15", "24"), ("26", "14", "25"), ("24", "16", "23")],
    "Thịt heo đen gác bếp": [("29", "17", "26"), ("28", "18", "26"), ("30", "16", "26")],
}


def load_province_council(context: dict) -> None:
    today = timezone.localdate()
    province = AdministrativeUnit.objects.get(level=UnitLevel.PROVINCE, code="51", valid_to__isnull=True)
    name = PROVINCE_COUNCIL.format(year=today.year)
    council = Council.objects.filter(name=name, is_sample=True).first()
    if council is None:
        council = services.council_create(
            actor=None, level=CouncilLevel.PROVINCE, unit=province, year=today.year, name=name,
            decision_number="15/QĐ-UBND", decision_date=date(today.year, 3, 2), is_sample=True,
        )
        users = {u.username: u for u in User.objects.filter(username__in=["hoidong1", "hoidong2", "hoidong3", "tuvan1"])}
        for username, position, agency in (
            ("hoidong1", Position.CHAIR, "UBND tỉnh Quảng Ngãi"),
            ("hoidong2", Position.MEMBER, "Sở Công Thương"),
            ("hoidong3", Position.MEMBER, "Sở Khoa học và Công nghệ"),
        ):
            if username in users:
                services.council_member_add(actor=None, council=council, user=users[username], position=position, agency=agency)
        advisory = services.council_create(
            actor=None, kind=CouncilKind.ADVISORY, level=CouncilLevel.PROVINCE, unit=province, year=today.year,
            name=f"Tổ tư vấn giúp việc Hội đồng OCOP tỉnh Quảng Ngãi năm {today.year}", advisory_for=council,
            decision_number="16/QĐ-UBND", decision_date=date(today.year, 3, 2), is_sample=True,
        )
        if "tuvan1" in users:
            services.council_member_add(actor=None, council=advisory, user=users["tuvan1"], position=Position.CHAIR,
                                        agency="Chi cục Phát triển nông thôn")
    rounds = EvaluationRound.objects.filter(level=EvaluationLevel.PROVINCE, unit=province, year=today.year)
    council.rounds.add(*rounds)
    context["province_council"] = council


def _district_dossier(product_name: str, letter: int, context: dict):
    """The 2024 paper dossier of a product, accepted into Kon Rẫy's district round."""
    from ocop.evaluation import demo as evaluation_demo

    producers = list(context["producers"].values())
    existing = Dossier.objects.filter(product__name=product_name, product__producer__in=producers, regime_key="qd148-2023").first()
    if existing is not None:
        return existing
    product = evaluation_demo.sample_product(product_name, context)
    if product is None or product.dossiers.exists():
        return None
    district = AdministrativeUnit.objects.get(level=UnitLevel.DISTRICT, code="614", valid_to__isnull=False)
    district_round = EvaluationRound.objects.get(level=EvaluationLevel.DISTRICT, unit=district, year=2024, number=1)
    from ocop.evaluation.services import round_update

    users = evaluation_demo.demo_users()
    dossier = evaluation_demo.prepare_dossier(product, None, filed_on=date(2024, 5, 7))
    dossier = evaluation_demo.through_commune(dossier, None, submitted=date(2024, 5, 14), letter=letter)
    dossier = evaluation_demo.move(dossier, users.get("huyen"), "office_receive", date(2024, 6, 3))
    # The 2024 round is closed today; reopen it for this paper dossier, then close it again.
    round_update(actor=None, round_obj=district_round, status=RoundStatus.OPEN)
    dossier = evaluation_demo.move(dossier, users.get("huyen"), "accept", date(2024, 6, 10), round=district_round,
                                    comment="Tiếp nhận vào đợt đánh giá cấp huyện năm 2024 (hồ sơ giấy nhập lại).")
    round_update(actor=None, round_obj=district_round, status=RoundStatus.CLOSED)
    return dossier


def load_district_2024(context: dict) -> None:
    district = AdministrativeUnit.objects.get(level=UnitLevel.DISTRICT, code="614", valid_to__isnull=False)
    council = Council.objects.filter(name=DISTRICT_COUNCIL, is_sample=True).first()
    if council is None:
        council = services.council_create(
            actor=None, level=CouncilLevel.DISTRICT, unit=district, year=2024, name=DISTRICT_COUNCIL,
            decision_number="412/QĐ-UBND", decision_date=date(2024, 5, 20), is_sample=True,
        )
        users = {u.username: u for u in User.objects.filter(username__in=[m[0] for m in DISTRICT_MEMBERS])}
        for username, position, agency in DISTRICT_MEMBERS:
            if username in users:
                services.council_member_add(actor=None, council=council, user=users[username], position=position,
                                            agency=agency)
    district_round = EvaluationRound.objects.filter(level=EvaluationLevel.DISTRICT, unit=district, year=2024, number=1).first()
    if district_round is None:
        return
    council.rounds.add(district_round)
    members = list(council.members.select_related("user").order_by("position", "id"))
    if len(members) != len(DISTRICT_MEMBERS):
        return
    evaluations = {}
    for product_name, letter in (("Măng rừng khô", 22), ("Thịt heo đen gác bếp", 21)):
        dossier = _district_dossier(product_name, letter, context)
        if dossier is None:
            continue
        evaluation = CouncilEvaluation.objects.filter(council=council, dossier=dossier).first()
        if evaluation is None and dossier.state == DossierState.ACCEPTED:
            evaluation = services.evaluation_open(actor=None, council=council, dossier=dossier, day=date(2024, 6, 20),
                                                  is_sample=True)
            for member, (a, b, c) in zip(members, SCORES_2024[product_name], strict=True):
                services.sheet_save(actor=member.user, evaluation=evaluation, member=member,
                                    part_totals={"A": a, "B": b, "C": c}, submit=True)
            services.evaluation_close(actor=None, evaluation=evaluation, day=date(2024, 6, 20),
                                      minutes_number=f"0{letter}")
            evaluation.refresh_from_db()
        if evaluation is not None:
            evaluations[product_name] = evaluation
    low = evaluations.get("Măng rừng khô")
    if low is not None and low.decision_id is None:
        services.decision_issue(actor=None, council=council, evaluations=[low], number="1234/QĐ-UBND",
                                decided_on=date(2024, 7, 15), signer="Nguyễn Văn Hùng", is_sample=True)
    high = evaluations.get("Thịt heo đen gác bếp")
    if high is not None:
        high.refresh_from_db()
        if high.dossier.state == DossierState.EVALUATED:
            services.evaluation_forward(actor=None, evaluation=high, day=date(2024, 7, 15),
                                        comment="Đạt 72 điểm (từ 70 điểm): chuyển UBND tỉnh Kon Tum đánh giá 4 sao (QĐ 148/QĐ-TTg).")
    context["district_council_2024"] = council


DEMO_STEPS = [load_province_council, load_district_2024]
