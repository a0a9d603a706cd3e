"""Writes of ideas and the yearly approved lists (with their amendments).

Services follow the house rules in docs/architecture.md.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date

from auditlog.context import set_actor
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse

from ocop.accounts.models import Role, User
from ocop.accounts.scopes import covered_unit_ids
from ocop.core.registers import record_lock_editable, record_update
from ocop.core.text import format_date_vn, lower_first
from ocop.core.workflow import Transition, record_event, transition_apply
from ocop.ideas import selectors
from ocop.ideas.models import (
    IDEA_WORKFLOW,
    ChangeAction,
    DecisionKind,
    Idea,
    IdeaEvent,
    IdeaListChange,
    IdeaListDecision,
)
from ocop.ideas.signals import idea_matured
from ocop.ideas.workflow import (
    IDEA_EDITABLE,
    IDEA_LISTABLE,
    IDEA_TRANSITIONS,
    IdeaStatus,
)
from ocop.notifications.services import notify
from ocop.territory.models import UnitCoverage, UnitLevel
from ocop.territory.selectors import current_successors

# -- helpers -----------------------------------------------------------------------------------


def today_commune(unit):
    """The unit valid today for a commune: itself, or the one commune it merged into."""
    if unit is None or unit.is_current:
        return unit
    successors = current_successors(unit)
    return successors[0] if len(successors) == 1 else unit


def producer_users(producer_ids: Iterable[int]):
    return User.objects.filter(
        roles__role=Role.PRODUCER, roles__producer_id__in=list(producer_ids), is_active=True
    ).distinct()


def commune_officers(unit_id: int):
    return User.objects.filter(
        roles__role=Role.COMMUNE_OFFICER, roles__unit_id=unit_id, is_active=True
    ).distinct()


def province_officers(unit_id: int):
    """Provincial officers whose province covers the unit (old or new)."""
    provinces = UnitCoverage.objects.filter(covered_id=unit_id).values("unit_id")
    return User.objects.filter(
        roles__role=Role.PROVINCE_OFFICE, roles__unit_id__in=provinces, is_active=True
    ).distinct()


def check_guard(actor, transition: Transition, record) -> None:
    # actor None is the system (demo loader, data migration): guards are for people.
    if actor is not None and not actor.has_perm(transition.permission, record):
        raise PermissionDenied(f"Bạn không có quyền thực hiện thao tác “{transition.label}”.")


def check_move(transition: Transition, *, state: str, state_label: str, what: str, comment: str) -> None:
    """The wording of these apps for a move the table refuses (ocop.core.workflow would refuse
    it too, in general words): which move, which record, which state; or the missing reason."""
    if not transition.allows_from(state):
        raise ValidationError(f"Không thể “{transition.label}” khi {what} đang ở trạng thái “{state_label}”.")
    if transition.comment_required and not comment.strip():
        raise ValidationError(f"Vui lòng ghi ý kiến (lý do) khi “{transition.label}”.")


def check_unit_in_year(unit, year: int, field: str) -> None:
    """A unit decides or pays only for a year it existed in (Huyện Kon Rẫy: until 30/6/2025)."""
    first, last = date(year, 1, 1), date(year, 12, 31)
    if (unit.valid_from and unit.valid_from > last) or (unit.valid_to and unit.valid_to < first):
        raise ValidationError({field: f"{unit.name} không phải là đơn vị hành chính trong năm {year}."})


def notify_people(actor, **kwargs) -> None:
    """Tell the people concerned. Writes by the system (actor None: the demo loader, imports
    of historical records) notify no one: nobody is waiting for a 2024 decision today."""
    if actor is not None:
        notify(**kwargs)


def save_audited(actor, record, update_fields: Sequence[str] | None = None) -> None:
    with set_actor(actor):
        record.save(update_fields=update_fields)


# -- ideas -------------------------------------------------------------------------------------

IDEA_FIELDS = [
    "name", "producer", "commune", "category", "year", "description", "raw_materials",
    "intended_market", "product",
]


@transaction.atomic
def idea_create(*, actor, is_sample: bool = False, **fields) -> Idea:
    """Register an idea as a draft. Without a commune it is filed under the producer's
    commune as it is today (a producer recorded in Xã Đắk Tơ Lung files in Xã Đăk Kôi)."""
    unknown = set(fields) - set(IDEA_FIELDS)
    if unknown:
        raise ValueError(f"Unknown fields: {sorted(unknown)}")
    if fields.get("commune") is None and fields.get("producer") is not None:
        fields["commune"] = today_commune(fields["producer"].commune)
    idea = Idea(**fields, is_sample=is_sample, created_by=actor)
    idea.full_clean()
    idea.refresh_search_text()
    save_audited(actor, idea)
    record_event(IDEA_WORKFLOW, idea, action="tao", actor=actor)
    return idea


@transaction.atomic
def idea_update(*, actor, idea: Idea, **fields) -> Idea:
    idea = record_lock_editable(idea, editable=IDEA_EDITABLE, what="Ý tưởng")
    # An empty commune keeps the one on record (the commune is not cleared by an edit).
    if fields.get("commune", True) is None:
        del fields["commune"]
    return record_update(idea, actor=actor, fields=fields, allowed=IDEA_FIELDS)


def _idea_move(*, actor, idea: Idea, transition: Transition, comment: str = "", decision=None) -> IdeaEvent:
    """A move made by a list decision: the decision was authorised, not each idea's move."""
    check_move(transition, state=idea.status, state_label=idea.get_status_display(), what=f"ý tưởng “{idea.name}”", comment=comment)
    idea, event = transition_apply(
        workflow=IDEA_WORKFLOW, record=idea, action=transition.action, actor=actor, comment=comment,
        check_permission=False,
    )
    if decision is not None:
        event.decision = decision
        event.save(update_fields=["decision"])
    return event


