"""Dossiers (hồ sơ sản phẩm) from the producer to an evaluation round.

A dossier belongs to one product; it records the regime it is judged under (chosen by
filing date, never changed), its place in the workflow (see `workflow.py`), the contents of
Mẫu 01 and Mẫu 02 (QĐ 26/2026 Phụ lục III), the evidence it attaches from the producer's
evidence library, the commune's report (Mẫu 03) and the round it was accepted into.
Every workflow transition writes a `DossierEvent`.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils import timezone

from ocop.core.audit import audit
from ocop.core.fields import private_file
from ocop.core.keys import optional_fk, producer_fk, product_fk, unique, unit_fk, user_ref
from ocop.core.models import (
    CheckedFileModel,
    CreatedByModel,
    RecordModel,
    SampleFlagModel,
    SearchableModel,
    TimeStampedModel,
)
from ocop.core.storage import random_name
from ocop.core.text import lower_first
from ocop.core.workflow import WorkflowEvent, history_of


class DossierKind(models.TextChoices):
    # QĐ 26/2026 Điều 6.1 a–c; Mẫu số 01 mục 4.
    FIRST = "lan_dau", "Lần đầu"
    UPGRADE = "nang_hang", "Nâng hạng"
    REEVALUATION = "danh_gia_lai", "Đánh giá lại"


class DossierState(models.TextChoices):
    DRAFT = "draft", "Nháp"
    SUBMITTED = "submitted", "Đã nộp UBND xã"
    COMMUNE_CHECKING = "commune_checking", "UBND xã đang kiểm tra"
    RETURNED = "returned", "Trả lại để hoàn thiện"
    COMMUNE_REPORTED = "commune_reported", "UBND xã đã ban hành báo cáo (Mẫu 03)"
    # QĐ 148/QĐ-TTg (2023): the district is the first evaluation level.
    FORWARDED_TO_DISTRICT = "forwarded_to_district", "Đã gửi phòng chuyên môn cấp huyện"
    DISTRICT_CHECKING = "district_checking", "Cấp huyện đang kiểm tra"
    DISTRICT_RETURNED = "district_returned", "Cấp huyện yêu cầu hoàn thiện"
    # QĐ 148 as amended by QĐ 1489 (2025) and QĐ 26/2026: the province.
    FORWARDED_TO_PROVINCE = "forwarded_to_province", "Đã gửi UBND tỉnh"
    PROVINCE_CHECKING = "province_checking", "Cơ quan tham mưu cấp tỉnh đang kiểm tra"
    PROVINCE_RETURNED = "province_returned", "Cấp tỉnh yêu cầu hoàn thiện"
    ACCEPTED = "accepted", "Đã tiếp nhận vào đợt đánh giá"
    WITHDRAWN = "withdrawn", "Đã rút hồ sơ"
    # Reserved for the council workflow (issue 5): no transitions lead here yet.
    IN_EVALUATION = "in_evaluation", "Hội đồng đang đánh giá"
    EVALUATED = "evaluated", "Đã có kết quả đánh giá"
    FORWARDED_UP = "forwarded_up", "Đã chuyển cấp trên đánh giá"
    RECOGNISED = "recognised", "Đã được công nhận"
    NOT_RECOGNISED = "not_recognised", "Không được công nhận"


# States in which the producer (or the commune on its behalf) may change the dossier.
EDITABLE_STATES = frozenset(
    {
        DossierState.DRAFT,
        DossierState.RETURNED,
        DossierState.DISTRICT_RETURNED,
        DossierState.PROVINCE_RETURNED,
    }
)
# States in which the commune may fill in or correct its report (Mẫu 03).
COMMUNE_REPORT_EDITABLE_STATES = frozenset(
    {DossierState.COMMUNE_CHECKING, DossierState.DISTRICT_RETURNED, DossierState.PROVINCE_RETURNED}
)
# Dossiers past acceptance into a round: what councils and advisory teams may read.
IN_ROUND_STATES = frozenset(
    {
        DossierState.ACCEPTED,
        DossierState.IN_EVALUATION,
        DossierState.EVALUATED,
        DossierState.FORWARDED_UP,
        DossierState.RECOGNISED,
        DossierState.NOT_RECOGNISED,
    }
)
# A product has at most one dossier outside these states.
CLOSED_STATES = frozenset(
    {DossierState.WITHDRAWN, DossierState.RECOGNISED, DossierState.NOT_RECOGNISED}
)
# States counted against the commune's 15 working days (QĐ 26/2026 Điều 7.2).
COMMUNE_CLOCK_STATES = frozenset({DossierState.SUBMITTED, DossierState.COMMUNE_CHECKING})


class EvaluationLevel(models.TextChoices):
    DISTRICT = "district", "Cấp huyện (QĐ 148/QĐ-TTg, đến 30/6/2025)"
    PROVINCE = "province", "Cấp tỉnh"
    MINISTRY = "ministry", "Cấp trung ương (Bộ Nông nghiệp và Môi trường)"


class RoundStatus(models.TextChoices):
    OPEN = "open", "Đang nhận hồ sơ"
    CLOSED = "closed", "Đã khóa danh sách"


class EvaluationRound(RecordModel):
    """Đợt đánh giá (QĐ 26/2026 Điều 5): at least two a year per province and at the
    ministry, with legal cut-offs; extra rounds allowed."""

    level = models.CharField("cấp đánh giá", max_length=10, choices=EvaluationLevel.choices)
    unit = unit_fk(
        "địa bàn tổ chức",
        optional=True,
        help_text="Tỉnh (hoặc huyện trước 1/7/2025) tổ chức đợt; để trống với đợt cấp trung ương.",
    )
    regime_key = models.CharField("chế độ pháp lý", max_length=30)
    year = models.PositiveSmallIntegerField("năm")
    number = models.PositiveSmallIntegerField("đợt số")
    is_extra = models.BooleanField("đợt bổ sung", default=False)
    name = models.CharField("tên đợt", max_length=255)
    proposed_before = models.DateField("nhận hồ sơ đề nghị trước ngày", null=True, blank=True)
    held_before = models.DateField("tổ chức trước ngày", null=True, blank=True)
    scheduled_on = models.DateField("ngày dự kiến họp hội đồng", null=True, blank=True)
    status = models.CharField(
        "tình trạng", max_length=10, choices=RoundStatus.choices, default=RoundStatus.OPEN
    )
    notes = models.TextField("ghi chú", blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "đợt đánh giá"
        ordering = ["-year", "-number", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["level", "unit", "year", "number"], name="unique_round_per_unit_year"
            ),
        ]

    def __str__(self) -> str:
        return self.name


def evidence_upload_path(instance: EvidenceDocument, filename: str) -> str:
    # A random name: the original name is kept in the row, never used on disk.
    return random_name(f"evidence/{instance.producer_id}", filename)


class EvidenceDocument(TimeStampedModel, SampleFlagModel, CheckedFileModel):
    """A document in a producer's evidence library, stored once and attached to any number
    of dossiers while it is valid (an upgrade or re-evaluation does not upload it again).
    """

    producer = producer_fk(related_name="evidence_documents")
    product = product_fk(
        related_name="evidence_documents",
        optional=True,
        help_text="Để trống khi tài liệu dùng chung cho mọi sản phẩm của chủ thể.",
    )
    item_key = models.CharField("mục minh chứng", max_length=40)
    subtype = models.CharField("loại giấy tờ", max_length=40, blank=True)
    title = models.CharField("tên tài liệu", max_length=255)
    file = private_file(evidence_upload_path, max_length=255)
    issued_on = models.DateField("ngày cấp", null=True, blank=True)
    expires_on = models.DateField("hiệu lực đến ngày", null=True, blank=True)
    is_archived = models.BooleanField("đã lưu trữ (không dùng nữa)", default=False)
    uploaded_by = user_ref()

    class Meta:
        verbose_name = verbose_name_plural = "tài liệu minh chứng"
        ordering = ["item_key", "-created_at", "-id"]
        indexes = [models.Index(fields=["producer", "item_key"])]

    def __str__(self) -> str:
        return self.title

    def is_expired_on(self, day) -> bool:
        return self.expires_on is not None and self.expires_on < day

    @property
    def is_expired(self) -> bool:
        return self.is_expired_on(timezone.localdate())


class Dossier(SearchableModel, RecordModel):
    SEARCH_FIELDS = (
        "product.name",
        "producer.name",
        "registration_number",
        "product_code",
    )

    product = product_fk(related_name="dossiers")
    producer = producer_fk(related_name="dossiers")
    # The units valid on the filing date: a 2024 dossier keeps Xã Đắk Kôi (Kon Tum); a 2026
    # dossier of a product registered under a merged commune is filed with today's commune.
    commune = unit_fk("xã, phường tiếp nhận")
    province = unit_fk("tỉnh")
    kind = models.CharField("lần đăng ký", max_length=20, choices=DossierKind.choices)
    regime_key = models.CharField("chế độ pháp lý", max_length=30, editable=False)
    filed_on = models.DateField("ngày lập hồ sơ")
    state = models.CharField(
        "trạng thái", max_length=30, choices=DossierState.choices, default=DossierState.DRAFT
    )
    previous_dossier = optional_fk("self", "hồ sơ trước", on_delete=models.SET_NULL, related_name="+")
    # The certificate a re-evaluation starts from (ocop.certificates); an id, not a foreign
    # key, so this app does not depend on that one's models.
    certificate_ref = models.PositiveBigIntegerField("giấy chứng nhận (mã)", null=True, blank=True)
    certificate_expires_on = models.DateField("giấy chứng nhận hết hạn ngày", null=True, blank=True)

    # Mẫu 01.
    representative_name = models.CharField("họ tên người đại diện pháp lý", max_length=150)
    representative_title = models.CharField("chức vụ", max_length=100, blank=True)
    contact_address = models.CharField("địa chỉ liên hệ", max_length=255)
    phone = models.CharField("điện thoại", max_length=20, blank=True)
    email = models.EmailField("thư điện tử", blank=True)
    samples_offered = models.PositiveSmallIntegerField(
        "số lượng sản phẩm mẫu", null=True, blank=True
    )
    # Mẫu 02 Phần I.
    representative_gender = models.CharField("giới tính người đại diện", max_length=5, blank=True)
    representative_ethnicity = models.CharField("dân tộc người đại diện", max_length=50, blank=True)
    representative_residence = models.CharField("địa chỉ thường trú của người đại diện", max_length=255, blank=True)
    product_specification = models.TextField("mô tả quy cách sản phẩm, tiêu chuẩn", blank=True)
    producer_history = models.TextField("lịch sử hình thành của chủ thể", blank=True)
    organisation_structure = models.TextField("cơ cấu tổ chức của chủ thể", blank=True)
    # Mẫu 02 Phần II: results of the business plan (the four points the form asks for).
    results_production = models.TextField(
        "tổ chức vùng nguyên liệu, công nghệ sản xuất, sơ chế, chế biến, đóng gói", blank=True
    )
    results_quality = models.TextField(
        "sự thay đổi về chất lượng sản phẩm (tiêu chuẩn, bao bì, nhãn mác, đóng gói…)", blank=True
    )
    results_market = models.TextField("thị trường phân phối sản phẩm", blank=True)
    results_business = models.TextField("kết quả sản xuất, kinh doanh (doanh thu, lợi nhuận)", blank=True)
    changes_summary = models.TextField(
        "những thay đổi so với lần được công nhận", blank=True,
        help_text="Bắt buộc với hồ sơ nâng hạng và đánh giá lại (QĐ 26/2026 Điều 6.1.b, 6.1.c).",
    )
    # Mẫu 02 Phần III: the self-scores (QĐ 26/2026: a stored sheet of the criteria app;
    # QĐ 148 regimes: part totals A/B/C only, as their option tables are not available).
    self_assessment = optional_fk(
        "criteria.SelfAssessment", "phiếu tự đánh giá",
        on_delete=models.PROTECT, related_name="dossiers",
    )
    self_part_totals = models.JSONField("điểm tự đánh giá từng phần", default=dict, blank=True)
    # Mẫu 02 Phần IV.
    business_plan = models.TextField("kế hoạch sản xuất, kinh doanh", blank=True)

    # Commune reception (QĐ 26/2026 Điều 7.1–7.2).
    submitted_on = models.DateField("ngày nộp", null=True, blank=True)
    received_by = user_ref("người tiếp nhận tại xã")
    commune_deadline = models.DateField("hạn xã kiểm tra", null=True, blank=True)
    registration_serial = models.PositiveIntegerField(null=True, blank=True, editable=False)
    registration_year = models.PositiveSmallIntegerField(null=True, blank=True, editable=False)
    registration_number = models.CharField("số phiếu (xã)", max_length=60, blank=True)
    # Product code (T)-(X)-(STT)-20YY (Phụ lục II), assigned by the commune on forwarding.
    product_serial = models.PositiveIntegerField(null=True, blank=True, editable=False)
    product_code_year = models.PositiveSmallIntegerField(null=True, blank=True, editable=False)
    product_code = models.CharField("mã số sản phẩm", max_length=40, blank=True)
    forwarded_on = models.DateField("ngày xã gửi hồ sơ đề nghị", null=True, blank=True)
    # Reception by the evaluating office (province; district under QĐ 148).
    office_received_on = models.DateField("ngày cơ quan cấp trên tiếp nhận", null=True, blank=True)
    office_received_by = user_ref("người tiếp nhận tại cơ quan cấp trên")
    office_serial = models.PositiveIntegerField(null=True, blank=True, editable=False)
    office_year = models.PositiveSmallIntegerField(null=True, blank=True, editable=False)
    office_registration_number = models.CharField("số phiếu (cơ quan cấp trên)", max_length=60, blank=True)
    round = optional_fk(EvaluationRound, "đợt đánh giá", on_delete=models.PROTECT, related_name="dossiers")
    accepted_on = models.DateField("ngày tiếp nhận vào đợt", null=True, blank=True)

    documents = models.ManyToManyField(
        EvidenceDocument, through="DossierDocument", related_name="dossiers", blank=True
    )

    class Meta:
        verbose_name = verbose_name_plural = "hồ sơ đánh giá, phân hạng"
        ordering = ["-filed_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["product"],
                condition=~Q(state__in=sorted(CLOSED_STATES)),
                name="one_open_dossier_per_product",
            ),
            models.UniqueConstraint(
                fields=["commune", "registration_year", "registration_serial"],
                condition=Q(registration_serial__isnull=False),
                name="unique_commune_registration_serial",
            ),
            models.UniqueConstraint(
                fields=["commune", "product_code_year", "product_serial"],
                condition=Q(product_serial__isnull=False),
                name="unique_commune_product_serial",
            ),
            models.UniqueConstraint(
                fields=["province", "office_year", "office_serial"],
                condition=Q(office_serial__isnull=False),
                name="unique_office_registration_serial",
            ),
        ]
        indexes = [
            models.Index(fields=["state", "commune_deadline"]),
            models.Index(fields=["commune", "state"]),
        ]

    def __str__(self) -> str:
        return f"Hồ sơ {lower_first(self.get_kind_display())} – {self.product}"

    @property
    def is_overdue(self) -> bool:
        return (
            self.state in COMMUNE_CLOCK_STATES
            and self.commune_deadline is not None
            and self.commune_deadline < timezone.localdate()
        )

    @property
    def is_editable_state(self) -> bool:
        return self.state in EDITABLE_STATES


class DossierDocument(models.Model):
    """A library document attached to a dossier."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="attachments")
    document = models.ForeignKey(EvidenceDocument, on_delete=models.PROTECT, related_name="attachments")
    attached_at = models.DateTimeField("thời điểm gắn", auto_now_add=True)
    attached_by = user_ref()

    class Meta:
        verbose_name = verbose_name_plural = "tài liệu của hồ sơ"
        constraints = [unique("dossier", "document", name="unique_dossier_document")]

    def __str__(self) -> str:
        return f"{self.dossier_id} ← {self.document_id}"


