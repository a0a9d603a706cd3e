"""Read-mostly admin views: writes go through the services (workflow, budget checks), so
the workflow records are read-only here."""

from django.contrib import admin

from ocop.business_plans.models import BusinessPlan
from ocop.ideas.admin import ReadOnlyAdmin


@admin.register(BusinessPlan)
class BusinessPlanAdmin(ReadOnlyAdmin):
    list_display = ("title", "producer", "status", "approved_at", "is_sample")
    list_filter = ("status",)
    search_fields = ("search_text",)
