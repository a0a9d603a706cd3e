"""The whole transition matrix, under QĐ 148/QĐ-TTg (2023) and QĐ 26/2026.

For every state of the regime's table, every action any table knows, and every role: the
move succeeds exactly when the table has it from that state and the role is one of its
actors; otherwise it is refused (TransitionNotAllowed for a move that does not exist from
the state, PermissionDenied for a role that may not make it) and nothing changes.
"""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from ocop.evaluation import services, workflow
from ocop.evaluation.models import (
    Dossier,
    DossierEvent,
    DossierState,
    EvaluationLevel,
    EvaluationRound,
)
from ocop.evaluation.services import TransitionNotAllowed
from ocop.evaluation.tests.builders import (
    complete_dossier,
    current_dakkoi,
    legacy_dakkoi,
    make_product,
    producer_user,
    put_in_state,
)
from ocop.territory.models import AdministrativeUnit, UnitLevel

ALL_ACTIONS = sorted({t.action for key in workflow.WORKFLOWS for t in workflow.all_transitions(key)})

# Which workflow role each demo user holds for a dossier of (legacy or current) Đăk Kôi.
USERS = {
    "admin": {workflow.PRODUCER, workflow.COMMUNE, workflow.PROVINCE, workflow.DISTRICT},
    "owner": {workflow.PRODUCER},  # the producer user created for the test product
    "chuthe1": set(),  # another producer
    "xa.dakkoi": {workflow.COMMUNE},
    "xa.konbraih": set(),  # another commune
    "tinh": {workflow.PROVINCE},
    "huyen": {workflow.DISTRICT},  # only for the legacy district's (2024) dossiers
    "hoidong1": set(),
    "tuvan1": set(),
    "nganh.congthuong": set(),
}
SCENARIOS = {
    # regime → (filing date, commune of the product, is the district office concerned?)
    "qd148-2023": (date(2024, 5, 6), legacy_dakkoi, True),
    "qd26-2026": (date(2026, 9, 1), current_dakkoi, False),
}


class Rollback(Exception):
    pass


def _round_for(regime_key: str):
    """An open round of the regime's first evaluating level covering Đăk Kôi (the demo
    already has them; re-open the 2024 district round it closed)."""
    if workflow.office_for(regime_key) == workflow.DISTRICT:
        level, year, unit = EvaluationLevel.DISTRICT, 2024, AdministrativeUnit.objects.get(
            level=UnitLevel.DISTRICT, code="614"
        )
    else:
        level, year, unit = EvaluationLevel.PROVINCE, 2027, AdministrativeUnit.objects.get(
            level=UnitLevel.PROVINCE, code="51", valid_to__isnull=True
        )
    existing = EvaluationRound.objects.filter(level=level, unit=unit, year=year, number=1).first()
    if existing is None:
        return services.round_create(actor=None, level=level, unit=unit, year=year, number=1)
    return services.round_update(actor=None, round_obj=existing, status="open")


def _attempt(user, dossier, action, round_obj) -> str:
    """'ok', 'not_allowed' or 'forbidden'; every attempt is rolled back."""
    before = DossierEvent.objects.count()
    try:
        with transaction.atomic():
            services.dossier_transition(
                actor=user, dossier=dossier, action=action, comment="Ý kiến kiểm thử.",
                today=date(2026, 11, 3) if dossier.regime_key == "qd26-2026" else date(2024, 6, 3),
                round=round_obj, letter_number="15/UBND", letter_date=date(2026, 11, 2),
                samples_count=5,
            )
            raise Rollback
    except Rollback:
        return "ok"
    except TransitionNotAllowed:
        return "not_allowed"
    except PermissionDenied:
        return "forbidden"
    finally:
        assert DossierEvent.objects.count() == before


def _expected(regime_key, state, action, kinds) -> str:
    move = workflow.find(regime_key, state, action)
    if move is None:
        return "not_allowed"
    return "ok" if kinds & set(move.actors) else "forbidden"


@pytest.mark.django_db
@pytest.mark.parametrize("regime_key", sorted(SCENARIOS))
def test_it_allows_exactly_the_moves_of_the_transition_table(regime_key, users):
    filed_on, commune, _ = SCENARIOS[regime_key]
    round_obj = _round_for(regime_key)
    owner_product = make_product(commune=commune())
    owner = producer_user(owner_product.producer, "owner")
    states = workflow.states_of(regime_key)
    assert DossierState.ACCEPTED in states and DossierState.WITHDRAWN in states
    # One dossier per state (a product has at most one open dossier).
    dossiers = {}
    for index, state in enumerate(states):
        product = owner_product if index == 0 else make_product(
            commune=commune(), producer=owner_product.producer
        )
        dossier = complete_dossier(product, actor=owner, filed_on=filed_on)
        assert dossier.regime_key == regime_key
        dossiers[state] = put_in_state(dossier, state, submitted_on=filed_on)
    outcomes = {"ok": 0, "not_allowed": 0, "forbidden": 0}
    for username, roles in sorted(USERS.items()):
        user = owner if username == "owner" else users[username]
        kinds = set(roles)
        if username == "huyen" and regime_key != "qd148-2023":
            kinds = set()  # the legacy district covers none of today's communes
        for state, dossier in dossiers.items():
            for action in ALL_ACTIONS:
                outcome = _attempt(user, dossier, action, round_obj)
                assert outcome == _expected(regime_key, state, action, kinds), (username, state, action)
                outcomes[outcome] += 1
    for state, dossier in dossiers.items():
        assert Dossier.objects.get(pk=dossier.pk).state == state  # every attempt rolled back
    assert sum(outcomes.values()) == len(USERS) * len(states) * len(ALL_ACTIONS)
    # Every move of the table was made by someone, and refusals of both kinds happened.
    assert outcomes["ok"] >= len(workflow.all_transitions(regime_key))
    assert outcomes["forbidden"] and outcomes["not_allowed"]