class DossierEvent(WorkflowEvent):
    """One workflow move (or the creation) of a dossier: who, when, why (the core history
    shape, `ocop.core.workflow.WorkflowEvent`). The evaluation table and the council table
    (ocop/councils/workflow.py) both write these rows, so a dossier's history stays in one
    place."""

    WORKFLOW = "dossier"

    dossier = history_of(Dossier)

    class Meta(WorkflowEvent.Meta):
        verbose_name = verbose_name_plural = "diễn biến hồ sơ"
        indexes = [models.Index(fields=["dossier", "at"])]

    @property
    def deadline(self):
        """The commune deadline recorded with a submission, as a date."""
        from datetime import date

        value = (self.data or {}).get("commune_deadline")
        return date.fromisoformat(value) if value else None

    @property
    def details(self) -> list[tuple[str, str]]:
        """The numbers and dates a move gave the dossier, under its comment on the page."""
        data = self.data or {}
        lines = []
        if data.get("registration_number"):
            lines.append(("Số phiếu", data["registration_number"]))
        if self.deadline:
            lines.append(("Hạn kiểm tra", f"{self.deadline:%d/%m/%Y}"))
        if data.get("product_code"):
            lines.append(("Mã số sản phẩm", data["product_code"]))
        if data.get("round_name"):
            lines.append(("Đợt đánh giá", data["round_name"]))
        return lines


