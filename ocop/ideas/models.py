"""Steps 2–4 of the yearly OCOP cycle: ideas, the approved yearly list and its amendments,
business plans, the survey of existing products, focus products, support and its funding.

Every record keeps the administrative unit it was made under (a 2024 idea stays in the
legacy commune; lists can be read under today's units through UnitCoverage).
Money is whole Vietnamese đồng (integers).
"""

from auditlog.registry import auditlog
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from ocop.core.models import Attachment, SearchableModel, TimeStampedModel
from ocop.core.storage import get_private_storage, random_name
from ocop.ideas.workflow import IdeaStatus, PlanStatus

YEAR_VALIDATORS = [MinValueValidator(2018), MaxValueValidator(2100)]


class Idea(SearchableModel, TimeStampedModel):
    """Phiếu đăng ký ý tưởng sản phẩm (biểu 01; biểu 02 for an existing product)."""

    SEARCH_FIELDS = ("name", "producer.name", "description", "raw_materials")

    name = models.CharField("tên ý tưởng/sản phẩm", max_length=255)
    producer = models.ForeignKey(
        "producers.Producer", verbose_name="chủ thể", on_delete=models.PROTECT, related_name="ideas"
    )
    commune = models.ForeignKey(
        "territory.AdministrativeUnit",
        verbose_name="xã, phường",
        on_delete=models.PROTECT,
        related_name="ideas",
    )
    category = models.ForeignKey(
        "products.ProductCategory",
        verbose_name="phân loại (bộ sản phẩm)",
        on_delete=models.PROTECT,
        related_name="ideas",
        limit_choices_to={"criteria_set__isnull": False},
    )
    year = models.PositiveSmallIntegerField("năm tham gia chu trình", validators=YEAR_VALIDATORS)
    description = models.TextField("mô tả ý tưởng", blank=True)
    raw_materials = models.TextField("nguồn nguyên liệu", blank=True)
    intended_market = models.TextField("thị trường dự kiến", blank=True)
    status = models.CharField(
        "trạng thái", max_length=30, choices=IdeaStatus.choices, default=IdeaStatus.DRAFT
    )
    # Set when an existing product is registered, or when the idea matures into a product.
    # A product may enter the cycle again in a later year, so several ideas may name it.
    product = models.ForeignKey(
        "products.Product",
        verbose_name="sản phẩm",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="ideas",
    )
    is_sample = models.BooleanField("dữ liệu mẫu", default=False)
    created_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = "ý tưởng sản phẩm"
        verbose_name_plural = "ý tưởng sản phẩm"
        ordering = ["-year", "name", "id"]
        indexes = [models.Index(fields=["year", "status"])]

    def __str__(self) -> str:
        return self.name

    def clean(self):
        errors = {}
        if self.category_id and self.category.criteria_set is None:
            errors["category"] = "Hãy chọn đến bộ sản phẩm (phân loại chi tiết nhất)."
        if self.commune_id and self.commune.level != "commune":
            errors["commune"] = "Hãy chọn một đơn vị cấp xã (xã, phường, thị trấn, đặc khu)."
        if self.product_id and self.producer_id and self.product.producer_id != self.producer_id:
            errors["product"] = "Sản phẩm đã chọn không thuộc chủ thể đăng ký ý tưởng."
        if errors:
            raise ValidationError(errors)


class IdeaEvent(models.Model):
    """One transition of an idea: who, when, from which state to which, why."""

    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="events")
    action = models.CharField("thao tác", max_length=30)
    from_status = models.CharField("từ trạng thái", max_length=30, choices=IdeaStatus.choices, blank=True)
    to_status = models.CharField("sang trạng thái", max_length=30, choices=IdeaStatus.choices)
    comment = models.TextField("ý kiến", blank=True)
    decision = models.ForeignKey(
        "IdeaListDecision", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    actor = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField("thời điểm", auto_now_add=True)

    class Meta:
        verbose_name = "diễn biến ý tưởng"
        verbose_name_plural = "diễn biến ý tưởng"
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.idea}: {self.get_to_status_display()}"


