from django.contrib import admin

from ocop.producers.models import Producer


@admin.register(Producer)
class ProducerAdmin(admin.ModelAdmin):
    list_display = ("name", "producer_type", "commune", "tax_code", "is_sample")
    list_filter = ("producer_type", "is_sample")
    search_fields = ("name", "tax_code", "search_text")
    autocomplete_fields = ["commune"]
    readonly_fields = ("search_text", "created_by", "created_at", "updated_at")
