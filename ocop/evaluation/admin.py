from django.contrib import admin

from ocop.evaluation.models import (
    CalendarDay,
    CommuneReport,
    Dossier,
    DossierEvent,
    EvaluationRound,
    EvidenceDocument,
)


class DossierEventInline(admin.TabularInline):
    model = DossierEvent
    extra = 0
    can_delete = False
    readonly_fields = ("action", "from_state", "to_state", "actor", "at", "comment", "data")

    def has_add_permission(self, request, obj=None):
        return False  # Events are written by the workflow service only.


@admin.register(Dossier)
class DossierAdmin(admin.ModelAdmin):
    list_display = ("product", "producer", "kind", "regime_key", "state", "filed_on", "is_sample")
    list_filter = ("state", "kind", "regime_key", "is_sample")
    search_fields = ("search_text",)
    # State changes go through the workflow (services.dossier_transition), never the admin.
    readonly_fields = tuple(
        field.name for field in Dossier._meta.concrete_fields if field.name != "id"
    )
    inlines = [DossierEventInline]

    def has_add_permission(self, request):
        return False


@admin.register(EvidenceDocument)
class EvidenceDocumentAdmin(admin.ModelAdmin):
    list_display = ("title", "producer", "product", "item_key", "expires_on", "is_archived")
    list_filter = ("item_key", "is_archived")
    readonly_fields = ("file", "original_name", "content_type", "size", "sha256", "uploaded_by")


@admin.register(EvaluationRound)
class EvaluationRoundAdmin(admin.ModelAdmin):
    list_display = ("name", "level", "unit", "year", "number", "status")
    list_filter = ("level", "year", "status")


@admin.register(CalendarDay)
class CalendarDayAdmin(admin.ModelAdmin):
    list_display = ("day", "kind", "province", "reason")


admin.site.register(CommuneReport)
