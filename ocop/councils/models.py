"""Councils (Hội đồng), advisory teams (Tổ tư vấn), members' score sheets and results.

A council is established for one level and period by a decision, and handles one or more
evaluation rounds (`evaluation.EvaluationRound`). For each dossier it evaluates there is
one `CouncilEvaluation` (the council's session on that dossier) and one `ScoreSheet` per
member — a row of its own, so members saving at the same time never overwrite each other.
Every scoring action (submit, reopen, close, conflict declaration) writes a `ScoringEvent`;
dossier state changes write `evaluation.DossierEvent` rows (see `workflow.py`).
"""

from __future__ import annotations

from decimal import Decimal

from django.db import models
from django.db.models import Q
from django.utils import timezone

from ocop.core.audit import audit
from ocop.core.fields import private_file
from ocop.core.keys import optional_fk, unique, unit_fk, user_ref
from ocop.core.models import RecordModel, SampleFlagModel, TimeStampedModel
from ocop.core.storage import get_private_storage, random_name
from ocop.core.workflow import WorkflowEvent, history_of
from ocop.councils import rules
from ocop.criteria.engine import MinimumPolicy


class CouncilKind(models.TextChoices):
    COUNCIL = "council", "Hội đồng đánh giá, phân hạng"
    ADVISORY = "advisory", "Tổ tư vấn"


class CouncilLevel(models.TextChoices):
    # Same keys as evaluation.EvaluationLevel.
    DISTRICT = "district", "Cấp huyện (QĐ 148/QĐ-TTg, đến 30/6/2025)"
    PROVINCE = "province", "Cấp tỉnh"
    MINISTRY = "ministry", "Cấp trung ương"


class Council(RecordModel):
    kind = models.CharField("loại", max_length=10, choices=CouncilKind.choices, default=CouncilKind.COUNCIL)
    level = models.CharField("cấp", max_length=10, choices=CouncilLevel.choices)
    unit = unit_fk(
        "địa bàn",
        optional=True,
        help_text="Tỉnh (hoặc huyện trước 1/7/2025); để trống với cấp trung ương.",
    )
    year = models.PositiveSmallIntegerField("năm")
    name = models.CharField("tên", max_length=255)
    decision_number = models.CharField("số quyết định thành lập", max_length=60, blank=True)
    decision_date = models.DateField("ngày quyết định thành lập", null=True, blank=True)
    advisory_for = optional_fk(
        "self", "tổ tư vấn của hội đồng",
        on_delete=models.SET_NULL, related_name="advisory_teams",
    )
    rounds = models.ManyToManyField(
        "evaluation.EvaluationRound", verbose_name="đợt đánh giá", blank=True, related_name="councils"
    )
    # The council's rules (Quy chế), copied from rules.DEFAULTS when created.
    quorum_percent = models.DecimalField(
        "tỷ lệ thành viên tối thiểu (%)", max_digits=5, decimal_places=2,
        default=Decimal(rules.DEFAULTS["quorum_percent"]),
    )
    quorum_requires_chair = models.BooleanField(
        "phải có chủ tịch hội đồng", default=rules.DEFAULTS["quorum_requires_chair"]
    )
    divergence_threshold = models.DecimalField(
        "chênh lệch tổng điểm tối đa giữa các thành viên", max_digits=5, decimal_places=2,
        default=Decimal(rules.DEFAULTS["divergence_threshold"]),
    )
    minimum_policy = models.CharField(
        "cách xét yêu cầu tối thiểu", max_length=20,
        choices=[(p.value, p.value) for p in MinimumPolicy], default=MinimumPolicy.CRITERION_AVERAGE,
    )

    class Meta:
        verbose_name = verbose_name_plural = "hội đồng, tổ tư vấn"
        ordering = ["-year", "level", "kind", "id"]

    def __str__(self) -> str:
        return self.name


class Position(models.TextChoices):
    CHAIR = "chair", "Chủ tịch"
    VICE_CHAIR = "vice_chair", "Phó Chủ tịch"
    MEMBER = "member", "Thành viên"
    SECRETARY = "secretary", "Thư ký"


# Who scores: everyone but the secretary (who keeps the minutes).
SCORING_POSITIONS = (Position.CHAIR, Position.VICE_CHAIR, Position.MEMBER)


