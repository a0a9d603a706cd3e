"""Writes of ideas, yearly lists, business plans, surveys, focus products, support and budgets.

Every function is atomic, validates before writing, records the acting user (`actor=None`
means the system, e.g. the demo loader) and raises ValidationError in Vietnamese. Workflow
moves go through the tables of `workflow.py` and write an event row each.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from datetime import date

from auditlog.context import set_actor
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from ocop.accounts.models import Role, User
from ocop.accounts.scopes import covered_unit_ids
from ocop.core.text import format_date_vn, lower_first
from ocop.core.uploads import check_document_upload
from ocop.ideas import selectors
from ocop.ideas.models import (
    BudgetAllocation,
    BusinessPlan,
    BusinessPlanAttachment,
    BusinessPlanEvent,
    BusinessPlanInvestment,
    BusinessPlanYear,
    ChangeAction,
    DecisionKind,
    FocusItem,
    FocusSelection,
    FocusStatus,
    FundingSource,
    Idea,
    IdeaEvent,
    IdeaListChange,
    IdeaListDecision,
    ProductSurvey,
    SupportActivity,
    SupportFunding,
    SupportStatus,
)
from ocop.ideas.money import format_vnd
from ocop.ideas.policy import ALLOCATED_SOURCES, focus_range
from ocop.ideas.workflow import (
    IDEA_EDITABLE,
    IDEA_LISTABLE,
    IDEA_TRANSITIONS,
    PLAN_EDITABLE,
    PLAN_TRANSITIONS,
    IdeaStatus,
    PlanStatus,
    Transition,
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


def _producer_users(producer_ids: Iterable[int]):
    return User.objects.filter(
        roles__role=Role.PRODUCER, roles__producer_id__in=list(producer_ids), is_active=True
    ).distinct()


def _commune_officers(unit_id: int):
    return User.objects.filter(
        roles__role=Role.COMMUNE_OFFICER, roles__unit_id=unit_id, is_active=True
    ).distinct()


def _province_officers(unit_id: int):
    """Provincial officers whose province covers the unit (old or new)."""
    provinces = UnitCoverage.objects.filter(covered_id=unit_id).values("unit_id")
    return User.objects.filter(
        roles__role=Role.PROVINCE_OFFICE, roles__unit_id__in=provinces, is_active=True
    ).distinct()


def _check_guard(actor, transition: Transition, record) -> None:
    # actor None is the system (demo loader, data migration): guards are for people.
    if actor is not None and not actor.has_perm(transition.permission, record):
        raise PermissionDenied(f"Bạn không có quyền thực hiện thao tác “{transition.label}”.")


def _check_unit_in_year(unit, year: int, field: str) -> None:
    """A unit decides or pays only for a year it existed in (Huyện Kon Rẫy: until 30/6/2025)."""
    first, last = date(year, 1, 1), date(year, 12, 31)
    if (unit.valid_from and unit.valid_from > last) or (unit.valid_to and unit.valid_to < first):
        raise ValidationError({field: f"{unit.name} không phải là đơn vị hành chính trong năm {year}."})


def _notify(actor, **kwargs) -> None:
    """Tell the people concerned. Writes by the system (actor None: the demo loader, imports
    of historical records) notify no one: nobody is waiting for a 2024 decision today."""
    if actor is not None:
        notify(**kwargs)


def _save(actor, record, update_fields: Sequence[str] | None = None) -> None:
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
    _save(actor, idea)
    IdeaEvent.objects.create(idea=idea, action="tao", from_status="", to_status=idea.status, actor=actor)
    return idea


@transaction.atomic
def idea_update(*, actor, idea: Idea, **fields) -> Idea:
    idea = Idea.objects.select_for_update().get(pk=idea.pk)
    if idea.status not in IDEA_EDITABLE:
        raise ValidationError(
            f"Ý tưởng đang ở trạng thái “{idea.get_status_display()}”, không sửa được nữa."
        )
    for name, value in fields.items():
        if name not in IDEA_FIELDS:
            raise ValueError(f"Field {name} is not editable")
        if name == "commune" and value is None:
            continue
        setattr(idea, name, value)
    idea.full_clean()
    idea.refresh_search_text()
    _save(actor, idea)
    return idea


def _idea_move(*, actor, idea: Idea, transition: Transition, comment: str = "", decision=None) -> IdeaEvent:
    if not transition.allows_from(idea.status):
        raise ValidationError(
            f"Không thể “{transition.label}” khi ý tưởng “{idea.name}” đang ở trạng thái "
            f"“{idea.get_status_display()}”."
        )
    if transition.comment_required and not comment.strip():
        raise ValidationError(f"Vui lòng ghi ý kiến (lý do) khi “{transition.label}”.")
    previous = idea.status
    idea.status = transition.target
    _save(actor, idea, ["status", "updated_at"])
    return IdeaEvent.objects.create(
        idea=idea,
        action=transition.action,
        from_status=previous,
        to_status=idea.status,
        comment=comment.strip(),
        decision=decision,
        actor=actor,
    )


@transaction.atomic
def idea_transition(*, actor, idea: Idea, action: str, comment: str = "") -> Idea:
    """Apply one manual transition of IDEA_TRANSITIONS (list moves need a decision)."""
    transition = IDEA_TRANSITIONS.get(action)
    if transition is None:
        raise ValidationError("Thao tác không hợp lệ.")
    if transition.by_decision:
        raise ValidationError(
            "Ý tưởng chỉ được đưa vào hoặc ra khỏi danh sách bằng một quyết định phê duyệt, điều chỉnh danh sách."
        )
    idea = Idea.objects.select_for_update(of=("self",)).select_related("producer", "commune").get(pk=idea.pk)
    _check_guard(actor, transition, idea)
    if action == "gui_xa":
        missing = [
            label
            for label, value in (
                ("mô tả ý tưởng", idea.description),
                ("nguồn nguyên liệu", idea.raw_materials),
                ("thị trường dự kiến", idea.intended_market),
            )
            if not value.strip()
        ]
        if missing:
            raise ValidationError(f"Trước khi gửi xã, vui lòng nhập: {', '.join(missing)}.")
    _idea_move(actor=actor, idea=idea, transition=transition, comment=comment)
    url = reverse("ideas:detail", args=[idea.pk])
    if action == "gui_xa":
        _notify(
            actor,
            recipients=_commune_officers(idea.commune_id),
            title=f"Ý tưởng mới chờ xem xét: {idea.name}",
            body=f"{idea.producer.name} đã gửi phiếu đăng ký ý tưởng sản phẩm năm {idea.year}.",
            url=url,
        )
    else:
        _notify(
            actor,
            recipients=_producer_users([idea.producer_id]),
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
            _notify(
                actor,
                recipients=_producer_users([idea.producer_id]),
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
    _save(actor, decision)
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
    _save(actor, idea, ["product", "updated_at"])
    BusinessPlan.objects.filter(idea=idea, product__isnull=True).update(product=product)
    IdeaEvent.objects.create(
        idea=idea, action="thanh_san_pham", from_status=idea.status, to_status=idea.status,
        comment=f"Đã tạo sản phẩm “{product.name}”.", actor=actor,
    )
    return product


# -- business plans ----------------------------------------------------------------------------

PLAN_FIELDS = [
    "title", "producer", "idea", "product", "market", "production_organisation", "raw_materials",
    "support_needed",
]


def _plan_rows(plan: BusinessPlan, investments, years) -> None:
    if investments is not None:
        plan.investments.all().delete()
        rows = [
            BusinessPlanInvestment(plan=plan, item=item.strip(), amount=int(amount), position=index)
            for index, (item, amount) in enumerate(investments)
            if item and str(item).strip()
        ]
        for row in rows:
            row.full_clean(exclude=["plan"])
        BusinessPlanInvestment.objects.bulk_create(rows)
    if years is not None:
        seen = set()
        for year, _revenue, _cost in years:
            if year in seen:
                raise ValidationError(f"Năm {year} được nhập hai lần trong bảng doanh thu, chi phí.")
            seen.add(year)
        plan.years.all().delete()
        rows = [
            BusinessPlanYear(plan=plan, year=int(year), revenue=int(revenue), cost=int(cost))
            for year, revenue, cost in years
        ]
        for row in rows:
            row.full_clean(exclude=["plan"], validate_unique=False)
        BusinessPlanYear.objects.bulk_create(rows)


def _plan_commune(plan: BusinessPlan):
    if plan.idea_id:
        return plan.idea.commune
    if plan.product_id:
        return plan.product.commune
    return today_commune(plan.producer.commune)


@transaction.atomic
def plan_create(*, actor, investments=(), years=(), is_sample: bool = False, **fields) -> BusinessPlan:
    unknown = set(fields) - set(PLAN_FIELDS)
    if unknown:
        raise ValueError(f"Unknown fields: {sorted(unknown)}")
    plan = BusinessPlan(**fields, is_sample=is_sample, created_by=actor)
    if plan.idea_id and not plan.product_id and plan.idea.product_id:
        plan.product = plan.idea.product
    if plan.producer_id:
        plan.commune = _plan_commune(plan)
    plan.full_clean()
    plan.refresh_search_text()
    _save(actor, plan)
    _plan_rows(plan, list(investments), list(years))
    BusinessPlanEvent.objects.create(plan=plan, action="tao", to_status=plan.status, actor=actor)
    return plan


@transaction.atomic
def plan_update(*, actor, plan: BusinessPlan, investments=None, years=None, **fields) -> BusinessPlan:
    plan = BusinessPlan.objects.select_for_update().get(pk=plan.pk)
    if plan.status not in PLAN_EDITABLE:
        raise ValidationError(
            f"Phương án đang ở trạng thái “{plan.get_status_display()}”, không sửa được nữa."
        )
    for name, value in fields.items():
        if name not in PLAN_FIELDS:
            raise ValueError(f"Field {name} is not editable")
        setattr(plan, name, value)
    plan.commune = _plan_commune(plan)
    plan.full_clean()
    plan.refresh_search_text()
    _save(actor, plan)
    _plan_rows(plan, None if investments is None else list(investments), None if years is None else list(years))
    return plan


@transaction.atomic
def plan_transition(*, actor, plan: BusinessPlan, action: str, comment: str = "") -> BusinessPlan:
    transition = PLAN_TRANSITIONS.get(action)
    if transition is None:
        raise ValidationError("Thao tác không hợp lệ.")
    plan = BusinessPlan.objects.select_for_update(of=("self",)).select_related("producer", "idea").get(pk=plan.pk)
    _check_guard(actor, transition, plan)
    if not transition.allows_from(plan.status):
        raise ValidationError(
            f"Không thể “{transition.label}” khi phương án đang ở trạng thái “{plan.get_status_display()}”."
        )
    if transition.comment_required and not comment.strip():
        raise ValidationError(f"Vui lòng ghi ý kiến (lý do) khi “{transition.label}”.")
    if action == "gui_xa" and not plan.years.exists():
        raise ValidationError("Trước khi gửi xã, hãy nhập doanh thu, chi phí dự kiến của ít nhất một năm.")
    previous = plan.status
    plan.status = transition.target
    fields = ["status", "updated_at"]
    if plan.status == PlanStatus.APPROVED:
        plan.approved_at = timezone.now()
        fields.append("approved_at")
        if plan.idea_id and not plan.product_id and plan.idea.product_id:
            plan.product_id = plan.idea.product_id
            fields.append("product")
    _save(actor, plan, fields)
    BusinessPlanEvent.objects.create(
        plan=plan, action=action, from_status=previous, to_status=plan.status, comment=comment.strip(), actor=actor
    )
    url = reverse("ideas:plan_detail", args=[plan.pk])
    if plan.status == PlanStatus.SUBMITTED:
        recipients = _commune_officers(plan.commune_id)
    elif plan.status == PlanStatus.FORWARDED:
        recipients = _province_officers(plan.commune_id)
    else:
        recipients = _producer_users([plan.producer_id])
    _notify(
        actor,
        recipients=recipients,
        title=f"Phương án “{plan.title}”: {lower_first(plan.get_status_display())}",
        body=comment,
        url=url,
    )
    return plan


@transaction.atomic
def plan_attachment_add(*, actor, plan: BusinessPlan, uploaded, caption: str = "") -> BusinessPlanAttachment:
    """Attach a PDF or image; the content is checked again here, whatever the form did."""
    if plan.status not in PLAN_EDITABLE:
        raise ValidationError("Chỉ thêm tệp khi phương án đang soạn hoặc cần bổ sung.")
    kind = check_document_upload(uploaded).extension
    attachment = BusinessPlanAttachment(
        plan=plan,
        original_name=uploaded.name[:255],
        kind=kind,
        size=uploaded.size,
        caption=caption,
        uploaded_by=actor,
    )
    # The stored name is ours (random, with the detected kind): never the uploader's.
    attachment.file.save(f"{uuid.uuid4().hex}.{kind}", uploaded, save=False)
    attachment.save()
    return attachment


@transaction.atomic
def plan_attachment_delete(*, actor, attachment: BusinessPlanAttachment) -> None:
    if attachment.plan.status not in PLAN_EDITABLE:
        raise ValidationError("Chỉ xóa tệp khi phương án đang soạn hoặc cần bổ sung.")
    attachment.file.delete(save=False)
    attachment.delete()


# -- surveys -----------------------------------------------------------------------------------

SURVEY_FIELDS = [
    "product", "surveyed_on", "surveyor", "current_state", "strengths", "competitiveness",
    "development_direction", "proposed_support",
]


@transaction.atomic
def survey_create(*, actor, is_sample: bool = False, **fields) -> ProductSurvey:
    survey = ProductSurvey(**fields, is_sample=is_sample, created_by=actor)
    survey.full_clean()
    _save(actor, survey)
    return survey


@transaction.atomic
def survey_update(*, actor, survey: ProductSurvey, **fields) -> ProductSurvey:
    for name, value in fields.items():
        if name not in SURVEY_FIELDS:
            raise ValueError(f"Field {name} is not editable")
        setattr(survey, name, value)
    survey.full_clean()
    _save(actor, survey)
    return survey


# -- focus products ----------------------------------------------------------------------------


@transaction.atomic
def focus_selection_create(
    *, actor, issuing_unit, year: int, basis: str = "", notes: str = "", is_sample: bool = False
) -> FocusSelection:
    rule = focus_range()
    if FocusSelection.objects.filter(issuing_unit=issuing_unit, year=year).exists():
        raise ValidationError(f"{issuing_unit.name} đã có danh sách sản phẩm trọng tâm năm {year}.")
    if issuing_unit.level not in (UnitLevel.PROVINCE, UnitLevel.DISTRICT):
        raise ValidationError({"issuing_unit": "Sản phẩm trọng tâm do cấp tỉnh (trước 1/7/2025: cấp huyện) lựa chọn."})
    _check_unit_in_year(issuing_unit, year, "issuing_unit")
    selection = FocusSelection(
        issuing_unit=issuing_unit, year=year, basis=basis, notes=notes,
        min_items=rule.minimum, max_items=rule.maximum, rule_source=rule.source,
        is_sample=is_sample, created_by=actor,
    )
    selection.full_clean()
    _save(actor, selection)
    return selection


def _range_text(selection: FocusSelection) -> str:
    return f"từ {selection.min_items} đến {selection.max_items} ý tưởng/sản phẩm (căn cứ: {selection.rule_source})"


@transaction.atomic
def focus_item_add(*, actor, selection: FocusSelection, idea: Idea | None = None, product=None, reason: str = "") -> FocusItem:
    selection = FocusSelection.objects.select_for_update().get(pk=selection.pk)
    if selection.status != FocusStatus.DRAFT:
        raise ValidationError("Danh sách sản phẩm trọng tâm đã phê duyệt, không thêm được nữa.")
    if (idea is None) == (product is None):
        raise ValidationError("Hãy chọn một ý tưởng hoặc một sản phẩm.")
    if not reason.strip():
        raise ValidationError({"reason": "Vui lòng ghi lý do lựa chọn."})
    count = selection.items.count()
    if count >= selection.max_items:
        raise ValidationError(
            f"Đã chọn đủ {count} ý tưởng/sản phẩm trọng tâm; kế hoạch chỉ cho phép chọn {_range_text(selection)}."
        )
    covered = covered_unit_ids([selection.issuing_unit_id])
    if idea is not None:
        if not Idea.objects.filter(pk=idea.pk, year=selection.year, status=IdeaStatus.LISTED, commune__in=covered).exists():
            raise ValidationError(
                f"“{idea.name}” không nằm trong danh sách ý tưởng/sản phẩm được phê duyệt năm {selection.year} của {selection.issuing_unit.name}."
            )
        if idea.product_id and selection.items.filter(product_id=idea.product_id).exists():
            raise ValidationError(f"Sản phẩm của ý tưởng “{idea.name}” đã có trong danh sách.")
    else:
        from ocop.products.models import Product

        if not Product.objects.filter(pk=product.pk, commune__in=covered).exists():
            raise ValidationError(f"Sản phẩm “{product.name}” không thuộc địa bàn {selection.issuing_unit.name}.")
        if selection.items.filter(idea__product=product).exists():
            raise ValidationError(f"Sản phẩm “{product.name}” đã có trong danh sách (qua ý tưởng của nó).")
    item = FocusItem(selection=selection, idea=idea, product=product, reason=reason.strip(), created_by=actor)
    try:
        with transaction.atomic():
            item.save()
    except IntegrityError as exc:
        raise ValidationError("Ý tưởng/sản phẩm này đã có trong danh sách trọng tâm.") from exc
    return item


@transaction.atomic
def focus_item_remove(*, actor, item: FocusItem) -> None:
    selection = FocusSelection.objects.select_for_update().get(pk=item.selection_id)
    if selection.status != FocusStatus.DRAFT:
        raise ValidationError("Danh sách sản phẩm trọng tâm đã phê duyệt, không bớt được nữa.")
    item.delete()


def focus_range_warning(selection: FocusSelection, count: int) -> str:
    """A warning to show while a draft is outside the plan's range ('' when inside)."""
    if count < selection.min_items:
        return f"Mới chọn {count}; kế hoạch yêu cầu lựa chọn {_range_text(selection)}."
    if count > selection.max_items:
        return f"Đã chọn {count}, vượt quá mức kế hoạch cho phép: {_range_text(selection)}."
    return ""


