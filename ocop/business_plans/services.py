"""Writes of business plans (phương án sản xuất kinh doanh).

Services follow the house rules in docs/architecture.md.
"""

from __future__ import annotations

import uuid

from django.core.exceptions import ValidationError
from django.db import transaction
from django.dispatch import receiver
from django.urls import reverse

from ocop.business_plans.models import (
    PLAN_WORKFLOW,
    BusinessPlan,
    BusinessPlanAttachment,
    BusinessPlanInvestment,
    BusinessPlanYear,
)
from ocop.business_plans.workflow import PLAN_EDITABLE, PLAN_TRANSITIONS, PlanStatus
from ocop.core.registers import record_assign, record_lock_editable, record_save
from ocop.core.text import lower_first
from ocop.core.uploads import check_document_upload
from ocop.core.workflow import record_event, transition_apply
from ocop.ideas.services import (
    check_guard,
    check_move,
    commune_officers,
    notify_people,
    producer_users,
    province_officers,
    save_audited,
    today_commune,
)
from ocop.ideas.signals import idea_matured

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
    save_audited(actor, plan)
    _plan_rows(plan, list(investments), list(years))
    record_event(PLAN_WORKFLOW, plan, action="tao", actor=actor)
    return plan


@transaction.atomic
def plan_update(*, actor, plan: BusinessPlan, investments=None, years=None, **fields) -> BusinessPlan:
    plan = record_lock_editable(plan, editable=PLAN_EDITABLE, what="Phương án")
    record_assign(plan, fields, PLAN_FIELDS)
    plan.commune = _plan_commune(plan)
    record_save(plan, actor=actor)
    _plan_rows(plan, None if investments is None else list(investments), None if years is None else list(years))
    return plan


@transaction.atomic
def plan_transition(*, actor, plan: BusinessPlan, action: str, comment: str = "") -> BusinessPlan:
    transition = PLAN_TRANSITIONS.get(action)
    if transition is None:
        raise ValidationError("Thao tác không hợp lệ.")
    plan = BusinessPlan.objects.select_for_update(of=("self",)).select_related("producer", "idea").get(pk=plan.pk)
    check_guard(actor, transition, plan)
    check_move(transition, state=plan.status, state_label=plan.get_status_display(), what="phương án", comment=comment)
    plan, _ = transition_apply(workflow=PLAN_WORKFLOW, record=plan, action=action, actor=actor, comment=comment)
    url = reverse("business_plans:detail", args=[plan.pk])
    if plan.status == PlanStatus.SUBMITTED:
        recipients = commune_officers(plan.commune_id)
    elif plan.status == PlanStatus.FORWARDED:
        recipients = province_officers(plan.commune_id)
    else:
        recipients = producer_users([plan.producer_id])
    notify_people(
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


@receiver(idea_matured)
def plans_follow_their_idea(sender, *, idea, product, **kwargs) -> None:
    """An idea became a product: its business plans not yet tied to a product are now the
    product's (ocop.ideas.services.idea_mature sends this inside its transaction)."""
    BusinessPlan.objects.filter(idea=idea, product__isnull=True).update(product=product)
