from django.contrib import admin

from ocop.privacy.services import personal_data_viewed
from ocop.producers.models import Producer


@admin.register(Producer)
class ProducerAdmin(admin.ModelAdmin):
    list_display = ("name", "producer_type", "commune", "tax_code", "is_sample")
    list_filter = ("producer_type", "is_sample")
    search_fields = ("name", "tax_code", "search_text")
    autocomplete_fields = ["commune"]
    readonly_fields = ("search_text", "created_by", "created_at", "updated_at")

    def change_view(self, request, object_id, form_url="", extra_context=None):
        response = super().change_view(request, object_id, form_url, extra_context)
        producer = self.get_object(request, object_id)
        if producer is not None and response.status_code == 200:
            # The form shows the representative's details (Nghị định 13/2023 Điều 27).
            personal_data_viewed(request, producer, "Trang quản trị")
        return response