@pytest.mark.django_db
@pytest.mark.parametrize("regime_key", sorted(SCENARIOS))
def test_it_walks_the_whole_happy_path_with_the_right_roles(regime_key, users):
    filed_on, commune, district_level = SCENARIOS[regime_key]
    round_obj = _round_for(regime_key)
    product = make_product(commune=commune())
    owner = producer_user(product.producer, "owner")
    dossier = complete_dossier(product, actor=owner, filed_on=filed_on)
    office = users["huyen"] if district_level else users["tinh"]
    commune_user = users["xa.dakkoi"]
    steps = [
        (owner, "submit", {}),
        (commune_user, "receive", {}),
        (commune_user, "return", {"comment": "Bổ sung ảnh vùng nguyên liệu."}),
        (owner, "resubmit", {}),
        (commune_user, "receive", {}),
    ]
    for actor, action, payload in steps:
        dossier = services.dossier_transition(actor=actor, dossier=dossier, action=action, today=filed_on, **payload)
    services.commune_report_save(actor=commune_user, dossier=dossier, **{
        "local_materials": "a", "local_labour": "b", "idea_origin": "c", "local_identity": "d",
    })
    dossier = services.dossier_transition(actor=commune_user, dossier=dossier, action="issue_report", today=filed_on)
    dossier = services.dossier_transition(
        actor=commune_user, dossier=dossier, action="forward", today=filed_on,
        letter_number="3/UBND", letter_date=filed_on, samples_count=5,
    )
    expected_forwarded = DossierState.FORWARDED_TO_DISTRICT if district_level else DossierState.FORWARDED_TO_PROVINCE
    assert dossier.state == expected_forwarded
    dossier = services.dossier_transition(actor=office, dossier=dossier, action="office_receive", today=filed_on)
    dossier = services.dossier_transition(
        actor=office, dossier=dossier, action="office_return", comment="Thiếu bản sao phiếu kiểm nghiệm.", today=filed_on
    )
    dossier = services.dossier_transition(
        actor=commune_user, dossier=dossier, action="reforward", today=filed_on,
        letter_number="3/UBND", letter_date=filed_on, samples_count=5,
    )
    dossier = services.dossier_transition(actor=office, dossier=dossier, action="office_receive", today=filed_on)
    dossier = services.dossier_transition(actor=office, dossier=dossier, action="accept", today=filed_on, round=round_obj)
    assert dossier.state == DossierState.ACCEPTED
    assert dossier.round == round_obj
    events = list(dossier.events.values_list("action", "actor__username"))
    assert events[0] == ("create", "owner")
    assert [a for a, _ in events[1:]] == [
        "submit", "receive", "return", "resubmit", "receive", "issue_report", "forward",
        "office_receive", "office_return", "reforward", "office_receive", "accept",
    ]
    assert all(actor for _, actor in events)


@pytest.mark.django_db
def test_it_refuses_a_move_without_the_required_comment(users):
    product = make_product(commune=current_dakkoi())
    dossier = put_in_state(complete_dossier(product, filed_on=date(2026, 9, 1)), DossierState.COMMUNE_CHECKING)
    with pytest.raises(ValidationError) as error:
        services.dossier_transition(actor=users["xa.dakkoi"], dossier=dossier, action="return", comment="  ")
    assert "lý do" in str(error.value)
    assert Dossier.objects.get(pk=dossier.pk).state == DossierState.COMMUNE_CHECKING


@pytest.mark.django_db
def test_it_refuses_acceptance_into_a_round_of_another_level_or_a_closed_one(users):
    product = make_product(commune=current_dakkoi())
    dossier = put_in_state(complete_dossier(product, filed_on=date(2026, 9, 1)), DossierState.PROVINCE_CHECKING)
    district_round = _round_for("qd148-2023")
    with pytest.raises(ValidationError) as error:
        services.dossier_transition(actor=users["tinh"], dossier=dossier, action="accept", round=district_round)
    assert "không thuộc cấp, địa bàn" in str(error.value)
    province_round = _round_for("qd26-2026")
    services.round_update(actor=None, round_obj=province_round, status="closed")
    with pytest.raises(ValidationError):
        services.dossier_transition(actor=users["tinh"], dossier=dossier, action="accept", round=province_round)
    with pytest.raises(ValidationError) as error:
        services.dossier_transition(actor=users["tinh"], dossier=dossier, action="accept")
    assert "Chưa chọn đợt đánh giá" in str(error.value)