class DecisionKind(models.TextChoices):
    APPROVAL = "phe_duyet", "Phê duyệt danh sách"
    AMENDMENT = "dieu_chinh", "Điều chỉnh, bổ sung danh sách"


class IdeaListDecision(TimeStampedModel):
    """Quyết định phê duyệt (or điều chỉnh, bổ sung) danh sách ý tưởng/sản phẩm tham gia
    Chương trình OCOP năm … — e.g. 298/QĐ-UBND of UBND huyện Kon Rẫy, 14/4/2024.

    The list itself is never stored as a whole: each decision records the entries it added or
    removed (IdeaListChange), and the list "as of" a decision is those changes replayed in
    order of signing date (selectors.idea_list_as_of).
    """

    issuing_unit = models.ForeignKey(
        "territory.AdministrativeUnit",
        verbose_name="cấp phê duyệt (địa bàn)",
        on_delete=models.PROTECT,
        related_name="idea_list_decisions",
    )
    year = models.PositiveSmallIntegerField("năm", validators=YEAR_VALIDATORS)
    kind = models.CharField("loại quyết định", max_length=20, choices=DecisionKind.choices)
    number = models.CharField("số, ký hiệu", max_length=50, help_text="Ví dụ: 298/QĐ-UBND")
    signed_on = models.DateField("ngày ký")
    issuer_name = models.CharField(
        "cơ quan ban hành", max_length=255, help_text="Ví dụ: Ủy ban nhân dân huyện Kon Rẫy"
    )
    signer_name = models.CharField("người ký", max_length=150)
    signer_position = models.CharField("chức vụ người ký", max_length=150, default="Chủ tịch")
    summary = models.CharField("trích yếu", max_length=500, blank=True)
    notes = models.TextField("ghi chú", blank=True)
    is_sample = models.BooleanField("dữ liệu mẫu", default=False)
    created_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = "quyết định phê duyệt danh sách ý tưởng/sản phẩm"
        verbose_name_plural = "quyết định phê duyệt danh sách ý tưởng/sản phẩm"
        ordering = ["-year", "signed_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["issuing_unit", "year", "number"], name="unique_idea_list_decision_number"
            ),
            models.UniqueConstraint(
                fields=["issuing_unit", "year"],
                condition=Q(kind="phe_duyet"),
                name="one_idea_list_approval_per_unit_year",
            ),
        ]

    def __str__(self) -> str:
        return f"Quyết định số {self.number} ngày {self.signed_on:%d/%m/%Y}"


class ChangeAction(models.TextChoices):
    ADD = "them", "Đưa vào danh sách"
    REMOVE = "loai", "Đưa ra khỏi danh sách"


class IdeaListChange(models.Model):
    decision = models.ForeignKey(IdeaListDecision, on_delete=models.CASCADE, related_name="changes")
    idea = models.ForeignKey(Idea, on_delete=models.PROTECT, related_name="list_changes")
    action = models.CharField("nội dung", max_length=10, choices=ChangeAction.choices)
    reason = models.TextField("lý do", blank=True)
    created_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField("thời điểm ghi", auto_now_add=True)

    class Meta:
        verbose_name = "thay đổi danh sách"
        verbose_name_plural = "thay đổi danh sách"
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["decision", "idea"], name="unique_idea_per_decision"),
        ]
    def __str__(self) -> str:
        return f"{self.decision}: {self.get_action_display()} {self.idea}"



# -- business plans --------------------------------------------------------------------------