class CommuneReport(TimeStampedModel):
    """Mẫu 03: the commune's assessment of four local contents (QĐ 26/2026 Điều 7.2.a),
    and its proposal letter to the evaluating level (Điều 6.2.a, 7.2.b)."""

    dossier = models.OneToOneField(Dossier, on_delete=models.CASCADE, related_name="commune_report")
    report_number = models.CharField("số báo cáo", max_length=60, blank=True)
    report_date = models.DateField("ngày báo cáo", null=True, blank=True)
    local_materials = models.TextField("về sử dụng nguyên liệu địa phương", blank=True)
    local_labour = models.TextField("về sử dụng lao động địa phương", blank=True)
    idea_origin = models.TextField("nguồn gốc ý tưởng sản phẩm", blank=True)
    local_identity = models.TextField("bản sắc/trí tuệ địa phương", blank=True)
    meeting_held = models.BooleanField(
        "Chủ tịch UBND xã đã họp lấy ý kiến các bộ phận liên quan", default=False
    )
    signer_name = models.CharField("người ký", max_length=150, blank=True)
    signer_title = models.CharField("chức vụ người ký", max_length=100, default="CHỦ TỊCH")
    issued_at = models.DateTimeField("thời điểm ban hành", null=True, blank=True)
    letter_number = models.CharField("số văn bản đề nghị", max_length=60, blank=True)
    letter_date = models.DateField("ngày văn bản đề nghị", null=True, blank=True)
    samples_count = models.PositiveSmallIntegerField("số sản phẩm mẫu gửi kèm", null=True, blank=True)
    updated_by = user_ref()

    class Meta:
        verbose_name = verbose_name_plural = "báo cáo của UBND xã (Mẫu 03)"

    def __str__(self) -> str:
        return f"Mẫu 03 – {self.dossier}"


class CalendarDayKind(models.TextChoices):
    DAY_OFF = "off", "Ngày nghỉ bổ sung"
    WORKING_DAY = "work", "Ngày làm việc bù"


class CalendarDay(TimeStampedModel, CreatedByModel):
    """An official adjustment of the working-day calendar (on top of the national holidays):
    an extra day off or a make-up working day, nationwide or in one province."""

    day = models.DateField("ngày")
    kind = models.CharField("loại", max_length=5, choices=CalendarDayKind.choices)
    province = unit_fk(
        "tỉnh áp dụng",
        optional=True,
        on_delete=models.CASCADE,
        help_text="Để trống nếu áp dụng toàn quốc.",
    )
    reason = models.CharField("căn cứ, lý do", max_length=255)

    class Meta:
        verbose_name = verbose_name_plural = "điều chỉnh lịch làm việc"
        ordering = ["-day"]
        constraints = [
            unique("day", "province", name="unique_calendar_day_per_province"),
            models.UniqueConstraint(
                fields=["day"], condition=Q(province__isnull=True), name="unique_national_calendar_day"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.day:%d/%m/%Y}: {self.get_kind_display()}"


audit(Dossier, CommuneReport, EvaluationRound, CalendarDay)
