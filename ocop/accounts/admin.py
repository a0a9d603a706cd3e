from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from ocop.accounts.models import Agency, RoleAssignment, User
from ocop.accounts.scopes import user_scope


class RoleAssignmentInline(admin.TabularInline):
    model = RoleAssignment
    fk_name = "user"
    extra = 0
    autocomplete_fields = ["unit", "agency", "producer"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    fieldsets = BaseUserAdmin.fieldsets + (("OCOP", {"fields": ("full_name", "phone")}),)
    list_display = ("username", "full_name", "email", "is_active", "last_login")
    search_fields = ("username", "full_name", "email")
    inlines = [RoleAssignmentInline]


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ("name", "short_name", "kind", "unit")
    list_filter = ("kind",)
    search_fields = ("name", "short_name")
    autocomplete_fields = ["unit"]


def _admin_only(request) -> bool:
    """The Django admin is for system administrators only (not for every staff user)."""
    user = request.user
    return bool(user.is_active and user.is_authenticated and user_scope(user).is_admin)


admin.site.has_permission = _admin_only
admin.site.site_header = "Quản trị hệ thống OCOP"
admin.site.site_title = "Quản trị OCOP"
admin.site.index_title = "Danh mục quản trị"