class BusinessPlan(SearchableModel, TimeStampedModel):
    """Phương án/kế hoạch sản xuất kinh doanh (biểu 03)."""

    SEARCH_FIELDS = ("title", "producer.name")

    title = models.CharField("tên phương án", max_length=255)
    producer = models.ForeignKey(
        "producers.Producer", verbose_name="chủ thể", on_delete=models.PROTECT, related_name="business_plans"
    )
    idea = models.ForeignKey(
        Idea,
        verbose_name="ý tưởng",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="business_plans",
    )
    product = models.ForeignKey(
        "products.Product",
        verbose_name="sản phẩm",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="business_plans",
    )
    commune = models.ForeignKey(
        "territory.AdministrativeUnit",
        verbose_name="xã, phường",
        on_delete=models.PROTECT,
        related_name="business_plans",
    )
    market = models.TextField("thị trường mục tiêu")
    production_organisation = models.TextField("tổ chức sản xuất", blank=True)
    raw_materials = models.TextField("nguyên liệu đầu vào", blank=True)
    support_needed = models.TextField("nhu cầu hỗ trợ", blank=True)
    status = models.CharField(
        "trạng thái", max_length=30, choices=PlanStatus.choices, default=PlanStatus.DRAFT
    )
    approved_at = models.DateTimeField("thời điểm phê duyệt", null=True, blank=True)
    is_sample = models.BooleanField("dữ liệu mẫu", default=False)
    created_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = "phương án sản xuất kinh doanh"
        verbose_name_plural = "phương án sản xuất kinh doanh"
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.title

    def clean(self):
        errors = {}
        if self.idea_id and self.producer_id and self.idea.producer_id != self.producer_id:
            errors["idea"] = "Ý tưởng đã chọn không thuộc chủ thể lập phương án."
        if self.product_id and self.producer_id and self.product.producer_id != self.producer_id:
            errors["product"] = "Sản phẩm đã chọn không thuộc chủ thể lập phương án."
        if not self.idea_id and not self.product_id:
            errors["idea"] = "Phương án phải gắn với một ý tưởng hoặc một sản phẩm."
        if errors:
            raise ValidationError(errors)


class BusinessPlanInvestment(models.Model):
    plan = models.ForeignKey(BusinessPlan, on_delete=models.CASCADE, related_name="investments")
    item = models.CharField("hạng mục đầu tư", max_length=255)
    amount = models.PositiveBigIntegerField("kinh phí (đồng)")
    position = models.PositiveSmallIntegerField("thứ tự", default=0)

    class Meta:
        verbose_name = "hạng mục đầu tư"
        verbose_name_plural = "hạng mục đầu tư"
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.item


class BusinessPlanYear(models.Model):
    plan = models.ForeignKey(BusinessPlan, on_delete=models.CASCADE, related_name="years")
    year = models.PositiveSmallIntegerField("năm", validators=YEAR_VALIDATORS)
    revenue = models.PositiveBigIntegerField("doanh thu dự kiến (đồng)")
    cost = models.PositiveBigIntegerField("chi phí dự kiến (đồng)")

    class Meta:
        verbose_name = "doanh thu, chi phí theo năm"
        verbose_name_plural = "doanh thu, chi phí theo năm"
        ordering = ["year"]
        constraints = [models.UniqueConstraint(fields=["plan", "year"], name="unique_plan_year")]

    def __str__(self) -> str:
        return f"{self.plan} – {self.year}"


    @property
    def profit(self) -> int:
        return self.revenue - self.cost


def plan_attachment_path(instance: "BusinessPlanAttachment", filename: str) -> str:
    return random_name(f"business-plans/{instance.plan_id}", filename)


class BusinessPlanAttachment(Attachment):
    plan = models.ForeignKey(BusinessPlan, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField("tệp", storage=get_private_storage, upload_to=plan_attachment_path, max_length=255)

    class Meta:
        verbose_name = "tệp đính kèm phương án"
        verbose_name_plural = "tệp đính kèm phương án"
        ordering = ["id"]


class BusinessPlanEvent(models.Model):
    plan = models.ForeignKey(BusinessPlan, on_delete=models.CASCADE, related_name="events")
    action = models.CharField("thao tác", max_length=30)
    from_status = models.CharField("từ trạng thái", max_length=30, choices=PlanStatus.choices, blank=True)
    to_status = models.CharField("sang trạng thái", max_length=30, choices=PlanStatus.choices)
    comment = models.TextField("ý kiến", blank=True)
    actor = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField("thời điểm", auto_now_add=True)

    class Meta:
        verbose_name = "diễn biến phương án"
        verbose_name_plural = "diễn biến phương án"
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.plan}: {self.get_to_status_display()}"



