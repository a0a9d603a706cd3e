from django.contrib import admin

from ocop.promotion.models import (
    CommunicationActivity,
    Consultant,
    EcommerceListing,
    Showroom,
    TradeEvent,
)


@admin.register(TradeEvent)
class TradeEventAdmin(admin.ModelAdmin):
    list_display = ("name", "level", "starts_on", "ends_on", "unit", "is_sample")
    list_filter = ("level", "kind", "is_sample")
    search_fields = ("search_text",)
    readonly_fields = ("search_text", "created_by", "created_at", "updated_at")
    raw_id_fields = ("unit",)


@admin.register(Showroom)
class ShowroomAdmin(admin.ModelAdmin):
    list_display = ("name", "commune", "is_active", "is_sample")
    search_fields = ("search_text",)
    readonly_fields = ("search_text", "created_by", "created_at", "updated_at")
    raw_id_fields = ("commune", "products")


@admin.register(EcommerceListing)
class EcommerceListingAdmin(admin.ModelAdmin):
    list_display = ("product", "platform", "url", "is_active", "is_sample")
    list_filter = ("platform", "is_active")
    raw_id_fields = ("product",)
    readonly_fields = ("created_by", "created_at", "updated_at")


@admin.register(Consultant)
class ConsultantAdmin(admin.ModelAdmin):
    list_display = ("name", "organisation", "is_active", "is_sample")
    search_fields = ("search_text",)
    readonly_fields = ("search_text", "created_by", "created_at", "updated_at")
    raw_id_fields = ("unit",)


@admin.register(CommunicationActivity)
class CommunicationActivityAdmin(admin.ModelAdmin):
    list_display = ("title", "activity_type", "held_on", "unit", "reach", "is_sample")
    list_filter = ("activity_type",)
    search_fields = ("search_text",)
    readonly_fields = ("search_text", "created_by", "created_at", "updated_at")
    raw_id_fields = ("unit", "agency")
