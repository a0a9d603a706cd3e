"""Read-mostly admin: units come from the data migration, coverage is derived.

Editing a unit by hand would silently desynchronise codes, successions and coverage, so
units and successions are read-only here; corrections go through a data migration followed
by `manage.py ocop_territory_rebuild_coverage` (see docs/territory.md). The admin still
gives search (used by other apps' autocomplete fields) and browsing.
"""

from django.contrib import admin

from ocop.core.admin import ReadOnlyAdmin
from ocop.core.text import normalize_search
from ocop.territory.models import AdministrativeUnit, UnitCoverage, UnitSuccession


class PredecessorLinkInline(admin.TabularInline):
    model = UnitSuccession
    fk_name = "successor"
    verbose_name = "đơn vị trước sắp xếp"
    verbose_name_plural = "đơn vị trước sắp xếp"
    fields = ("predecessor", "kind", "effective_date", "legal_basis")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class SuccessorLinkInline(PredecessorLinkInline):
    fk_name = "predecessor"
    verbose_name = "đơn vị sau sắp xếp"
    verbose_name_plural = "đơn vị sau sắp xếp"
    fields = ("successor", "kind", "effective_date", "legal_basis")
    readonly_fields = fields


class ValidityFilter(admin.SimpleListFilter):
    title = "hiệu lực"
    parameter_name = "hieu_luc"

    def lookups(self, request, model_admin):
        return [("hien-hanh", "Hiện hành"), ("truoc-2025", "Đã hết hiệu lực")]

    def queryset(self, request, queryset):
        if self.value() == "hien-hanh":
            return queryset.filter(valid_to__isnull=True)
        if self.value() == "truoc-2025":
            return queryset.filter(valid_to__isnull=False)
        return queryset


@admin.register(AdministrativeUnit)
class AdministrativeUnitAdmin(ReadOnlyAdmin):
    list_display = ("code", "name", "level", "kind", "parent", "valid_from", "valid_to")
    list_filter = ("level", ValidityFilter, "kind")
    list_select_related = ("parent",)
    search_fields = ("code", "search_text")
    search_help_text = "Tìm theo tên (có dấu hoặc không dấu) hoặc mã đơn vị."
    ordering = ("valid_to", "level", "name")
    readonly_fields = ("search_text",)
    inlines = [PredecessorLinkInline, SuccessorLinkInline]
    show_full_result_count = False

    def get_search_results(self, request, queryset, search_term):
        # search_text holds a diacritics-free copy: normalise the query the same way so
        # "dak koi" finds "Xã Đăk Kôi" (autocomplete widgets elsewhere rely on this).
        return super().get_search_results(request, queryset, normalize_search(search_term))


@admin.register(UnitSuccession)
class UnitSuccessionAdmin(ReadOnlyAdmin):
    list_display = ("predecessor", "successor", "kind", "effective_date")
    list_filter = ("kind", "effective_date")
    list_select_related = ("predecessor", "successor")
    search_fields = ("predecessor__search_text", "successor__search_text")
    show_full_result_count = False

    def get_search_results(self, request, queryset, search_term):
        return super().get_search_results(request, queryset, normalize_search(search_term))


@admin.register(UnitCoverage)
class UnitCoverageAdmin(ReadOnlyAdmin):
    list_display = ("unit", "covered")
    list_select_related = ("unit", "covered")
    search_fields = ("unit__search_text",)
    show_full_result_count = False

    def get_search_results(self, request, queryset, search_term):
        return super().get_search_results(request, queryset, normalize_search(search_term))
