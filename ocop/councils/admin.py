from django.contrib import admin

from ocop.councils.models import Council, CouncilMember


class MemberInline(admin.TabularInline):
    model = CouncilMember
    extra = 0


@admin.register(Council)
class CouncilAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "level", "year", "decision_number")
    inlines = [MemberInline]