@transaction.atomic
def idea_transition(*, actor, idea: Idea, action: str, comment: str = "") -> Idea:
    """Apply one manual transition of IDEA_TRANSITIONS (list moves need a decision)."""
    transition = IDEA_TRANSITIONS.get(action)
    if transition is None:
        raise ValidationError("Thao tác không hợp lệ.")
    if not transition.manual:
        raise ValidationError(
            "Ý tưởng chỉ được đưa vào hoặc ra khỏi danh sách bằng một quyết định phê duyệt, điều chỉnh danh sách."
        )
    idea = Idea.objects.select_for_update(of=("self",)).select_related("producer", "commune").get(pk=idea.pk)
    check_guard(actor, transition, idea)
    check_move(transition, state=idea.status, state_label=idea.get_status_display(), what=f"ý tưởng “{idea.name}”", comment=comment)
    idea, _ = transition_apply(workflow=IDEA_WORKFLOW, record=idea, action=action, actor=actor, comment=comment)
    url = reverse("ideas:detail", args=[idea.pk])
    if action == "gui_xa":
        notify_people(
            actor,
            recipients=commune_officers(idea.commune_id),
            title=f"Ý tưởng mới chờ xem xét: {idea.name}",
            body=f"{idea.producer.name} đã gửi phiếu đăng ký ý tưởng sản phẩm năm {idea.year}.",
            url=url,
        )
    else:
        notify_people(
            actor,
            recipients=producer_users([idea.producer_id]),
            title=f"Ý tưởng “{idea.name}”: {lower_first(idea.get_status_display())}",
            body=comment,
            url=url,
        )
    return idea


def _issuer_checks(*, issuing_unit, year: int, signed_on: date) -> None:
    errors = {}
    if issuing_unit.level not in (UnitLevel.PROVINCE, UnitLevel.DISTRICT):
        errors["issuing_unit"] = "Danh sách ý tưởng/sản phẩm do cấp tỉnh (trước 1/7/2025: cấp huyện) phê duyệt."
    elif not issuing_unit.is_valid_on(signed_on):
        errors["signed_on"] = (
            f"{issuing_unit.name} không còn là đơn vị hành chính vào ngày {format_date_vn(signed_on)}."
        )
    if abs(signed_on.year - year) > 1:
        errors["signed_on"] = f"Ngày ký {format_date_vn(signed_on)} không phù hợp với danh sách năm {year}."
    if errors:
        raise ValidationError(errors)


def _check_listable(ideas: Sequence[Idea], *, issuing_unit, year: int) -> None:
    covered = set(covered_unit_ids([issuing_unit.pk]).values_list("covered_id", flat=True))
    problems = []
    for idea in ideas:
        if idea.year != year:
            problems.append(f"“{idea.name}” đăng ký năm {idea.year}, không phải năm {year}")
        elif idea.commune_id not in covered:
            problems.append(f"“{idea.name}” không thuộc địa bàn {issuing_unit.name}")
        elif idea.status not in IDEA_LISTABLE:
            problems.append(f"“{idea.name}” đang ở trạng thái “{idea.get_status_display()}”")
    if problems:
        raise ValidationError(["Không thể đưa vào danh sách: " + "; ".join(problems) + "."])


def _locked_ideas(ideas: Iterable[Idea]) -> list[Idea]:
    ids = sorted({idea.pk for idea in ideas})
    return list(
        Idea.objects.select_for_update(of=("self",)).filter(pk__in=ids).select_related("producer", "commune").order_by("pk")
    )


