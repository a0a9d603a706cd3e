"""Steps 2–4 of the yearly OCOP cycle: ideas and the yearly approved lists (with their amendments).

Every record keeps the administrative unit it was made under (a 2024 idea stays in the
legacy commune; lists can be read under today's units through UnitCoverage).
Money is whole Vietnamese đồng (integers).
"""

from django.db import models
from django.db.models import Q

from ocop.core.audit import audit
from ocop.core.fields import year_field
from ocop.core.keys import producer_fk, product_fk, unique, unit_fk
from ocop.core.models import CreatedByModel, RecordModel, SearchableModel
from ocop.core.validation import FieldErrors
from ocop.core.workflow import Workflow, WorkflowEvent, history_of, register
from ocop.ideas.workflow import IDEA_TRANSITIONS, IdeaStatus
from ocop.products.models import category_fk, check_classified, check_own_product


class Idea(SearchableModel, RecordModel):
    """Phiếu đăng ký ý tưởng sản phẩm (biểu 01; biểu 02 for an existing product)."""

    SEARCH_FIELDS = ("name", "producer.name", "description", "raw_materials")

    name = models.CharField("tên ý tưởng/sản phẩm", max_length=255)
    producer = producer_fk(related_name="ideas")
    commune = unit_fk("xã, phường", related_name="ideas")
    category = category_fk(related_name="ideas")
    year = year_field("năm tham gia chu trình")
    description = models.TextField("mô tả ý tưởng", blank=True)
    raw_materials = models.TextField("nguồn nguyên liệu", blank=True)
    intended_market = models.TextField("thị trường dự kiến", blank=True)
    status = models.CharField(
        "trạng thái", max_length=30, choices=IdeaStatus.choices, default=IdeaStatus.DRAFT
    )
    # Set when an existing product is registered, or when the idea matures into a product.
    # A product may enter the cycle again in a later year, so several ideas may name it.
    product = product_fk(related_name="ideas", optional=True, on_delete=models.SET_NULL)

    class Meta:
        verbose_name = verbose_name_plural = "ý tưởng sản phẩm"
        ordering = ["-year", "name", "id"]
        indexes = [models.Index(fields=["year", "status"])]

    def __str__(self) -> str:
        return self.name

    def clean(self):
        errors = FieldErrors()
        check_classified(errors, self)
        check_own_product(errors, self, "Sản phẩm đã chọn không thuộc chủ thể đăng ký ý tưởng.")
        errors.raise_if_any()


class IdeaEvent(WorkflowEvent):
    """One move of an idea (ocop.core.workflow): who, when, from which state to which, why,
    and the list decision that made it, if any."""

    WORKFLOW = "ideas.idea"

    idea = history_of(Idea)
    decision = models.ForeignKey(
        "IdeaListDecision", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta(WorkflowEvent.Meta):
        verbose_name = verbose_name_plural = "diễn biến ý tưởng"

    def __str__(self) -> str:
        return f"{self.idea}: {self.to_state_label}"

    @property
    def details(self) -> list[tuple[str, str]]:
        # A list move without a comment still names its decision (select_related by idea_events).
        if self.decision_id and not self.comment:
            return [("Theo quyết định", f"số {self.decision.number}")]
        return []


class DecisionKind(models.TextChoices):
    APPROVAL = "phe_duyet", "Phê duyệt danh sách"
    AMENDMENT = "dieu_chinh", "Điều chỉnh, bổ sung danh sách"


class IdeaListDecision(RecordModel):
    """Quyết định phê duyệt (or điều chỉnh, bổ sung) danh sách ý tưởng/sản phẩm tham gia
    Chương trình OCOP năm … — e.g. 298/QĐ-UBND of UBND huyện Kon Rẫy, 14/4/2024.

    The list itself is never stored as a whole: each decision records the entries it added or
    removed (IdeaListChange), and the list "as of" a decision is those changes replayed in
    order of signing date (selectors.idea_list_as_of).
    """

    issuing_unit = unit_fk("cấp phê duyệt (địa bàn)", related_name="idea_list_decisions")
    year = year_field()
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

    class Meta:
        verbose_name = verbose_name_plural = "quyết định phê duyệt danh sách ý tưởng/sản phẩm"
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


class IdeaListChange(CreatedByModel):
    decision = models.ForeignKey(IdeaListDecision, on_delete=models.CASCADE, related_name="changes")
    idea = models.ForeignKey(Idea, on_delete=models.PROTECT, related_name="list_changes")
    action = models.CharField("nội dung", max_length=10, choices=ChangeAction.choices)
    reason = models.TextField("lý do", blank=True)
    created_at = models.DateTimeField("thời điểm ghi", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "thay đổi danh sách"
        ordering = ["id"]
        constraints = [unique("decision", "idea", name="unique_idea_per_decision")]
    def __str__(self) -> str:
        return f"{self.decision}: {self.get_action_display()} {self.idea}"


audit(Idea)


def _idea_complete(idea, payload, actor) -> list[str]:
    missing = [
        label
        for label, value in (
            ("mô tả ý tưởng", idea.description),
            ("nguồn nguyên liệu", idea.raw_materials),
            ("thị trường dự kiến", idea.intended_market),
        )
        if not value.strip()
    ]
    return [f"Trước khi gửi xã, vui lòng nhập: {', '.join(missing)}."] if missing else []


IDEA_WORKFLOW = register(
    Workflow(
        name=IdeaEvent.WORKFLOW,
        model=Idea,
        event_model=IdeaEvent,
        subject_field="idea",
        states=IdeaStatus,
        transitions=tuple(IDEA_TRANSITIONS.values()),
        checks={"complete": _idea_complete},
        action_labels={"thanh_san_pham": "Chuyển thành sản phẩm"},
        lock_related=("producer", "commune"),
    )
)
