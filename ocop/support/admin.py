"""Read-mostly admin views: writes go through the services (workflow, budget checks), so
the workflow records are read-only here."""

from django.contrib import admin

from ocop.ideas.admin import ReadOnlyAdmin
from ocop.support.models import BudgetAllocation, FocusSelection, ProductSurvey, SupportActivity


@admin.register(ProductSurvey)
class ProductSurveyAdmin(ReadOnlyAdmin):
    list_display = ("product", "surveyed_on", "surveyor", "is_sample")


@admin.register(FocusSelection)
class FocusSelectionAdmin(ReadOnlyAdmin):
    list_display = ("issuing_unit", "year", "status", "min_items", "max_items", "is_sample")


@admin.register(SupportActivity)
class SupportActivityAdmin(ReadOnlyAdmin):
    list_display = ("producer", "support_type", "provided_on", "budget_unit", "status", "is_sample")
    list_filter = ("year", "support_type", "status")


@admin.register(BudgetAllocation)
class BudgetAllocationAdmin(ReadOnlyAdmin):
    list_display = ("unit", "year", "source", "amount", "is_sample")
    list_filter = ("year", "source")
