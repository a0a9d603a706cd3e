"""Reads of monitoring records, filtered by who is asking (same territory rules as products:
offices and councils by unit, old or new; producers their own)."""

from __future__ import annotations

from datetime import date, timedelta

from django.db.models import Q, QuerySet
from django.utils import timezone

from ocop.accounts.scopes import apply_condition, covered_unit_ids, unit_filter, user_scope
from ocop.certificates import legal
from ocop.core.records import scoped_get
from ocop.monitoring.models import ComplianceDocument, InspectionPlan, InspectionRecord
from ocop.products.selectors import product_visible_queryset


def _product_scoped(queryset: QuerySet, actor, prefix: str = "product__") -> QuerySet:
    condition = unit_filter(user_scope(actor), f"{prefix}commune", f"{prefix}producer_id")
    return apply_condition(queryset, condition)


def plan_list(*, actor) -> QuerySet[InspectionPlan]:
    """Plans whose unit the actor reads (a provincial plan is seen province-wide)."""
    scope = user_scope(actor)
    queryset = InspectionPlan.objects.all()
    if not scope.is_admin:
        readable = scope.read_unit_ids
        queryset = queryset.filter(
            Q(unit__in=covered_unit_ids(readable)) | Q(unit__coverage__covered__in=covered_unit_ids(readable))
        ).distinct()
    return queryset.select_related("unit", "lead_agency").order_by("-period_start", "-id")


def plan_get(*, actor, pk: int) -> InspectionPlan | None:
    return plan_list(actor=actor).filter(pk=pk).first()


def record_list(*, actor, plan=None, product=None) -> QuerySet[InspectionRecord]:
    queryset = _product_scoped(InspectionRecord.objects.all(), actor)
    if plan is not None:
        queryset = queryset.filter(plan=plan)
    if product is not None:
        queryset = queryset.filter(product=product)
    return queryset.select_related(
        "product", "product__producer", "product__commune", "certificate", "plan", "revocation", "created_by"
    ).order_by("-inspected_on", "-id")


def record_get(*, actor, pk: int) -> InspectionRecord | None:
    return record_list(actor=actor).filter(pk=pk).first()


def document_list(*, actor, product=None) -> QuerySet[ComplianceDocument]:
    queryset = _product_scoped(ComplianceDocument.objects.all(), actor)
    if product is not None:
        queryset = queryset.filter(product=product)
    return queryset.select_related("product", "product__producer", "product__commune")


def document_get(*, actor, pk: int) -> ComplianceDocument | None:
    return document_list(actor=actor).filter(pk=pk).first()


def documents_expiring(*, actor, on: date | None = None, unit=None, days: int | None = None) -> QuerySet:
    """Compliance documents expiring within `days` (data: 30) of `on`, or expired in the
    last `days`, for products that hold a certificate (most urgent first)."""
    on = on or timezone.localdate()
    days = legal.compliance_alert_days() if days is None else days
    queryset = document_list(actor=actor).filter(
        expires_on__isnull=False,
        expires_on__lte=on + timedelta(days=days),
        expires_on__gte=on - timedelta(days=days),
        product__certificates__isnull=False,
    ).distinct()
    if unit is not None:
        queryset = queryset.filter(product__commune__in=covered_unit_ids([unit.pk]))
    return queryset.order_by("expires_on", "id")


def follow_ups_due(*, actor, on: date | None = None) -> QuerySet[InspectionRecord]:
    on = on or timezone.localdate()
    return record_list(actor=actor).filter(follow_up_deadline__isnull=False, follow_up_deadline__lte=on + timedelta(days=30))


def product_for_monitoring(*, actor, pk: int):
    return scoped_get(product_visible_queryset(actor=actor), pk, "producer", "commune", "commune__parent", "category")
