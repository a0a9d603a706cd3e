"""Read-mostly admin views: writes go through the services (workflow, budget checks), so
the workflow records are read-only here."""

from django.contrib import admin

from ocop.ideas.models import Idea, IdeaListDecision


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
