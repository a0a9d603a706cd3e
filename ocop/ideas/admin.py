"""Read-mostly admin views: writes go through the services (workflow, budget checks), so
the workflow records are read-only here."""

from django.contrib import admin

from ocop.ideas.models import (
    BudgetAllocation,
    BusinessPlan,
    FocusSelection,
    Idea,
    IdeaListDecision,
    ProductSurvey,
    SupportActivity,
)


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Idea)
class IdeaAdmin(ReadOnlyAdmin):
    list_display = ("name", "producer", "commune", "year", "status", "is_sample")
    list_filter = ("year", "status", "is_sample")
    search_fields = ("search_text",)


@admin.register(IdeaListDecision)
class IdeaListDecisionAdmin(ReadOnlyAdmin):
    list_display = ("number", "signed_on", "issuing_unit", "year", "kind", "is_sample")
    list_filter = ("year", "kind")


@admin.register(BusinessPlan)
class BusinessPlanAdmin(ReadOnlyAdmin):
    list_display = ("title", "producer", "status", "approved_at", "is_sample")
    list_filter = ("status",)
    search_fields = ("search_text",)


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
