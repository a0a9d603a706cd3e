"""Writes of product surveys, focus products, support activities, funding and budgets.

Services follow the house rules in docs/architecture.md.
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from ocop.accounts.scopes import covered_unit_ids
from ocop.core.money import format_vnd
from ocop.core.registers import record_assign
from ocop.core.text import format_date_vn, lower_first
from ocop.ideas.models import Idea
from ocop.ideas.services import check_unit_in_year, save_audited
from ocop.ideas.workflow import IdeaStatus
from ocop.support import selectors
from ocop.support.models import (
    BudgetAllocation,
    FocusItem,
    FocusSelection,
    FocusStatus,
    FundingSource,
    ProductSurvey,
    SupportActivity,
    SupportFunding,
    SupportStatus,
)
from ocop.support.policy import ALLOCATED_SOURCES, focus_range
from ocop.territory.models import UnitCoverage, UnitLevel

# -- surveys -----------------------------------------------------------------------------------

SURVEY_FIELDS = [
    "product", "surveyed_on", "surveyor", "current_state", "strengths", "competitiveness",
    "development_direction", "proposed_support",
]


@transaction.atomic
def survey_create(*, actor, is_sample: bool = False, **fields) -> ProductSurvey:
    survey = ProductSurvey(**fields, is_sample=is_sample, created_by=actor)
    survey.full_clean()
    save_audited(actor, survey)
    return survey


@transaction.atomic
def survey_update(*, actor, survey: ProductSurvey, **fields) -> ProductSurvey:
    record_assign(survey, fields, SURVEY_FIELDS)
    survey.full_clean()
    save_audited(actor, survey)
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
    check_unit_in_year(issuing_unit, year, "issuing_unit")
    selection = FocusSelection(
        issuing_unit=issuing_unit, year=year, basis=basis, notes=notes,
        min_items=rule.minimum, max_items=rule.maximum, rule_source=rule.source,
        is_sample=is_sample, created_by=actor,
    )
    selection.full_clean()
    save_audited(actor, selection)
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
    save_audited(actor, selection, ["status", "approved_on", "approved_by", "updated_at"])
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
    save_audited(actor, activity)
    SupportFunding.objects.bulk_create(
        [SupportFunding(activity=activity, source=source, amount=amount) for source, amount in cleaned]
    )
    return activity


@transaction.atomic
def support_update(*, actor, activity: SupportActivity, fundings=None, **fields) -> SupportActivity:
    activity = SupportActivity.objects.select_for_update(of=("self",)).select_related("budget_unit").get(pk=activity.pk)
    record_assign(activity, fields, SUPPORT_FIELDS)
    if activity.provided_on:
        activity.year = activity.provided_on.year
    activity.full_clean()
    _support_checks(activity)
    if fundings is None:
        cleaned = list(activity.fundings.values_list("source", "amount").order_by("source"))
    else:
        cleaned = _clean_fundings(fundings)
    _check_allocations(activity, cleaned)
    save_audited(actor, activity)
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
    check_unit_in_year(unit, year, "unit")
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
            save_audited(actor, allocation)
    except IntegrityError as exc:
        raise ValidationError("Dự toán này vừa được người khác tạo; hãy tải lại trang.") from exc
    return allocation