class CouncilMember(models.Model):
    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey("accounts.User", verbose_name="người dùng", on_delete=models.PROTECT, related_name="council_memberships")
    position = models.CharField("chức danh", max_length=12, choices=Position.choices, default=Position.MEMBER)
    agency = models.CharField("cơ quan công tác", max_length=255, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "thành viên"
        ordering = ["council", "position", "id"]
        constraints = [
            unique("council", "user", name="unique_council_member"),
            models.UniqueConstraint(
                fields=["council"], condition=Q(position="chair"), name="one_chair_per_council"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_position_display()})"

    @property
    def scores(self) -> bool:
        return self.position in SCORING_POSITIONS


class EvaluationStatus(models.TextChoices):
    SCORING = "scoring", "Đang chấm điểm"
    CLOSED = "closed", "Đã kết thúc chấm điểm"


class Outcome(models.TextChoices):
    NONE = "", "Chưa có"
    RECOGNISE = "recognise", "Đề nghị công nhận"
    FORWARD = "forward", "Chuyển cấp trên đánh giá"
    NOT_RECOGNISE = "not_recognise", "Không đề nghị công nhận"


def agreed_minutes_path(instance, filename: str) -> str:
    return random_name("councils/minutes", filename)


class CouncilEvaluation(TimeStampedModel, SampleFlagModel):
    """A council's evaluation of one dossier: scoring, then the result."""

    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="evaluations")
    dossier = models.ForeignKey("evaluation.Dossier", on_delete=models.PROTECT, related_name="council_evaluations")
    status = models.CharField("tình trạng", max_length=10, choices=EvaluationStatus.choices, default=EvaluationStatus.SCORING)
    # QĐ 26/2026 Điều 7.6.d: a re-evaluation may be decided by written opinions; the council
    # meets only when the opinions diverge.
    written_opinion = models.BooleanField("lấy ý kiến bằng văn bản", default=False)
    meeting_required = models.BooleanField("phải họp do ý kiến khác nhau", default=False)
    regime_key = models.CharField("chế độ pháp lý", max_length=30)
    criteria_version = models.CharField("phiên bản bộ tiêu chí", max_length=30, blank=True)
    criteria_set = models.PositiveSmallIntegerField("bộ tiêu chí", null=True, blank=True)
    # The result (when closed).
    present_members = models.ManyToManyField(CouncilMember, blank=True, related_name="+")
    average_total = models.DecimalField("điểm trung bình", max_digits=6, decimal_places=2, null=True, blank=True)
    band_stars = models.PositiveSmallIntegerField("hạng theo điểm", null=True, blank=True)
    stars = models.PositiveSmallIntegerField("hạng sao", null=True, blank=True)
    max_spread = models.DecimalField("chênh lệch lớn nhất", max_digits=6, decimal_places=2, null=True, blank=True)
    result = models.JSONField("kết quả chi tiết", default=dict, blank=True)
    outcome = models.CharField("kết luận", max_length=15, choices=Outcome.choices, blank=True, default="")
    conclusion = models.TextField("kết luận của hội đồng", blank=True)
    closed_at = models.DateTimeField("thời điểm kết thúc", null=True, blank=True)
    closed_by = user_ref()
    minutes_number = models.CharField("số biên bản", max_length=60, blank=True)
    meeting_on = models.DateField("ngày họp", null=True, blank=True)
    # The council's agreed result after a refused close (members' totals too far apart):
    # what the meeting agreed, as its minutes say, and the signed minutes themselves.
    agreed_minutes = models.TextField("nội dung thống nhất của Hội đồng", blank=True)
    agreed_minutes_file = private_file(agreed_minutes_path, "biên bản thống nhất (tệp)", blank=True)
    # After forwarding: the upper level's result, entered by the provincial office
    # (QĐ 26/2026 Điều 7.4.g).
    upper_total = models.DecimalField("điểm của cấp trên", max_digits=6, decimal_places=2, null=True, blank=True)
    upper_stars = models.PositiveSmallIntegerField("hạng sao của cấp trên", null=True, blank=True)
    upper_reference = models.CharField("văn bản kết quả của cấp trên", max_length=255, blank=True)
    # The recognition decision and certificate (ocop.certificates).
    decision = models.ForeignKey("certificates.RecognitionDecision", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    certificate = models.ForeignKey("certificates.Certificate", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = verbose_name_plural = "phiên đánh giá hồ sơ"
        ordering = ["-created_at", "-id"]
        constraints = [unique("council", "dossier", name="one_evaluation_per_council_dossier")]

    def __str__(self) -> str:
        return f"{self.council} – {self.dossier}"


class SheetStatus(models.TextChoices):
    DRAFT = "draft", "Đang chấm (nháp)"
    SUBMITTED = "submitted", "Đã nộp"


class ScoreSheet(models.Model):
    """One member's sheet for one dossier. Option points (QĐ 26/2026) or part totals
    (QĐ 148 regimes, whose option tables we do not hold)."""

    evaluation = models.ForeignKey(CouncilEvaluation, on_delete=models.CASCADE, related_name="sheets")
    member = models.ForeignKey(CouncilMember, on_delete=models.PROTECT, related_name="sheets")
    points = models.JSONField("điểm từng tiêu chí", default=dict, blank=True)
    part_totals = models.JSONField("tổng điểm từng phần", default=dict, blank=True)
    total = models.DecimalField("tổng điểm", max_digits=6, decimal_places=2, null=True, blank=True)
    stars = models.PositiveSmallIntegerField("hạng sao", null=True, blank=True)
    comment = models.TextField("nhận xét", blank=True)
    status = models.CharField("tình trạng", max_length=10, choices=SheetStatus.choices, default=SheetStatus.DRAFT)
    submitted_at = models.DateTimeField("thời điểm nộp", null=True, blank=True)
    revision = models.PositiveIntegerField("lần lưu", default=0)
    updated_at = models.DateTimeField("cập nhật", default=timezone.now)
    # The id of the last copy a device scored offline and sent (services/offline.py): a copy
    # sent again after a lost answer is recognised and not applied twice.
    last_sync_id = models.CharField("mã đồng bộ gần nhất", max_length=64, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "phiếu đánh giá của thành viên"
        ordering = ["evaluation", "member__position", "member_id"]
        constraints = [unique("evaluation", "member", name="one_sheet_per_member")]

    def __str__(self) -> str:
        return f"{self.member} – {self.evaluation_id}"

    @property
    def is_locked(self) -> bool:
        return self.status == SheetStatus.SUBMITTED


class ConflictDeclaration(models.Model):
    """A member's declared conflict of interest on a dossier: they neither score it nor see
    its scores."""

    member = models.ForeignKey(CouncilMember, on_delete=models.CASCADE, related_name="conflicts")
    dossier = models.ForeignKey("evaluation.Dossier", on_delete=models.CASCADE, related_name="+")
    reason = models.TextField("lý do")
    declared_at = models.DateTimeField("thời điểm khai báo", default=timezone.now)
    declared_by = user_ref()

    class Meta:
        verbose_name = verbose_name_plural = "khai báo xung đột lợi ích"
        constraints = [unique("member", "dossier", name="unique_conflict_per_member_dossier")]

    def __str__(self) -> str:
        return f"{self.member} – {self.dossier_id}"


class ScoringEvent(WorkflowEvent):
    """Audit of scoring: submissions, reopenings (with the chair's reason), closing — the
    core history shape (`ocop.core.workflow.WorkflowEvent`), shown by the same widget as
    every workflow; `sheet` names the member's sheet an action concerns."""

    WORKFLOW = "council_scoring"

    evaluation = history_of(CouncilEvaluation)
    sheet = models.ForeignKey(ScoreSheet, null=True, blank=True, on_delete=models.SET_NULL, related_name="events")

    class Meta(WorkflowEvent.Meta):
        verbose_name = verbose_name_plural = "diễn biến chấm điểm"

    def __str__(self) -> str:
        return f"{self.evaluation_id}: {self.action}"

    @property
    def label(self) -> str:
        return self.action_label

    @property
    def reason(self) -> str:
        """The chair's or member's reason (the `comment` of the history shape)."""
        return self.comment

    @property
    def details(self) -> list[tuple[str, str]]:
        if self.sheet_id is None:
            return []
        return [("Phiếu của", str(self.sheet.member.user))]


SCORING_EVENT_LABELS = {
    "open": "Bắt đầu chấm điểm",
    "submit": "Nộp phiếu",
    "reopen": "Mở lại phiếu",
    "conflict": "Khai báo xung đột lợi ích",
    "divergent": "Chưa kết thúc được: tổng điểm chênh lệch",
    "agreed": "Ghi kết quả thống nhất của Hội đồng",
    "close": "Kết thúc chấm điểm",
    "upper_result": "Ghi nhận kết quả của cấp trên",
}


class AdvisoryRecordKind(models.TextChoices):
    REVIEW = "review", "Ghi chú xem xét hồ sơ"
    SITE_VISIT = "site_visit", "Biên bản khảo sát thực tế"
    LAB_REQUEST = "lab_request", "Đề nghị kiểm nghiệm bổ sung"
    REPORT = "report", "Báo cáo đánh giá của Tổ tư vấn"


def visit_photo_path(instance, filename: str) -> str:
    return random_name("councils/visits", filename)


class AdvisoryRecord(TimeStampedModel, SampleFlagModel):
    """The advisory team's work on a dossier (QĐ 26/2026 Điều 7.3.c)."""

    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="advisory_records")
    dossier = models.ForeignKey("evaluation.Dossier", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField("loại", max_length=12, choices=AdvisoryRecordKind.choices)
    happened_on = models.DateField("ngày")
    people = models.CharField("thành phần", max_length=500, blank=True)
    text = models.TextField("nội dung, phát hiện")
    # Private store: photos of people and premises are shown only through a checked view.
    photo = models.ImageField("ảnh", storage=get_private_storage, upload_to=visit_photo_path, blank=True)
    author = user_ref()
    # Made by the device when a record (with its photo) is written offline on a site visit and
    # sent later: the same record sent twice is kept once (services/results.py).
    offline_id = models.CharField("mã ghi ngoại tuyến", max_length=64, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "hồ sơ làm việc của tổ tư vấn"
        ordering = ["happened_on", "id"]
        constraints = [
            models.UniqueConstraint(fields=["author", "offline_id"], condition=~models.Q(offline_id=""),
                                    name="advisory_record_offline_once"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} – {self.happened_on:%d/%m/%Y}"


audit(Council, CouncilMember, CouncilEvaluation)
