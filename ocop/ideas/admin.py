"""Read-mostly admin views: writes go through the services (workflow, budget checks), so
the workflow records are read-only here."""

from django.contrib import admin

from ocop.core.admin import ReadOnlyAdmin
from ocop.ideas.models import Idea, IdeaListDecision


@admin.register(Idea)
class IdeaAdmin(ReadOnlyAdmin):
    list_display = ("name", "producer", "commune", "year", "status", "is_sample")
    list_filter = ("year", "status", "is_sample")
    search_fields = ("search_text",)


@admin.register(IdeaListDecision)
class IdeaListDecisionAdmin(ReadOnlyAdmin):
    list_display = ("number", "signed_on", "issuing_unit", "year", "kind", "is_sample")
    list_filter = ("year", "kind")
