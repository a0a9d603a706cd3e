from auditlog.registry import auditlog
from django.db import models

from ocop.core.audit import audit
from ocop.core.keys import producer_fk, unit_fk
from ocop.core.models import RecordModel, SearchableModel, TimeStampedModel
from ocop.core.search import sort_key_index
from ocop.core.validation import FieldErrors
from ocop.territory.models import check_commune_level


class CategoryLevel(models.TextChoices):
    SECTOR = "sector", "Ngành"
    GROUP = "group", "Nhóm"
    SUBGROUP = "subgroup", "Phân nhóm"


class ProductCategory(models.Model):
    """Classification of QĐ 26/2026 Phụ lục I: ngành → nhóm → phân nhóm.

    The leaves (a phân nhóm, or a nhóm with none) each map to one bộ sản phẩm (criteria
    set 1–26 of Phụ lục II). Loaded by migration from the data parsed out of the decision.
    """

    code = models.CharField("mã", max_length=20, unique=True)
    name = models.CharField("tên", max_length=255)
    level = models.CharField("cấp", max_length=10, choices=CategoryLevel.choices)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="children"
    )
    position = models.PositiveSmallIntegerField("thứ tự")
    criteria_set = models.PositiveSmallIntegerField("bộ sản phẩm số", null=True, blank=True, unique=True)
    criteria_set_name = models.CharField("tên bộ sản phẩm", max_length=255, blank=True)
    managing_authority = models.CharField("cơ quan chủ trì quản lý", max_length=255, blank=True)
    source = models.CharField("căn cứ", max_length=100, default="QĐ 26/2026/QĐ-TTg Phụ lục I")

    class Meta:
        verbose_name = verbose_name_plural = "phân loại sản phẩm"
        ordering = ["position"]

    def __str__(self) -> str:
        if self.criteria_set:
            return f"Bộ {self.criteria_set}: {self.criteria_set_name}"
        return self.name


def check_classified(errors, record) -> None:
    """A product or idea is classified down to its bộ sản phẩm (a leaf of Phụ lục I) and made
    in a commune-level unit."""
    if record.category_id and record.category.criteria_set is None:
        errors["category"] = "Hãy chọn đến bộ sản phẩm (phân loại chi tiết nhất)."
    check_commune_level(errors, record)


def check_own_product(errors, record, message: str) -> None:
    """The product a record names belongs to the record's producer."""
    if record.product_id and record.producer_id and record.product.producer_id != record.producer_id:
        errors["product"] = message


def category_fk(*, related_name: str) -> models.ForeignKey:
    """A product's or idea's bộ sản phẩm: only the leaves of Phụ lục I may be chosen."""
    return models.ForeignKey(
        ProductCategory, verbose_name="phân loại (bộ sản phẩm)", on_delete=models.PROTECT,
        related_name=related_name, limit_choices_to={"criteria_set__isnull": False},
    )


# Bộ sản phẩm 26: dịch vụ du lịch cộng đồng, du lịch sinh thái và điểm du lịch.
TOURISM_CRITERIA_SET = 26


class ProductStatus(models.TextChoices):
    DEVELOPING = "dang_hoan_thien", "Đang hoàn thiện"
    ON_MARKET = "dang_kinh_doanh", "Đang sản xuất, kinh doanh"
    PAUSED = "tam_dung", "Tạm dừng sản xuất"
    STOPPED = "ngung", "Ngừng sản xuất"


class Product(SearchableModel, RecordModel):
    SEARCH_FIELDS = ("name", "producer.name", "description")

    name = models.CharField("tên sản phẩm", max_length=255)
    producer = producer_fk(related_name="products")
    commune = unit_fk("xã, phường sản xuất", related_name="products")
    category = category_fk(related_name="products")
    description = models.TextField("mô tả sản phẩm", blank=True)
    story = models.TextField("câu chuyện sản phẩm", blank=True)
    status = models.CharField(
        "tình trạng", max_length=20, choices=ProductStatus.choices, default=ProductStatus.DEVELOPING
    )

    class Meta:
        verbose_name = verbose_name_plural = "sản phẩm"
        ordering = ["name", "id"]
        indexes = [
            # The public catalogue's order (name without diacritics) and its keyset cursor
            # (docs/api.md); the GIN trigram index for search is PostgreSQL-only (migration 0003).
            models.Index(sort_key_index(), "id", name="product_sort_key_idx"),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self):
        from ocop.producers.models import TOURISM_ONLY_PRODUCER_TYPES

        errors = FieldErrors()
        check_classified(errors, self)
        # QĐ 26/2026 Điều 2.3: hội, hiệp hội, trung tâm điều hành only own tourism services.
        errors.check(
            self.producer_id
            and self.category_id
            and self.producer.producer_type in TOURISM_ONLY_PRODUCER_TYPES
            and self.category.criteria_set != TOURISM_CRITERIA_SET,
            "category",
            "Chủ thể là hội, hiệp hội hoặc trung tâm điều hành chỉ đăng ký sản phẩm dịch vụ du lịch (bộ sản phẩm 26).",
        )
        errors.raise_if_any()


def product_photo_path(instance: "ProductPhoto", filename: str) -> str:
    return f"products/{instance.product_id}/{filename}"


class ProductPhoto(TimeStampedModel):
    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="photos")
    image = models.ImageField("ảnh", upload_to=product_photo_path)
    caption = models.CharField("chú thích", max_length=255, blank=True)
    position = models.PositiveSmallIntegerField("thứ tự", default=0)

    class Meta:
        verbose_name = verbose_name_plural = "ảnh sản phẩm"
        ordering = ["position", "id"]


audit(Product)
# Every change of a photo is kept, its update time included.
auditlog.register(ProductPhoto)