@transaction.atomic
def focus_selection_approve(*, actor, selection: FocusSelection, approved_on: date) -> FocusSelection:
    selection = FocusSelection.objects.select_for_update().get(pk=selection.pk)
    if selection.status != FocusStatus.DRAFT:
        raise ValidationError("Danh sách này đã được phê duyệt.")
    count = selection.items.count()
    if not selection.min_items <= count <= selection.max_items:
        raise ValidationError(
            f"Không thể phê duyệt: đã chọn {count} ý tưởng/sản phẩm, trong khi kế hoạch yêu cầu {_range_text(selection)}."
        )
    selection.status = FocusStatus.APPROVED
    selection.approved_on = approved_on
    selection.approved_by = actor
    _save(actor, selection, ["status", "approved_on", "approved_by", "updated_at"])
    return selection


# -- support and budgets -----------------------------------------------------------------------

SUPPORT_FIELDS = [
    "producer", "product", "idea", "support_type", "content", "provided_on", "budget_unit",
    "provider", "status", "notes",
]

# Which level may hold an allocation of each state source.
SOURCE_LEVELS = {
    FundingSource.NTM: {UnitLevel.PROVINCE, UnitLevel.DISTRICT, UnitLevel.COMMUNE},
    FundingSource.PROVINCE: {UnitLevel.PROVINCE},
    FundingSource.DISTRICT: {UnitLevel.DISTRICT},
    FundingSource.COMMUNE: {UnitLevel.COMMUNE},
}