# -- survey of existing products and focus selection ------------------------------------------


class ProductSurvey(TimeStampedModel):
    """Khảo sát, đánh giá thực trạng một sản phẩm hiện có (Kế hoạch Kon Rẫy 2024 mục III.3)."""

    product = models.ForeignKey(
        "products.Product", verbose_name="sản phẩm", on_delete=models.CASCADE, related_name="surveys"
    )
    surveyed_on = models.DateField("ngày khảo sát")
    surveyor = models.CharField("người, đơn vị khảo sát", max_length=255)
    current_state = models.TextField("hiện trạng sản xuất, kinh doanh", blank=True)
    strengths = models.TextField("ưu thế vượt trội")
    competitiveness = models.TextField("khả năng cạnh tranh", blank=True)
    development_direction = models.TextField("hướng phát triển", blank=True)
    proposed_support = models.TextField("đề xuất giải pháp hỗ trợ", blank=True)
    is_sample = models.BooleanField("dữ liệu mẫu", default=False)
    created_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = "phiếu khảo sát sản phẩm"
        verbose_name_plural = "phiếu khảo sát sản phẩm"
        ordering = ["-surveyed_on", "-id"]

    def __str__(self) -> str:
        return f"Khảo sát {self.product} ngày {self.surveyed_on:%d/%m/%Y}"


class FocusStatus(models.TextChoices):
    DRAFT = "du_thao", "Dự thảo"
    APPROVED = "da_phe_duyet", "Đã phê duyệt"


class FocusSelection(TimeStampedModel):
    """The year's 3–5 ideas/products chosen for focused support by one unit."""

    issuing_unit = models.ForeignKey(
        "territory.AdministrativeUnit",
        verbose_name="cấp lựa chọn (địa bàn)",
        on_delete=models.PROTECT,
        related_name="focus_selections",
    )
    year = models.PositiveSmallIntegerField("năm", validators=YEAR_VALIDATORS)
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
    approved_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    notes = models.TextField("ghi chú", blank=True)
    is_sample = models.BooleanField("dữ liệu mẫu", default=False)
    created_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = "lựa chọn sản phẩm trọng tâm"
        verbose_name_plural = "lựa chọn sản phẩm trọng tâm"
        ordering = ["-year", "id"]
        constraints = [
            models.UniqueConstraint(fields=["issuing_unit", "year"], name="one_focus_selection_per_unit_year"),
        ]

    def __str__(self) -> str:
        return f"Sản phẩm trọng tâm năm {self.year} – {self.issuing_unit}"


class FocusItem(models.Model):
    selection = models.ForeignKey(FocusSelection, on_delete=models.CASCADE, related_name="items")
    idea = models.ForeignKey(
        Idea, verbose_name="ý tưởng", null=True, blank=True, on_delete=models.PROTECT, related_name="focus_items"
    )
    product = models.ForeignKey(
        "products.Product",
        verbose_name="sản phẩm",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="focus_items",
    )
    reason = models.TextField("lý do lựa chọn")
    created_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField("thời điểm", auto_now_add=True)

    class Meta:
        verbose_name = "sản phẩm trọng tâm"
        verbose_name_plural = "sản phẩm trọng tâm"
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


