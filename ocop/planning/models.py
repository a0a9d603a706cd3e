"""Plans (kế hoạch), targets (chỉ tiêu), tasks (nhiệm vụ) and periodic reports (báo cáo định kỳ).

A plan is held as data in the order of its text: bases, purposes and requirements,
objectives, measurable targets, solutions (mục III), and the agencies and communes of mục IV
with their tasks. A task (one sentence of mục IV) is assigned to one or more holders — an
agency or a commune — each with a role (chủ trì / phối hợp); progress is reported per
assignment. Targets name an indicator of `ocop.planning.actuals`; their actual values are
never stored but computed live from the registries and the cycle's data. Reports are due per
period (quý, 6 tháng, năm) from every holder; their completeness and timeliness are computed
(`ocop.planning.reporting`).
"""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from ocop.core.audit import audit
from ocop.core.fields import private_file, year_field
from ocop.core.keys import agency_fk, unique, unit_fk, user_ref
from ocop.core.models import CheckedFileModel, RecordModel, SearchableModel, TimeStampedModel
from ocop.core.storage import random_name
from ocop.core.validation import FieldErrors
from ocop.core.workflow import WorkflowEvent, history_of
from ocop.planning import recurrence
from ocop.planning.states import ReportStatus, TaskStatus


class PlanStatus(models.TextChoices):
    DRAFT = "du_thao", "Dự thảo"
    ISSUED = "da_ban_hanh", "Đã ban hành"