def _decision_note(decision: IdeaListDecision) -> str:
    return f"Theo Quyết định số {decision.number} ngày {format_date_vn(decision.signed_on)} của {decision.issuer_name}"


def _notify_listed(actor, decision: IdeaListDecision, added: list[Idea], removed: list[Idea]) -> None:
    if actor is None:
        return
    url = reverse("ideas:decision_detail", args=[decision.pk])
    for ideas, verb in ((added, "được đưa vào"), (removed, "được đưa ra khỏi")):
        for idea in ideas:
            notify_people(
                actor,
                recipients=producer_users([idea.producer_id]),
                title=f"Ý tưởng “{idea.name}” {verb} danh sách OCOP năm {decision.year}",
                body=_decision_note(decision) + ".",
                url=url,
            )


def _create_decision(*, actor, kind: str, issuing_unit, year: int, is_sample: bool, **fields) -> IdeaListDecision:
    number = fields.get("number", "")
    if IdeaListDecision.objects.filter(issuing_unit=issuing_unit, year=year, number=number).exists():
        raise ValidationError(
            {"number": f"{issuing_unit.name} đã ghi quyết định số {number} cho danh sách năm {year}."}
        )
    decision = IdeaListDecision(
        issuing_unit=issuing_unit, year=year, kind=kind, is_sample=is_sample, created_by=actor, **fields
    )
    decision.full_clean()
    save_audited(actor, decision)
    return decision


@transaction.atomic
def idea_list_approve(
    *,
    actor,
    issuing_unit,
    year: int,
    number: str,
    signed_on: date,
    issuer_name: str,
    signer_name: str,
    signer_position: str = "Chủ tịch",
    summary: str = "",
    notes: str = "",
    ideas: Sequence[Idea],
    is_sample: bool = False,
) -> IdeaListDecision:
    """Record the year's approval decision (quyết định phê duyệt danh sách ý tưởng/sản phẩm
    tham gia Chương trình OCOP năm …) and move each idea into the list."""
    _issuer_checks(issuing_unit=issuing_unit, year=year, signed_on=signed_on)
    existing = IdeaListDecision.objects.filter(
        issuing_unit=issuing_unit, year=year, kind=DecisionKind.APPROVAL
    ).first()
    if existing is not None:
        raise ValidationError(
            f"Năm {year}, {issuing_unit.name} đã có {existing}; hãy lập quyết định điều chỉnh, bổ sung danh sách."
        )
    if not ideas:
        raise ValidationError("Hãy chọn ít nhất một ý tưởng/sản phẩm để phê duyệt.")
    locked = _locked_ideas(ideas)
    _check_listable(locked, issuing_unit=issuing_unit, year=year)
    decision = _create_decision(
        actor=actor, kind=DecisionKind.APPROVAL, issuing_unit=issuing_unit, year=year, is_sample=is_sample,
        number=number.strip(), signed_on=signed_on, issuer_name=issuer_name.strip(),
        signer_name=signer_name.strip(), signer_position=signer_position.strip(),
        summary=summary or f"Phê duyệt danh sách ý tưởng/sản phẩm tham gia Chương trình OCOP năm {year}",
        notes=notes,
    )
    transition = IDEA_TRANSITIONS["dua_vao_danh_sach"]
    for idea in locked:
        IdeaListChange.objects.create(decision=decision, idea=idea, action=ChangeAction.ADD, created_by=actor)
        _idea_move(actor=actor, idea=idea, transition=transition, comment=_decision_note(decision), decision=decision)
    _notify_listed(actor, decision, locked, [])
    return decision


