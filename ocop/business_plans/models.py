"""Steps 2–4 of the yearly OCOP cycle: business plans (phương án sản xuất kinh doanh).
Moved out of the ideas app (issue 17); their tables were renamed from ideas_*.

Every record keeps the administrative unit it was made under (a 2024 idea stays in the
legacy commune; lists can be read under today's units through UnitCoverage).
Money is whole Vietnamese đồng (integers).
"""

from django.db import models
from django.utils import timezone

from ocop.business_plans.workflow import PLAN_TRANSITIONS, PlanStatus
from ocop.core.audit import audit
from ocop.core.fields import private_file, year_field
from ocop.core.keys import optional_fk, producer_fk, product_fk, unique, unit_fk
from ocop.core.models import Attachment, RecordModel, SearchableModel
from ocop.core.storage import random_name
from ocop.core.validation import FieldErrors
from ocop.core.workflow import Workflow, WorkflowEvent, history_of, register
from ocop.ideas.models import Idea
from ocop.products.models import check_own_product

# -- business plans --------------------------------------------------------------------------


class BusinessPlan(SearchableModel, RecordModel):
    """Phương án/kế hoạch sản xuất kinh doanh (biểu 03)."""

    SEARCH_FIELDS = ("title", "producer.name")

    title = models.CharField("tên phương án", max_length=255)
    producer = producer_fk(related_name="business_plans")
    idea = optional_fk(Idea, "ý tưởng", on_delete=models.PROTECT, related_name="business_plans")
    product = product_fk(related_name="business_plans", optional=True)
    commune = unit_fk("xã, phường", related_name="business_plans")
    market = models.TextField("thị trường mục tiêu")
    production_organisation = models.TextField("tổ chức sản xuất", blank=True)
    raw_materials = models.TextField("nguyên liệu đầu vào", blank=True)
    support_needed = models.TextField("nhu cầu hỗ trợ", blank=True)
    status = models.CharField(
        "trạng thái", max_length=30, choices=PlanStatus.choices, default=PlanStatus.DRAFT
    )
    approved_at = models.DateTimeField("thời điểm phê duyệt", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "phương án sản xuất kinh doanh"
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.title

    def clean(self):
        errors = FieldErrors()
        errors.check(
            self.idea_id and self.producer_id and self.idea.producer_id != self.producer_id,
            "idea",
            "Ý tưởng đã chọn không thuộc chủ thể lập phương án.",
        )
        check_own_product(errors, self, "Sản phẩm đã chọn không thuộc chủ thể lập phương án.")
        errors.check(
            not self.idea_id and not self.product_id, "idea", "Phương án phải gắn với một ý tưởng hoặc một sản phẩm."
        )
        errors.raise_if_any()


class BusinessPlanInvestment(models.Model):
    plan = models.ForeignKey(BusinessPlan, on_delete=models.CASCADE, related_name="investments")
    item = models.CharField("hạng mục đầu tư", max_length=255)
    amount = models.PositiveBigIntegerField("kinh phí (đồng)")
    position = models.PositiveSmallIntegerField("thứ tự", default=0)

    class Meta:
        verbose_name = verbose_name_plural = "hạng mục đầu tư"
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.item


class BusinessPlanYear(models.Model):
    plan = models.ForeignKey(BusinessPlan, on_delete=models.CASCADE, related_name="years")
    year = year_field()
    revenue = models.PositiveBigIntegerField("doanh thu dự kiến (đồng)")
    cost = models.PositiveBigIntegerField("chi phí dự kiến (đồng)")

    class Meta:
        verbose_name = verbose_name_plural = "doanh thu, chi phí theo năm"
        ordering = ["year"]
        constraints = [unique("plan", "year", name="unique_plan_year")]

    def __str__(self) -> str:
        return f"{self.plan} – {self.year}"


    @property
    def profit(self) -> int:
        return self.revenue - self.cost


def plan_attachment_path(instance: "BusinessPlanAttachment", filename: str) -> str:
    return random_name(f"business-plans/{instance.plan_id}", filename)


class BusinessPlanAttachment(Attachment):
    plan = models.ForeignKey(BusinessPlan, on_delete=models.CASCADE, related_name="attachments")
    file = private_file(plan_attachment_path, max_length=255)

    class Meta(Attachment.Meta):
        verbose_name = verbose_name_plural = "tệp đính kèm phương án"


class BusinessPlanEvent(WorkflowEvent):
    """One move of a business plan (ocop.core.workflow)."""

    WORKFLOW = "business_plans.businessplan"

    plan = history_of(BusinessPlan)

    class Meta(WorkflowEvent.Meta):
        verbose_name = verbose_name_plural = "diễn biến phương án"

    def __str__(self) -> str:
        return f"{self.plan}: {self.to_state_label}"


audit(BusinessPlan)


def _plan_has_years(plan, payload, actor) -> list[str]:
    if plan.years.exists():
        return []
    return ["Trước khi gửi xã, hãy nhập doanh thu, chi phí dự kiến của ít nhất một năm."]


def _plan_approved(plan, actor, payload) -> None:
    """Approval dates the plan and, when its idea has become a product, ties it to that product."""
    plan.approved_at = timezone.now()
    if plan.idea_id and not plan.product_id and plan.idea.product_id:
        plan.product_id = plan.idea.product_id


PLAN_WORKFLOW = register(
    Workflow(
        name=BusinessPlanEvent.WORKFLOW,
        model=BusinessPlan,
        event_model=BusinessPlanEvent,
        subject_field="plan",
        states=PlanStatus,
        transitions=tuple(PLAN_TRANSITIONS.values()),
        checks={"has_years": _plan_has_years},
        effects={"phe_duyet": _plan_approved},
        lock_related=("producer", "idea"),
    )
)