def _clean_fundings(fundings) -> list[tuple[str, int]]:
    labels = dict(FundingSource.choices)
    cleaned: dict[str, int] = {}
    for source, amount in fundings:
        if not source and not amount:
            continue
        if source not in labels:
            raise ValidationError(f"Nguồn kinh phí “{source}” không hợp lệ.")
        if amount is None or int(amount) <= 0:
            raise ValidationError(f"Số tiền của nguồn “{labels[source]}” phải lớn hơn 0 đồng.")
        if source in cleaned:
            raise ValidationError(f"Nguồn “{labels[source]}” được nhập hai lần; hãy gộp thành một dòng.")
        cleaned[source] = int(amount)
    if not cleaned:
        raise ValidationError("Hãy nhập kinh phí của ít nhất một nguồn.")
    return sorted(cleaned.items())


def _check_allocations(activity: SupportActivity, fundings: list[tuple[str, int]]) -> None:
    """Refuse support that would take a state source of a budget unit over its yearly
    allocation. The allocation rows are locked (SELECT … FOR UPDATE, in a fixed order) before
    the committed amounts are summed, so two writers racing for the last of an allocation
    queue on the lock and the second sees the first's support. (SQLite ignores FOR UPDATE;
    there the IMMEDIATE transaction mode of settings.py serialises writers.)"""
    if activity.status == SupportStatus.CANCELLED:
        return
    labels = dict(FundingSource.choices)
    problems = []
    for source, amount in fundings:  # sorted by source: a fixed lock order, no deadlock
        if source not in ALLOCATED_SOURCES:
            continue
        allocation = (
            BudgetAllocation.objects.select_for_update()
            .filter(unit_id=activity.budget_unit_id, year=activity.year, source=source)
            .first()
        )
        allocated = allocation.amount if allocation else 0
        committed = selectors.committed_amount(
            unit_id=activity.budget_unit_id, year=activity.year, source=source, exclude_activity_id=activity.pk
        )
        excess = committed + amount - allocated
        if excess > 0:
            problems.append(
                f"Vượt dự toán nguồn “{labels[source]}” năm {activity.year} của {activity.budget_unit.name}: "
                f"dự toán {format_vnd(allocated)}, đã bố trí {format_vnd(committed)}, "
                f"khoản này {format_vnd(amount)}, vượt {format_vnd(excess)}."
            )
    if problems:
        raise ValidationError(problems)