class Plan(SearchableModel, RecordModel):
    SEARCH_FIELDS = ("title", "number", "issuer_name")

    issuing_unit = unit_fk(
        "địa bàn ban hành",
        related_name="ocop_plans",
        help_text="Tỉnh, huyện (trước 1/7/2025) hoặc xã ban hành kế hoạch.",
    )
    issuer_name = models.CharField(
        "cơ quan ban hành", max_length=255, help_text="Ví dụ: Ủy ban nhân dân huyện Kon Rẫy"
    )
    place = models.CharField("địa danh ghi ngày", max_length=100, help_text="Ví dụ: Kon Rẫy")
    year = year_field("năm kế hoạch")
    number = models.CharField(
        "số, ký hiệu", max_length=50, blank=True, help_text="Ví dụ: 125/KH-UBND; để trống nếu chưa có số."
    )
    issued_on = models.DateField("ngày ban hành", null=True, blank=True)
    doc_type = models.CharField("tên loại văn bản", max_length=50, default="KẾ HOẠCH")
    title = models.CharField("trích yếu", max_length=500)
    preamble = models.TextField("lời dẫn", blank=True)
    purposes = models.TextField("mục đích", blank=True, help_text="Mỗi đoạn một dòng.")
    requirements = models.TextField("yêu cầu", blank=True, help_text="Mỗi đoạn một dòng.")
    general_objective = models.TextField("mục tiêu chung", blank=True)
    specific_objective = models.TextField("mục tiêu cụ thể", blank=True)
    closing = models.TextField("câu kết", blank=True)
    recipients = models.TextField("nơi nhận", blank=True, help_text="Mỗi nơi nhận một dòng.")
    signer_authority = models.CharField(
        "thẩm quyền ký", max_length=200, blank=True, help_text="Ví dụ: TM. ỦY BAN NHÂN DÂN / KT. CHỦ TỊCH (mỗi dòng một cấp)."
    )
    signer_position = models.CharField("chức vụ người ký", max_length=100, blank=True)
    signer_name = models.CharField("người ký", max_length=150, blank=True)
    status = models.CharField("trạng thái", max_length=20, choices=PlanStatus.choices, default=PlanStatus.DRAFT)
    communes = models.ManyToManyField(
        "territory.AdministrativeUnit",
        verbose_name="các xã theo dõi chỉ tiêu",
        related_name="+",
        blank=True,
    )
    lead_agency = agency_fk("cơ quan thường trực (tổng hợp báo cáo)", on_delete=models.SET_NULL)
    report_recipient = models.CharField(
        "báo cáo tổng hợp gửi", max_length=255, blank=True, help_text="Ví dụ: UBND tỉnh Kon Tum (qua Văn phòng điều phối NTM tỉnh)"
    )
    source_note = models.CharField("nguồn dữ liệu", max_length=500, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "kế hoạch OCOP"
        ordering = ["-year", "issuing_unit_id", "id"]

    def __str__(self) -> str:
        number = f" số {self.number}" if self.number else ""
        return f"Kế hoạch{number} năm {self.year} – {self.issuer_name}"

    @property
    def purpose_lines(self) -> list[str]:
        return [line.strip() for line in self.purposes.splitlines() if line.strip()]

    @property
    def requirement_lines(self) -> list[str]:
        return [line.strip() for line in self.requirements.splitlines() if line.strip()]

    @property
    def recipient_lines(self) -> list[str]:
        return [line.strip() for line in self.recipients.splitlines() if line.strip()]

    @property
    def number_line(self) -> str:
        return f"Số: {self.number}" if self.number else "Số:       /KH-UBND"


class PlanBasis(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="bases")
    position = models.PositiveSmallIntegerField("thứ tự")
    text = models.TextField("căn cứ")

    class Meta:
        verbose_name = verbose_name_plural = "căn cứ"
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.text[:80]


class PlanSolution(models.Model):
    """An item of mục III (nhiệm vụ và giải pháp)."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="solutions")
    position = models.PositiveSmallIntegerField("số thứ tự")
    title = models.CharField("tên nhiệm vụ, giải pháp", max_length=255)
    content = models.TextField("nội dung", help_text="Mỗi đoạn một dòng.")
    inline = models.BooleanField("nội dung viết liền sau tên mục", default=False)

    class Meta:
        verbose_name = verbose_name_plural = "nhiệm vụ và giải pháp"
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return f"{self.position}. {self.title}"

    @property
    def lines(self) -> list[str]:
        return [line.strip() for line in self.content.splitlines() if line.strip()]


class Breakdown(models.TextChoices):
    TOTAL = "tong", "Toàn địa bàn"
    PER_COMMUNE = "moi_xa", "Mỗi xã"


class Target(TimeStampedModel):
    """Chỉ tiêu: an indicator, its baseline and the value to reach (or a range)."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="targets")
    position = models.PositiveSmallIntegerField("thứ tự", default=0)
    indicator = models.CharField("chỉ số", max_length=60)
    label = models.CharField("chỉ tiêu (như ghi trong kế hoạch)", max_length=500)
    breakdown = models.CharField("áp dụng cho", max_length=10, choices=Breakdown.choices, default=Breakdown.TOTAL)
    baseline = models.DecimalField("giá trị nền (đầu kỳ)", max_digits=16, decimal_places=2, null=True, blank=True)
    target_value = models.DecimalField("giá trị phấn đấu (tối thiểu)", max_digits=16, decimal_places=2)
    target_max = models.DecimalField(
        "giá trị tối đa", max_digits=16, decimal_places=2, null=True, blank=True,
        help_text="Chỉ nhập khi chỉ tiêu là một khoảng, ví dụ từ 3 đến 5.",
    )
    unit_label = models.CharField("đơn vị tính", max_length=50)
    source = models.CharField("vị trí trong kế hoạch", max_length=50, blank=True, help_text="Ví dụ: II.2")

    class Meta:
        verbose_name = verbose_name_plural = "chỉ tiêu"
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.label

    @property
    def per_commune(self) -> bool:
        return self.breakdown == Breakdown.PER_COMMUNE

    def clean(self):
        from ocop.planning.actuals import INDICATORS

        errors = FieldErrors()
        if self.indicator and self.indicator not in INDICATORS:
            errors["indicator"] = f"Chỉ số “{self.indicator}” không có trong danh mục chỉ số."
        elif self.indicator and self.per_commune and not INDICATORS[self.indicator].per_unit:
            errors["breakdown"] = "Chỉ số này không tính được theo từng xã."
        errors.check(
            self.target_max is not None and self.target_value is not None and self.target_max < self.target_value,
            "target_max",
            "Giá trị tối đa phải lớn hơn hoặc bằng giá trị tối thiểu.",
        )
        errors.raise_if_any()


class Responsibility(models.Model):
    """An item of mục IV (tổ chức thực hiện): who, as written, and the holders it names."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="responsibilities")
    position = models.PositiveSmallIntegerField("số thứ tự")
    heading = models.CharField("cơ quan, đơn vị (như ghi trong kế hoạch)", max_length=255)
    inline = models.BooleanField("nội dung viết liền sau tên mục", default=False)
    is_request = models.BooleanField(
        "là đề nghị (không phải giao nhiệm vụ)", default=False,
        help_text="Kế hoạch đề nghị Mặt trận Tổ quốc, các đoàn thể phối hợp, không giao việc.",
    )
    agencies = models.ManyToManyField(
        "accounts.Agency", verbose_name="cơ quan thực hiện", blank=True, related_name="+"
    )
    all_communes = models.BooleanField("giao cho tất cả các xã theo dõi", default=False)

    class Meta:
        verbose_name = verbose_name_plural = "mục tổ chức thực hiện"
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return f"{self.position}. {self.heading}"


class TaskRole(models.TextChoices):
    LEAD = "chu_tri", "Chủ trì"
    COORDINATE = "phoi_hop", "Phối hợp"


class Task(TimeStampedModel):
    """One task of mục IV, as written in the plan, with its deadline or recurrence."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="tasks")
    responsibility = models.ForeignKey(Responsibility, on_delete=models.CASCADE, related_name="tasks")
    position = models.PositiveSmallIntegerField("thứ tự")
    content = models.TextField("nội dung nhiệm vụ")
    role = models.CharField("vai trò của đơn vị được giao", max_length=10, choices=TaskRole.choices, default=TaskRole.LEAD)
    deadline = models.DateField(
        "hạn hoàn thành", help_text="Với nhiệm vụ định kỳ: hạn của lần cuối cùng trong năm."
    )
    recurrence = models.CharField(
        "lặp lại", max_length=10, choices=recurrence.FREQUENCY_CHOICES, blank=True, default=recurrence.NONE
    )
    recurrence_due_days = models.PositiveSmallIntegerField(
        "hạn mỗi kỳ (số ngày sau ngày cuối kỳ)", default=5, validators=[MaxValueValidator(60)]
    )

    class Meta:
        verbose_name = verbose_name_plural = "nhiệm vụ"
        ordering = ["responsibility__position", "position", "id"]

    def __str__(self) -> str:
        return self.content[:80]

    @property
    def is_recurring(self) -> bool:
        return bool(self.recurrence)

    def due_dates(self, year: int) -> list:
        return recurrence.due_dates(self.recurrence, year, due_after_days=self.recurrence_due_days)


def agency_or_unit_constraints(*, parent: str, unit: str, one_name: str, unique_prefix: str) -> list:
    """A row held by exactly one agency or one administrative unit (the `agency` field and the
    `unit` field), and at most one row per parent and holder."""
    return [
        models.CheckConstraint(
            condition=(Q(agency__isnull=False) & Q(**{f"{unit}__isnull": True}))
            | (Q(agency__isnull=True) & Q(**{f"{unit}__isnull": False})),
            name=one_name,
        ),
        models.UniqueConstraint(
            fields=[parent, "agency"], condition=Q(agency__isnull=False), name=f"{unique_prefix}_agency"
        ),
        models.UniqueConstraint(
            fields=[parent, unit], condition=Q(**{f"{unit}__isnull": False}), name=f"{unique_prefix}_{unit}"
        ),
    ]


def _name_or_empty(holder) -> str:
    return holder.name if holder is not None else ""


class TaskAssignment(TimeStampedModel):
    """A task given to one holder (an agency or a commune) with a role; progress lives here."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="assignments")
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="assignments")
    agency = agency_fk("cơ quan")
    commune = unit_fk("UBND xã", optional=True)
    role = models.CharField("vai trò", max_length=10, choices=TaskRole.choices, default=TaskRole.LEAD)
    status = models.CharField("trạng thái", max_length=20, choices=TaskStatus.choices, default=TaskStatus.NOT_STARTED)
    progress = models.PositiveSmallIntegerField(
        "tiến độ (%)", default=0, validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    last_reported_on = models.DateField("ngày cập nhật gần nhất", null=True, blank=True)
    completed_on = models.DateField("ngày hoàn thành", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "giao nhiệm vụ"
        ordering = ["task__responsibility__position", "task__position", "id"]
        constraints = agency_or_unit_constraints(
            parent="task", unit="commune", one_name="assignment_has_one_holder", unique_prefix="unique_task"
        )
        indexes = [models.Index(fields=["plan", "status"])]

    def __str__(self) -> str:
        return f"{self.holder_name}: {self.task}"

    @property
    def holder(self):
        return self.agency if self.agency_id else self.commune

    @property
    def holder_name(self) -> str:
        return _name_or_empty(self.holder)


class TaskEvent(WorkflowEvent):
    """One move of an assignment (see `ocop.planning.workflow`): who, when, from which status
    to which, why; `data` keeps the percentage a progress update reported."""

    WORKFLOW = "planning.task"

    assignment = history_of(TaskAssignment)

    class Meta(WorkflowEvent.Meta):
        verbose_name = verbose_name_plural = "diễn biến nhiệm vụ"

    @property
    def details(self) -> list[tuple[str, str]]:
        if "progress" in self.data:
            return [("Tiến độ", f"{self.data['progress']}%")]
        return []


class ProgressUpdate(models.Model):
    assignment = models.ForeignKey(TaskAssignment, on_delete=models.CASCADE, related_name="updates")
    reported_on = models.DateField("ngày báo cáo")
    progress = models.PositiveSmallIntegerField(
        "tiến độ (%)", validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    narrative = models.TextField("kết quả thực hiện")
    actor = user_ref()
    created_at = models.DateTimeField("thời điểm ghi", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "cập nhật tiến độ"
        ordering = ["-reported_on", "-id"]
        indexes = [models.Index(fields=["assignment", "reported_on"])]

    def __str__(self) -> str:
        return f"{self.progress}% ngày {self.reported_on:%d/%m/%Y}"


def evidence_upload_path(instance: ProgressEvidence, filename: str) -> str:
    return random_name(f"planning/{instance.update.assignment_id}", filename)


class ProgressEvidence(CheckedFileModel):
    update = models.ForeignKey(ProgressUpdate, on_delete=models.CASCADE, related_name="evidence")
    file = private_file(evidence_upload_path, max_length=255)

    class Meta:
        verbose_name = verbose_name_plural = "minh chứng tiến độ"
        ordering = ["id"]

    def __str__(self) -> str:
        return self.original_name


class PeriodKind(models.TextChoices):
    MONTH = recurrence.MONTHLY, "Tháng"
    QUARTER = recurrence.QUARTERLY, "Quý"
    HALF = recurrence.HALF_YEARLY, "6 tháng"
    YEAR = recurrence.YEARLY, "Năm"


class ReportPeriod(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="periods")
    kind = models.CharField("loại kỳ", max_length=10, choices=PeriodKind.choices)
    label = models.CharField("kỳ báo cáo", max_length=60)
    starts_on = models.DateField("từ ngày")
    ends_on = models.DateField("đến ngày")
    due_on = models.DateField("hạn nộp")

    class Meta:
        verbose_name = verbose_name_plural = "kỳ báo cáo"
        ordering = ["ends_on", "id"]
        constraints = [unique("plan", "kind", "starts_on", "ends_on", name="unique_report_period")]

    def __str__(self) -> str:
        return self.label

    def clean(self):
        errors = FieldErrors()
        errors.check_order(self.starts_on, self.ends_on, "ends_on", "Ngày cuối kỳ phải từ ngày đầu kỳ trở đi.")
        errors.check(
            self.ends_on and self.due_on and self.due_on < self.starts_on,
            "due_on",
            "Hạn nộp không được trước ngày đầu kỳ.",
        )
        errors.raise_if_any()


class PeriodicReport(RecordModel):
    """One unit's report for one period, or (is_aggregate) the plan's compiled report upward.

    `figures` is the snapshot the reporter submitted: {indicator: {"value": …, "numerator":
    …, "denominator": …}} pre-filled from the live actuals and editable before submitting.
    """

    period = models.ForeignKey(ReportPeriod, on_delete=models.CASCADE, related_name="reports")
    agency = agency_fk("cơ quan báo cáo")
    unit = unit_fk("UBND xã / địa bàn báo cáo", optional=True)
    is_aggregate = models.BooleanField("báo cáo tổng hợp", default=False)
    status = models.CharField("trạng thái", max_length=10, choices=ReportStatus.choices, default=ReportStatus.DRAFT)
    figures = models.JSONField("số liệu", default=dict, blank=True)
    narrative = models.TextField("kết quả thực hiện, khó khăn, kiến nghị", blank=True)
    number = models.CharField("số báo cáo", max_length=50, blank=True)
    submitted_on = models.DateField("ngày nộp", null=True, blank=True)
    submitted_by = user_ref()
    sources = models.ManyToManyField("self", symmetrical=False, blank=True, related_name="+")

    class Meta:
        verbose_name = verbose_name_plural = "báo cáo định kỳ"
        ordering = ["period__ends_on", "id"]
        constraints = agency_or_unit_constraints(
            parent="period", unit="unit", one_name="report_has_one_reporter", unique_prefix="unique_report"
        )

    def __str__(self) -> str:
        return f"Báo cáo {self.period} – {self.reporter_name}"

    @property
    def reporter(self):
        return self.agency if self.agency_id else self.unit

    @property
    def reporter_name(self) -> str:
        return _name_or_empty(self.reporter)


class ReportEvent(WorkflowEvent):
    """One move of a periodic report (see `ocop.planning.workflow`), its creation or its
    compilation from the holders' reports."""

    WORKFLOW = "planning.report"

    report = history_of(PeriodicReport)

    class Meta(WorkflowEvent.Meta):
        verbose_name = verbose_name_plural = "diễn biến báo cáo"


audit(Plan, Target, Task, TaskAssignment, ReportPeriod, PeriodicReport)