class SupportActivity(TimeStampedModel):
    """One support given to a producer (and optionally a product or idea)."""

    producer = models.ForeignKey(
        "producers.Producer", verbose_name="chủ thể được hỗ trợ", on_delete=models.PROTECT, related_name="support_activities"
    )
    product = models.ForeignKey(
        "products.Product",
        verbose_name="sản phẩm",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="support_activities",
    )
    idea = models.ForeignKey(
        Idea, verbose_name="ý tưởng", null=True, blank=True, on_delete=models.SET_NULL, related_name="support_activities"
    )
    support_type = models.CharField("loại hỗ trợ", max_length=20, choices=SupportType.choices)
    content = models.TextField("nội dung hỗ trợ")
    provided_on = models.DateField("ngày hỗ trợ (dự kiến)")
    # The budget year is the year of `provided_on` (set by the service) and the budget unit
    # the level whose allocation pays the state part (province, legacy district or commune).
    year = models.PositiveSmallIntegerField("năm ngân sách", validators=YEAR_VALIDATORS)
    budget_unit = models.ForeignKey(
        "territory.AdministrativeUnit",
        verbose_name="cấp bố trí kinh phí",
        on_delete=models.PROTECT,
        related_name="support_activities",
    )
    provider = models.CharField("đơn vị thực hiện", max_length=255, blank=True)
    status = models.CharField(
        "tình trạng", max_length=20, choices=SupportStatus.choices, default=SupportStatus.PLANNED
    )
    notes = models.TextField("ghi chú", blank=True)
    is_sample = models.BooleanField("dữ liệu mẫu", default=False)
    created_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = "hoạt động hỗ trợ"
        verbose_name_plural = "hoạt động hỗ trợ"
        ordering = ["-provided_on", "-id"]
        indexes = [models.Index(fields=["budget_unit", "year"])]

    def __str__(self) -> str:
        return f"{self.get_support_type_display()} – {self.producer}"


class SupportFunding(models.Model):
    """The part of a support paid from one source."""

    activity = models.ForeignKey(SupportActivity, on_delete=models.CASCADE, related_name="fundings")
    source = models.CharField("nguồn kinh phí", max_length=20, choices=FundingSource.choices)
    amount = models.PositiveBigIntegerField("số tiền (đồng)", validators=[MinValueValidator(1)])

    class Meta:
        verbose_name = "kinh phí theo nguồn"
        verbose_name_plural = "kinh phí theo nguồn"
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["activity", "source"], name="unique_source_per_support"),
        ]
    def __str__(self) -> str:
        return f"{self.get_source_display()}: {self.amount}"


class BudgetAllocation(TimeStampedModel):
    """Dự toán: what one budget unit may spend on OCOP support from one source in one year."""

    unit = models.ForeignKey(
        "territory.AdministrativeUnit",
        verbose_name="cấp bố trí kinh phí",
        on_delete=models.PROTECT,
        related_name="budget_allocations",
    )
    year = models.PositiveSmallIntegerField("năm", validators=YEAR_VALIDATORS)
    source = models.CharField("nguồn kinh phí", max_length=20, choices=FundingSource.choices)
    amount = models.PositiveBigIntegerField("dự toán (đồng)")
    reference = models.CharField(
        "căn cứ giao dự toán", max_length=255, blank=True, help_text="Số, ngày quyết định giao dự toán."
    )
    is_sample = models.BooleanField("dữ liệu mẫu", default=False)
    created_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = "dự toán kinh phí hỗ trợ"
        verbose_name_plural = "dự toán kinh phí hỗ trợ"
        ordering = ["-year", "unit_id", "source"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "year", "source"], name="unique_allocation"),
        ]

    def __str__(self) -> str:
        return f"{self.get_source_display()} năm {self.year} – {self.unit}"


auditlog.register(Idea, exclude_fields=["search_text", "updated_at"])
auditlog.register(BusinessPlan, exclude_fields=["search_text", "updated_at"])
auditlog.register(ProductSurvey, exclude_fields=["updated_at"])
auditlog.register(FocusSelection, exclude_fields=["updated_at"])
auditlog.register(SupportActivity, exclude_fields=["updated_at"])
auditlog.register(BudgetAllocation, exclude_fields=["updated_at"])