def _support_checks(activity: SupportActivity) -> None:
    errors = {}
    if activity.product_id and activity.product.producer_id != activity.producer_id:
        errors["product"] = "Sản phẩm đã chọn không thuộc chủ thể được hỗ trợ."
    if activity.idea_id and activity.idea.producer_id != activity.producer_id:
        errors["idea"] = "Ý tưởng đã chọn không thuộc chủ thể được hỗ trợ."
    unit = activity.budget_unit
    if unit is not None and activity.provided_on:
        if not unit.is_valid_on(activity.provided_on):
            errors["budget_unit"] = (
                f"{unit.name} không còn là đơn vị hành chính vào ngày {format_date_vn(activity.provided_on)}."
            )
        elif activity.producer_id and not UnitCoverage.objects.filter(
            unit=unit, covered__in=covered_unit_ids([activity.producer.commune_id])
        ).exists():
            errors["budget_unit"] = f"Chủ thể không thuộc địa bàn của {unit.name}."
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def support_create(*, actor, fundings, is_sample: bool = False, **fields) -> SupportActivity:
    unknown = set(fields) - set(SUPPORT_FIELDS)
    if unknown:
        raise ValueError(f"Unknown fields: {sorted(unknown)}")
    activity = SupportActivity(**fields, is_sample=is_sample, created_by=actor)
    if activity.provided_on:
        activity.year = activity.provided_on.year
    activity.full_clean()
    _support_checks(activity)
    cleaned = _clean_fundings(fundings)
    _check_allocations(activity, cleaned)
    _save(actor, activity)
    SupportFunding.objects.bulk_create(
        [SupportFunding(activity=activity, source=source, amount=amount) for source, amount in cleaned]
    )
    return activity