@transaction.atomic
def idea_list_amend(
    *,
    actor,
    base: IdeaListDecision,
    number: str,
    signed_on: date,
    issuer_name: str,
    signer_name: str,
    signer_position: str = "Chủ tịch",
    summary: str = "",
    notes: str = "",
    add: Sequence[Idea] = (),
    remove: Sequence[tuple[Idea, str]] = (),
    is_sample: bool = False,
) -> IdeaListDecision:
    """Record a decision that adds entries to, or removes entries from, a year's list.

    The list it amends is the list after the latest decision of the same unit and year; it
    must be signed on or after that decision, so replaying by signing date gives the same
    list the amendment was checked against.
    """
    approval = (
        IdeaListDecision.objects.select_for_update(of=("self",))
        .filter(issuing_unit_id=base.issuing_unit_id, year=base.year, kind=DecisionKind.APPROVAL)
        .select_related("issuing_unit")
        .first()
    )
    if approval is None:
        raise ValidationError("Chưa có quyết định phê duyệt danh sách năm này để điều chỉnh.")
    issuing_unit, year = approval.issuing_unit, approval.year
    _issuer_checks(issuing_unit=issuing_unit, year=year, signed_on=signed_on)
    latest = selectors.latest_decision(issuing_unit.pk, year)
    if signed_on < latest.signed_on:
        raise ValidationError(
            {
                "signed_on": (
                    f"Quyết định điều chỉnh phải ký từ ngày {format_date_vn(latest.signed_on)} trở đi "
                    f"(sau {latest})."
                )
            }
        )
    remove = [(idea, (reason or "").strip()) for idea, reason in remove]
    if not add and not remove:
        raise ValidationError("Quyết định điều chỉnh phải đưa vào hoặc đưa ra ít nhất một ý tưởng/sản phẩm.")
    add_ids = {idea.pk for idea in add}
    remove_ids = {idea.pk for idea, _ in remove}
    if add_ids & remove_ids:
        raise ValidationError("Một ý tưởng không thể vừa được đưa vào vừa được đưa ra trong cùng quyết định.")
    missing_reason = [idea.name for idea, reason in remove if not reason]
    if missing_reason:
        raise ValidationError(f"Vui lòng ghi lý do đưa ra khỏi danh sách: {', '.join(missing_reason)}.")
    locked = {idea.pk: idea for idea in _locked_ideas([*add, *(idea for idea, _ in remove)])}
    to_add = [locked[pk] for pk in sorted(add_ids)]
    _check_listable(to_add, issuing_unit=issuing_unit, year=year)
    in_list = selectors.idea_list_as_of(latest).idea_ids
    not_in_list = [locked[pk].name for pk in sorted(remove_ids) if pk not in in_list]
    if not_in_list:
        raise ValidationError(f"Không có trong danh sách hiện hành nên không thể đưa ra: {', '.join(not_in_list)}.")
    decision = _create_decision(
        actor=actor, kind=DecisionKind.AMENDMENT, issuing_unit=issuing_unit, year=year, is_sample=is_sample,
        number=number.strip(), signed_on=signed_on, issuer_name=issuer_name.strip(),
        signer_name=signer_name.strip(), signer_position=signer_position.strip(),
        summary=summary or f"Điều chỉnh, bổ sung danh sách ý tưởng/sản phẩm tham gia Chương trình OCOP năm {year}",
        notes=notes,
    )
    for idea in to_add:
        IdeaListChange.objects.create(decision=decision, idea=idea, action=ChangeAction.ADD, created_by=actor)
        _idea_move(
            actor=actor, idea=idea, transition=IDEA_TRANSITIONS["dua_vao_danh_sach"],
            comment=_decision_note(decision), decision=decision,
        )
    removed = []
    for idea, reason in remove:
        idea = locked[idea.pk]
        IdeaListChange.objects.create(
            decision=decision, idea=idea, action=ChangeAction.REMOVE, reason=reason, created_by=actor
        )
        _idea_move(
            actor=actor, idea=idea, transition=IDEA_TRANSITIONS["rut_khoi_danh_sach"],
            comment=f"{_decision_note(decision)}. Lý do: {reason}", decision=decision,
        )
        removed.append(idea)
    _notify_listed(actor, decision, to_add, removed)
    return decision


@transaction.atomic
def idea_mature(*, actor, idea: Idea, name: str = "", status: str = "dang_hoan_thien"):
    """The idea has matured: create its product (products.services.product_create) and link
    the idea, and the idea's business plans, to it."""
    from ocop.products.services import product_create

    idea = Idea.objects.select_for_update(of=("self",)).select_related("producer", "commune", "category").get(pk=idea.pk)
    if idea.product_id:
        raise ValidationError(f"Ý tưởng “{idea.name}” đã gắn với sản phẩm “{idea.product}”.")
    if idea.status != IdeaStatus.LISTED:
        raise ValidationError(
            "Chỉ ý tưởng nằm trong danh sách được phê duyệt mới chuyển thành sản phẩm "
            f"(hiện tại: “{idea.get_status_display()}”)."
        )
    if actor is not None and not actor.has_perm("ideas.mature_idea", idea):
        raise PermissionDenied("Bạn không có quyền chuyển ý tưởng này thành sản phẩm.")
    product = product_create(
        actor=actor,
        is_sample=idea.is_sample,
        name=(name or idea.name).strip(),
        producer=idea.producer,
        commune=today_commune(idea.commune),
        category=idea.category,
        description=idea.description,
        status=status,
    )
    idea.product = product
    save_audited(actor, idea, ["product", "updated_at"])
    idea_matured.send(sender=Idea, idea=idea, product=product)
    record_event(
        IDEA_WORKFLOW, idea, action="thanh_san_pham", from_state=idea.status, actor=actor,
        comment=f"Đã tạo sản phẩm “{product.name}”.",
    )
    return product