@pytest.mark.django_db
def test_it_refuses_samples_for_a_tourism_service_and_requires_them_otherwise(users):
    tourism = make_product(commune=current_dakkoi(), criteria_set=26)
    dossier = put_in_state(complete_dossier(tourism, filed_on=date(2026, 9, 1)), DossierState.COMMUNE_REPORTED)
    with pytest.raises(ValidationError) as error:
        services.dossier_transition(
            actor=users["xa.dakkoi"], dossier=dossier, action="forward",
            letter_number="1/UBND", letter_date=date(2026, 9, 20), samples_count=5,
        )
    assert "không gửi sản phẩm mẫu" in str(error.value)
    dossier = services.dossier_transition(
        actor=users["xa.dakkoi"], dossier=dossier, action="forward",
        letter_number="1/UBND", letter_date=date(2026, 9, 20), samples_count=0,
    )
    assert dossier.state == DossierState.FORWARDED_TO_PROVINCE

    coffee = make_product(commune=current_dakkoi())
    dossier = put_in_state(complete_dossier(coffee, filed_on=date(2026, 9, 1)), DossierState.COMMUNE_REPORTED)
    with pytest.raises(ValidationError) as error:
        services.dossier_transition(
            actor=users["xa.dakkoi"], dossier=dossier, action="forward",
            letter_number="2/UBND", letter_date=date(2026, 9, 20), samples_count=0,
        )
    assert "05 sản phẩm mẫu" in str(error.value)


def test_it_builds_the_tables_from_the_regime_data():
    # QĐ 148 (2023): the district is the first evaluating level; later regimes: the province.
    assert workflow.office_for("qd148-2023") == workflow.DISTRICT
    assert workflow.office_for("qd148-1489-2025") == workflow.PROVINCE
    assert workflow.office_for("qd26-2026") == workflow.PROVINCE
    table_148 = workflow.table_for("qd148-2023")
    table_26 = workflow.table_for("qd26-2026")
    assert DossierState.FORWARDED_TO_DISTRICT in table_148[DossierState.COMMUNE_REPORTED]
    assert DossierState.FORWARDED_TO_PROVINCE in table_26[DossierState.COMMUNE_REPORTED]
    assert workflow.DISTRICT in table_148[DossierState.DISTRICT_CHECKING][DossierState.ACCEPTED].actors
    assert workflow.PROVINCE in table_26[DossierState.PROVINCE_CHECKING][DossierState.ACCEPTED].actors
    # The council's states are reserved: no move leads there yet (issue 5).
    for key in workflow.WORKFLOWS:
        targets = {t.target for t in workflow.all_transitions(key)}
        assert not targets & {DossierState.IN_EVALUATION, DossierState.RECOGNISED, DossierState.EVALUATED}


# The tables as the docs state them (docs/evaluation.md): (from, action, to, actors). Written
# out by hand so that a change to the tables must be a deliberate change here too.
def _expected_table(office: str, forwarded: str, checking: str, returned: str):
    p, c = workflow.PRODUCER, workflow.COMMUNE
    return {
        ("draft", "submit", "submitted", (p, c)),
        ("draft", "withdraw", "withdrawn", (p, c)),
        ("submitted", "receive", "commune_checking", (c,)),
        ("submitted", "withdraw", "withdrawn", (p, c)),
        ("commune_checking", "return", "returned", (c,)),
        ("commune_checking", "issue_report", "commune_reported", (c,)),
        ("returned", "resubmit", "submitted", (p, c)),
        ("returned", "withdraw", "withdrawn", (p, c)),
        ("commune_reported", "forward", forwarded, (c,)),
        (forwarded, "office_receive", checking, (office,)),
        (checking, "office_return", returned, (office,)),
        (returned, "reforward", forwarded, (c,)),
        (checking, "accept", "accepted", (office,)),
    }


@pytest.mark.parametrize(
    "regime_key, expected",
    [
        ("qd148-2023", _expected_table(workflow.DISTRICT, "forwarded_to_district", "district_checking", "district_returned")),
        ("qd148-1489-2025", _expected_table(workflow.PROVINCE, "forwarded_to_province", "province_checking", "province_returned")),
        ("qd26-2026", _expected_table(workflow.PROVINCE, "forwarded_to_province", "province_checking", "province_returned")),
    ],
)
def test_it_has_exactly_the_documented_transitions(regime_key, expected):
    actual = {(t.source, t.action, t.target, t.actors) for t in workflow.all_transitions(regime_key)}
    assert actual == expected