@transaction.atomic
def support_update(*, actor, activity: SupportActivity, fundings=None, **fields) -> SupportActivity:
    activity = SupportActivity.objects.select_for_update(of=("self",)).select_related("budget_unit").get(pk=activity.pk)
    for name, value in fields.items():
        if name not in SUPPORT_FIELDS:
            raise ValueError(f"Field {name} is not editable")
        setattr(activity, name, value)
    if activity.provided_on:
        activity.year = activity.provided_on.year
    activity.full_clean()
    _support_checks(activity)
    if fundings is None:
        cleaned = list(activity.fundings.values_list("source", "amount").order_by("source"))
    else:
        cleaned = _clean_fundings(fundings)
    _check_allocations(activity, cleaned)
    _save(actor, activity)
    if fundings is not None:
        activity.fundings.all().delete()
        SupportFunding.objects.bulk_create(
            [SupportFunding(activity=activity, source=source, amount=amount) for source, amount in cleaned]
        )
    return activity


@transaction.atomic
def allocation_set(
    *, actor, unit, year: int, source: str, amount: int, reference: str = "", is_sample: bool = False
) -> BudgetAllocation:
    """Create or change the allocation of one source for one unit and year. It may not drop
    below what is already committed on it."""
    labels = dict(FundingSource.choices)
    if source not in ALLOCATED_SOURCES:
        raise ValidationError({"source": f"Nguồn “{labels.get(source, source)}” không cần giao dự toán."})
    if unit.level not in SOURCE_LEVELS[source]:
        raise ValidationError(
            {"unit": f"Nguồn “{labels[source]}” không giao dự toán cho {lower_first(unit.get_level_display())}."}
        )
    _check_unit_in_year(unit, year, "unit")
    allocation = BudgetAllocation.objects.select_for_update().filter(unit=unit, year=year, source=source).first()
    committed = selectors.committed_amount(unit_id=unit.pk, year=year, source=source)
    if amount < committed:
        raise ValidationError(
            {
                "amount": (
                    f"Không thể đặt dự toán nguồn “{labels[source]}” năm {year} của {unit.name} là "
                    f"{format_vnd(amount)}: đã bố trí {format_vnd(committed)} cho các hoạt động hỗ trợ."
                )
            }
        )
    if allocation is None:
        allocation = BudgetAllocation(
            unit=unit, year=year, source=source, is_sample=is_sample, created_by=actor
        )
    allocation.amount = amount
    allocation.reference = reference
    allocation.full_clean()
    try:
        with transaction.atomic():
            _save(actor, allocation)
    except IntegrityError as exc:
        raise ValidationError("Dự toán này vừa được người khác tạo; hãy tải lại trang.") from exc
    return allocation

