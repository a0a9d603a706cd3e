from django.contrib import admin

from ocop.signin.models import LoginEvent


@admin.register(LoginEvent)
class LoginEventAdmin(admin.ModelAdmin):
    """Read-only: the history is written by the login signals, never edited by hand."""

    list_display = ("created_at", "username", "kind", "ip_address", "user_agent")
    list_filter = ("kind",)
    search_fields = ("username", "ip_address")
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
