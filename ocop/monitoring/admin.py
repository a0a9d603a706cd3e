from django.contrib import admin

from ocop.monitoring.models import ComplianceDocument, InspectionPlan, InspectionRecord


@admin.register(InspectionPlan)
class InspectionPlanAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "period_start", "period_end", "unit"]
    list_filter = ["kind"]
    search_fields = ["title"]
    raw_id_fields = ["unit", "lead_agency"]


@admin.register(InspectionRecord)
class InspectionRecordAdmin(admin.ModelAdmin):
    list_display = ["product", "kind", "inspected_on", "criteria_maintained", "mark_use", "labels", "food_safety"]
    list_filter = ["kind", "mark_use"]
    raw_id_fields = ["product", "certificate", "plan", "revocation"]


@admin.register(ComplianceDocument)
class ComplianceDocumentAdmin(admin.ModelAdmin):
    list_display = ["product", "kind", "number", "issued_on", "expires_on"]
    list_filter = ["kind"]
    search_fields = ["number", "product__name"]
    raw_id_fields = ["product"]
