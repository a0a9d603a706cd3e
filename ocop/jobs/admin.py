from django.contrib import admin

from ocop.jobs.models import Job


@admin.register(Job)
class JobAdmin(admin.ModelAdmin):
    list_display = ("title", "kind", "owner", "state", "done", "total", "attempts", "created_at", "finished_at")
    list_filter = ("state", "kind")
    search_fields = ("title", "owner__username")
    readonly_fields = [field.name for field in Job._meta.fields]

    def has_add_permission(self, request):
        return False
