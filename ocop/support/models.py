"""Steps 2–4 of the yearly OCOP cycle: product surveys, focus products, support activities, funding and budgets.
Moved out of the ideas app (issue 17); their tables were renamed from ideas_*.

Every record keeps the administrative unit it was made under (a 2024 idea stays in the
legacy commune; lists can be read under today's units through UnitCoverage).
Money is whole Vietnamese đồng (integers).
"""

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q

from ocop.core.audit import audit
from ocop.core.fields import year_field
from ocop.core.keys import optional_fk, producer_fk, product_fk, unique, unit_fk, user_ref
from ocop.core.models import CreatedByModel, RecordModel
from ocop.ideas.models import Idea

# -- survey of existing products and focus selection ------------------------------------------


class ProductSurvey(RecordModel):
    """Khảo sát, đánh giá thực trạng một sản phẩm hiện có (Kế hoạch Kon Rẫy 2024 mục III.3)."""

    product = product_fk(related_name="surveys", on_delete=models.CASCADE)
    surveyed_on = models.DateField("ngày khảo sát")
    surveyor = models.CharField("người, đơn vị khảo sát", max_length=255)
    current_state = models.TextField("hiện trạng sản xuất, kinh doanh", blank=True)
    strengths = models.TextField("ưu thế vượt trội")
    competitiveness = models.TextField("khả năng cạnh tranh", blank=True)
    development_direction = models.TextField("hướng phát triển", blank=True)
    proposed_support = models.TextField("đề xuất giải pháp hỗ trợ", blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "phiếu khảo sát sản phẩm"
        ordering = ["-surveyed_on", "-id"]

    def __str__(self) -> str:
        return f"Khảo sát {self.product} ngày {self.surveyed_on:%d/%m/%Y}"


class FocusStatus(models.TextChoices):
    DRAFT = "du_thao", "Dự thảo"
    APPROVED = "da_phe_duyet", "Đã phê duyệt"


class FocusSelection(RecordModel):
    """The year's 3–5 ideas/products chosen for focused support by one unit."""

    issuing_unit = unit_fk("cấp lựa chọn (địa bàn)", related_name="focus_selections")
    year = year_field()
    basis = models.CharField(
        "căn cứ", max_length=500, blank=True, help_text="Kế hoạch, quyết định làm căn cứ lựa chọn."
    )
    # The range in force when the selection was opened (policy.focus_range()), kept with it.
    min_items = models.PositiveSmallIntegerField("số lượng tối thiểu")
    max_items = models.PositiveSmallIntegerField("số lượng tối đa")
    rule_source = models.CharField("nguồn quy định số lượng", max_length=500)
    status = models.CharField(
        "trạng thái", max_length=20, choices=FocusStatus.choices, default=FocusStatus.DRAFT
    )
    approved_on = models.DateField("ngày phê duyệt", null=True, blank=True)
    approved_by = user_ref()
    notes = models.TextField("ghi chú", blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "lựa chọn sản phẩm trọng tâm"
        ordering = ["-year", "id"]
        constraints = [unique("issuing_unit", "year", name="one_focus_selection_per_unit_year")]

    def __str__(self) -> str:
        return f"Sản phẩm trọng tâm năm {self.year} – {self.issuing_unit}"


class FocusItem(CreatedByModel):
    selection = models.ForeignKey(FocusSelection, on_delete=models.CASCADE, related_name="items")
    idea = optional_fk(Idea, "ý tưởng", on_delete=models.PROTECT, related_name="focus_items")
    product = product_fk(related_name="focus_items", optional=True)
    reason = models.TextField("lý do lựa chọn")
    created_at = models.DateTimeField("thời điểm", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "sản phẩm trọng tâm"
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(idea__isnull=False) | Q(product__isnull=False), name="focus_item_has_target"
            ),
            models.UniqueConstraint(
                fields=["selection", "idea"], condition=Q(idea__isnull=False), name="unique_focus_idea"
            ),
            models.UniqueConstraint(
                fields=["selection", "product"], condition=Q(product__isnull=False), name="unique_focus_product"
            ),
        ]
    def __str__(self) -> str:
        return self.label


    @property
    def target_product(self):
        """The product this item is about: its own, or the product its idea became."""
        if self.product_id:
            return self.product
        return self.idea.product if self.idea_id else None

    @property
    def label(self) -> str:
        return self.product.name if self.product_id else self.idea.name


# -- support and funding -----------------------------------------------------------------------


class SupportType(models.TextChoices):
    TRAINING = "dao_tao", "Đào tạo, tập huấn"
    PACKAGING = "bao_bi_nhan", "Thiết kế bao bì, nhãn mác"
    STANDARDS = "tieu_chuan", "Tiêu chuẩn, chứng nhận chất lượng"
    INTELLECTUAL_PROPERTY = "so_huu_tri_tue", "Đăng ký sở hữu trí tuệ"
    EQUIPMENT = "thiet_bi", "Máy móc, trang thiết bị"
    PROMOTION = "xuc_tien", "Xúc tiến thương mại"
    CONSULTANCY = "tu_van", "Tư vấn"
    OTHER = "khac", "Khác"


class SupportStatus(models.TextChoices):
    PLANNED = "ke_hoach", "Kế hoạch"
    IN_PROGRESS = "dang_thuc_hien", "Đang thực hiện"
    DONE = "hoan_thanh", "Hoàn thành"
    CANCELLED = "da_huy", "Đã hủy"


class FundingSource(models.TextChoices):
    NTM = "ntm", "Chương trình MTQG xây dựng nông thôn mới"
    PROVINCE = "ngan_sach_tinh", "Ngân sách tỉnh"
    DISTRICT = "ngan_sach_huyen", "Ngân sách huyện (trước 1/7/2025)"
    COMMUNE = "ngan_sach_xa", "Ngân sách xã"
    COUNTERPART = "doi_ung", "Vốn đối ứng của chủ thể"
    OTHER = "khac", "Nguồn khác"


class SupportActivity(RecordModel):
    """One support given to a producer (and optionally a product or idea)."""

    producer = producer_fk("chủ thể được hỗ trợ", related_name="support_activities")
    product = product_fk(related_name="support_activities", optional=True, on_delete=models.SET_NULL)
    idea = optional_fk(Idea, "ý tưởng", on_delete=models.SET_NULL, related_name="support_activities")
    support_type = models.CharField("loại hỗ trợ", max_length=20, choices=SupportType.choices)
    content = models.TextField("nội dung hỗ trợ")
    provided_on = models.DateField("ngày hỗ trợ (dự kiến)")
    # The budget year is the year of `provided_on` (set by the service) and the budget unit
    # the level whose allocation pays the state part (province, legacy district or commune).
    year = year_field("năm ngân sách")
    budget_unit = unit_fk("cấp bố trí kinh phí", related_name="support_activities")
    provider = models.CharField("đơn vị thực hiện", max_length=255, blank=True)
    status = models.CharField(
        "tình trạng", max_length=20, choices=SupportStatus.choices, default=SupportStatus.PLANNED
    )
    notes = models.TextField("ghi chú", blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "hoạt động hỗ trợ"
        ordering = ["-provided_on", "-id"]
        # The name it was given when the table belonged to the ideas app (kept: renaming gains nothing).
        indexes = [models.Index(fields=["budget_unit", "year"], name="ideas_suppo_budget__0f2f7c_idx")]

    def __str__(self) -> str:
        return f"{self.get_support_type_display()} – {self.producer}"


class SupportFunding(models.Model):
    """The part of a support paid from one source."""

    activity = models.ForeignKey(SupportActivity, on_delete=models.CASCADE, related_name="fundings")
    source = models.CharField("nguồn kinh phí", max_length=20, choices=FundingSource.choices)
    amount = models.PositiveBigIntegerField("số tiền (đồng)", validators=[MinValueValidator(1)])

    class Meta:
        verbose_name = verbose_name_plural = "kinh phí theo nguồn"
        ordering = ["id"]
        constraints = [unique("activity", "source", name="unique_source_per_support")]
    def __str__(self) -> str:
        return f"{self.get_source_display()}: {self.amount}"


class BudgetAllocation(RecordModel):
    """Dự toán: what one budget unit may spend on OCOP support from one source in one year."""

    unit = unit_fk("cấp bố trí kinh phí", related_name="budget_allocations")
    year = year_field()
    source = models.CharField("nguồn kinh phí", max_length=20, choices=FundingSource.choices)
    amount = models.PositiveBigIntegerField("dự toán (đồng)")
    reference = models.CharField(
        "căn cứ giao dự toán", max_length=255, blank=True, help_text="Số, ngày quyết định giao dự toán."
    )

    class Meta:
        verbose_name = verbose_name_plural = "dự toán kinh phí hỗ trợ"
        ordering = ["-year", "unit_id", "source"]
        constraints = [unique("unit", "year", "source", name="unique_allocation")]

    def __str__(self) -> str:
        return f"{self.get_source_display()} năm {self.year} – {self.unit}"


audit(ProductSurvey, FocusSelection, SupportActivity, BudgetAllocation)
