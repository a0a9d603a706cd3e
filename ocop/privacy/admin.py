from django.contrib import admin

from ocop.privacy.models import PersonalDataAccess, PersonalDataRequest


class _ReadOnlyJournal(admin.ModelAdmin):
    """Journals are written by the services only: the admin reads them."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(PersonalDataAccess)
class PersonalDataAccessAdmin(_ReadOnlyJournal):
    list_display = ("viewed_at", "viewer", "subject_repr", "subject_model", "subject_id", "purpose")
    list_filter = ("subject_model", "purpose")
    search_fields = ("subject_repr", "viewer__username", "viewer__full_name")
    date_hierarchy = "viewed_at"
    list_select_related = ("viewer",)


@admin.register(PersonalDataRequest)
class PersonalDataRequestAdmin(_ReadOnlyJournal):
    list_display = ("done_at", "kind", "subject_type", "subject_repr", "actor", "reason")
    list_filter = ("kind", "subject_type")
    search_fields = ("subject_repr", "reason")
    list_select_related = ("actor",)
