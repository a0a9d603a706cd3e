from django.contrib import admin

from ocop.products.models import Product, ProductCategory, ProductPhoto


class ProductPhotoInline(admin.TabularInline):
    model = ProductPhoto
    extra = 0


@admin.register(Product)
class ProductAdmin(admin.ModelAdmin):
    list_display = ("name", "producer", "category", "commune", "status", "is_sample")
    list_filter = ("status", "is_sample", "category")
    search_fields = ("name", "search_text")
    autocomplete_fields = ["producer", "commune"]
    readonly_fields = ("search_text", "created_by", "created_at", "updated_at")
    inlines = [ProductPhotoInline]


@admin.register(ProductCategory)
class ProductCategoryAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "level", "criteria_set", "managing_authority")
    ordering = ("position",)

    def has_add_permission(self, request):
        return False  # Loaded from the decision (Phụ lục I); change the data file instead.

    def has_delete_permission(self, request, obj=None):
        return False
