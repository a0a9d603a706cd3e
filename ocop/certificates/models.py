"""Recognition decisions, certificates, revocations and imports of existing registers.

A certificate stores the dates that decide its status (expiry, re-evaluation filed and
decided, replaced, revoked) on its own row, so the status of any number of certificates on
any day is computed without joins: in Python by `ocop.certificates.validity`, in SQL by
`ocop.certificates.selectors.with_status` (the two are tested to agree).
"""

import secrets
import uuid

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from ocop.certificates import legal
from ocop.core.audit import audit
from ocop.core.fields import private_file
from ocop.core.keys import optional_fk, product_fk, unique, unit_fk, user_ref
from ocop.core.models import (
    CreatedByModel,
    RecordModel,
    SampleFlagModel,
    SearchableModel,
    TimeStampedModel,
)
from ocop.core.storage import random_name
from ocop.core.text import lower_first, normalize_search
from ocop.core.validation import EXPIRY_AFTER_ISSUE, FieldErrors
from ocop.core.workflow import WorkflowEvent, history_of


class DecisionLevel(models.TextChoices):
    DISTRICT = "district", "Cấp huyện"
    PROVINCE = "province", "Cấp tỉnh"
    CENTRAL = "central", "Cấp trung ương"


class RecordSource(models.TextChoices):
    ISSUED = "issued", "Cấp trên hệ thống"
    IMPORTED = "imported", "Nhập từ danh sách có sẵn"


def number_key(number: str) -> str:
    """A certificate or decision number for comparison: "12/gcn-ubnd " = "12/GCN-UBND"."""
    return normalize_search(number).replace(" ", "").upper()


class CertificateImport(TimeStampedModel, CreatedByModel):
    """One upload of an existing register (XLSX/CSV).

    The uploaded bytes are kept in the database (never under MEDIA_ROOT, which is served
    without login) between the preview and the confirmation, keyed by an unguessable token
    that only its uploader may use. After the import the row stays as the record of who
    imported what.
    """

    class Status(models.TextChoices):
        PREVIEW = "preview", "Chờ xác nhận"
        REJECTED = "rejected", "Có lỗi, chưa nhập"
        IMPORTED = "imported", "Đã nhập"
        DISCARDED = "discarded", "Đã hủy"

    token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    filename = models.CharField("tên tệp", max_length=255)
    file_kind = models.CharField("loại tệp", max_length=10)
    data = models.BinaryField("nội dung tệp", editable=False)
    size = models.PositiveIntegerField("dung lượng (byte)", default=0)
    status = models.CharField("trạng thái", max_length=10, choices=Status.choices, default=Status.PREVIEW)
    row_count = models.PositiveIntegerField("số dòng dữ liệu", default=0)
    summary = models.JSONField("tóm tắt", default=dict, blank=True)
    errors = models.JSONField("lỗi", default=list, blank=True)
    imported_at = models.DateTimeField("thời điểm nhập", null=True, blank=True)

    class Meta:
        verbose_name = "lần nhập sổ giấy chứng nhận"
        verbose_name_plural = "các lần nhập sổ giấy chứng nhận"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.filename} ({self.get_status_display()})"


class RecognitionDecision(RecordModel):
    """Quyết định công nhận sản phẩm OCOP (QĐ 26/2026 Điều 7.3.đ, 7.4)."""

    number = models.CharField("số quyết định", max_length=100)
    number_key = models.CharField(max_length=100, editable=False, db_index=True)
    decided_on = models.DateField("ngày quyết định")
    level = models.CharField("cấp công nhận", max_length=10, choices=DecisionLevel.choices)
    issuing_unit = unit_fk(
        "địa bàn cơ quan ban hành",
        related_name="recognition_decisions",
        optional=True,
        help_text="Tỉnh (hoặc huyện trước 1/7/2025) của UBND ban hành; để trống với cấp trung ương.",
    )
    issuer_name = models.CharField("cơ quan ban hành", max_length=255)
    regime_key = models.CharField("chế độ áp dụng", max_length=30)
    signer = models.CharField("người ký", max_length=150, blank=True)
    source = models.CharField("nguồn", max_length=10, choices=RecordSource.choices, default=RecordSource.ISSUED)
    import_batch = models.ForeignKey(
        CertificateImport, null=True, blank=True, on_delete=models.SET_NULL, related_name="decisions"
    )

    class Meta:
        verbose_name = verbose_name_plural = "quyết định công nhận"
        ordering = ["-decided_on", "number"]

    def __str__(self) -> str:
        return f"Quyết định số {self.number} ngày {self.decided_on:%d/%m/%Y}"

    @property
    def regime_name(self) -> str:
        return legal.regime_name(self.regime_key)

    def clean(self):
        errors = FieldErrors()
        if self.regime_key and self.regime_key not in legal.regime_keys():
            errors["regime_key"] = f"Chế độ đánh giá «{self.regime_key}» không có trong dữ liệu."
        elif self.regime_key and self.level and self.decided_on:
            if legal.regime_for_decision(self.decided_on, self.level) is None:
                errors["level"] = legal.level_gone_message(self.level, self.decided_on)
            elif not legal.regime_has_level(self.regime_key, self.level):
                errors["level"] = (
                    f"{legal.regime_name(self.regime_key)} không có {lower_first(self.get_level_display())} công nhận."
                )
        errors.check(
            self.level != DecisionLevel.CENTRAL and self.issuing_unit_id is None,
            "issuing_unit",
            "Hãy chọn tỉnh (hoặc huyện) của UBND ban hành quyết định.",
        )
        errors.raise_if_any()


def new_public_code() -> str:
    # 10 characters from 31 unambiguous letters and digits (no 0/O, 1/I/L): ~49 bits,
    # unguessable, short enough to read out over the phone.
    alphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
    return "".join(secrets.choice(alphabet) for _ in range(10))


class Certificate(SearchableModel, RecordModel):
    """Giấy chứng nhận sản phẩm OCOP 3–5 sao, valid 36 months (QĐ 26/2026 Điều 4.3)."""

    SEARCH_FIELDS = ("number", "product_name", "producer_name", "product.name", "decision.number")

    decision = models.ForeignKey(
        RecognitionDecision,
        verbose_name="quyết định công nhận",
        on_delete=models.PROTECT,
        related_name="certificates",
    )
    product = product_fk(related_name="certificates")
    # As written on the certificate; the product and producer may be renamed later.
    product_name = models.CharField("tên sản phẩm trên giấy", max_length=255)
    producer_name = models.CharField("tên chủ thể trên giấy", max_length=255)
    number = models.CharField("số giấy chứng nhận", max_length=100)
    number_key = models.CharField(max_length=100, editable=False, db_index=True)
    stars = models.PositiveSmallIntegerField(
        "số sao", validators=[MinValueValidator(3), MaxValueValidator(5)]
    )
    score = models.DecimalField(
        "điểm", max_digits=5, decimal_places=2, null=True, blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    issued_on = models.DateField("ngày cấp")
    expires_on = models.DateField(
        "ngày hết hạn", db_index=True, help_text="Ngày cuối cùng còn hiệu lực (36 tháng, QĐ 26/2026 Điều 4.3)."
    )
    public_code = models.CharField("mã xác minh", max_length=16, unique=True, default=new_public_code, editable=False)
    source = models.CharField("nguồn", max_length=10, choices=RecordSource.choices, default=RecordSource.ISSUED)
    import_batch = models.ForeignKey(
        CertificateImport, null=True, blank=True, on_delete=models.SET_NULL, related_name="certificates"
    )
    # Re-evaluation (QĐ 26/2026 Điều 7.6; set by certificate_mark_reevaluation_*).
    reevaluation_filed_on = models.DateField("ngày nộp hồ sơ đánh giá lại", null=True, blank=True)
    reevaluation_reference = models.CharField("hồ sơ đánh giá lại", max_length=255, blank=True)
    reevaluation_decided_on = models.DateField("ngày có kết quả đánh giá lại", null=True, blank=True)
    # Superseded by a newer certificate for the same product (re-evaluation or upgrade).
    replaced_by = optional_fk(
        "self", "được thay thế bằng",
        on_delete=models.SET_NULL, related_name="replaces",
    )
    replaced_on = models.DateField("ngày được thay thế", null=True, blank=True)
    # Set by the revocation decision (QĐ 26/2026 Điều 8); details in Revocation.
    revoked_on = models.DateField("ngày thu hồi", null=True, blank=True)

    @property
    def register_state(self) -> str:
        """Its place in the register (workflow.RegisterState), read from the dates the
        services set: revoked, replaced, awaiting a re-evaluation result, or in force."""
        if self.revoked_on:
            return "revoked"
        if self.replaced_by_id:
            return "replaced"
        if self.reevaluation_filed_on and not self.reevaluation_decided_on:
            return "reevaluation_pending"
        return "in_force"

    class Meta:
        verbose_name = verbose_name_plural = "giấy chứng nhận OCOP"
        ordering = ["expires_on", "id"]
        indexes = [
            models.Index(fields=["product", "expires_on"]),
            # The public register and the API list the newest first (issued_on DESC, id DESC):
            # a page then reads its rows from this index instead of sorting every certificate.
            models.Index(fields=["issued_on", "id"], name="certificate_issued_idx"),
        ]
        constraints = [unique("decision", "product", name="unique_certificate_per_decision_product")]

    def __str__(self) -> str:
        return f"Giấy chứng nhận số {self.number} – {self.product_name}"

    @property
    def stars_display(self) -> str:
        return "★" * self.stars

    def clean(self):
        errors = FieldErrors()
        errors.check_order(self.issued_on, self.expires_on, "expires_on", EXPIRY_AFTER_ISSUE, same_day=False)
        errors.check(
            self.reevaluation_decided_on and not self.reevaluation_filed_on,
            "reevaluation_decided_on",
            "Chưa ghi nhận ngày nộp hồ sơ đánh giá lại.",
        )
        errors.raise_if_any()


def unique_public_codes(count: int) -> list[str]:
    """`count` verification codes not yet taken (for certificates written in bulk)."""
    codes: list[str] = []
    while len(codes) < count:
        batch = {new_public_code() for _ in range(count - len(codes))}
        taken = set(Certificate.objects.filter(public_code__in=batch).values_list("public_code", flat=True))
        codes.extend(code for code in batch if code not in taken and code not in codes)
    return codes


class CertificateEvent(WorkflowEvent):
    """What happened to a certificate, when and by whom: the history rows of the certificate
    workflow (ocop/certificates/workflow.py, the core mechanism of ocop/core/workflow.py).
    `happened_on` is the legal date of the event (decision, filing…); `at` the moment on
    that date when it was recorded."""

    WORKFLOW = "certificate"

    class Kind(models.TextChoices):
        ISSUED = "issued", "Cấp giấy chứng nhận"
        IMPORTED = "imported", "Nhập vào sổ từ danh sách có sẵn"
        REEVALUATION_FILED = "reevaluation_filed", "Nộp hồ sơ đánh giá lại"
        REEVALUATION_DECIDED = "reevaluation_decided", "Có kết quả đánh giá lại"
        REPLACED = "replaced", "Được thay thế bằng giấy chứng nhận mới"
        REVOCATION_PROPOSED = "revocation_proposed", "Đề nghị thu hồi"
        REVOCATION_CANCELLED = "revocation_cancelled", "Hủy đề nghị thu hồi"
        REVOKED = "revoked", "Quyết định thu hồi"

    certificate = history_of(Certificate)
    happened_on = models.DateField("ngày")

    class Meta:
        verbose_name = verbose_name_plural = "sự kiện giấy chứng nhận"
        ordering = ["happened_on", "at", "id"]

    @property
    def kind(self) -> str:
        """The event's kind (one of Kind): the workflow action."""
        return self.action

    def __str__(self) -> str:
        return f"{self.action_label} ({self.happened_on:%d/%m/%Y})"


def evidence_path(instance, filename: str) -> str:
    # Private store (ocop/core/storage.py); the original name is kept in evidence_name.
    return random_name("certificates/revocations", filename)


class Revocation(TimeStampedModel, SampleFlagModel):
    """Thu hồi giấy chứng nhận (QĐ 26/2026 Điều 8): proposal, then the competent decision."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", "Đang đề nghị thu hồi"
        DECIDED = "decided", "Đã quyết định thu hồi"
        CANCELLED = "cancelled", "Đã hủy đề nghị"

    certificate = models.ForeignKey(
        Certificate, verbose_name="giấy chứng nhận", on_delete=models.PROTECT, related_name="revocations"
    )
    status = models.CharField("trạng thái", max_length=10, choices=Status.choices, default=Status.PROPOSED)
    ground = models.CharField("căn cứ thu hồi (Điều 8.1)", max_length=2)
    facts = models.TextField("nội dung vi phạm, kết quả kiểm tra, xác minh")
    conclusion_reference = models.CharField(
        "văn bản kết luận", max_length=255,
        help_text="Kết luận của cơ quan có thẩm quyền, hoặc xác nhận của UBND cấp xã về việc chủ thể ngừng sản xuất.",
    )
    conclusion_on = models.DateField("ngày có kết luận")
    deadline = models.DateField("hạn quyết định thu hồi", help_text="15 ngày kể từ ngày có kết luận (Điều 8.4).")
    authority = models.CharField("thẩm quyền quyết định", max_length=255)
    evidence = private_file(evidence_path, "tệp minh chứng", blank=True)
    evidence_name = models.CharField("tên tệp minh chứng", max_length=255, blank=True)
    proposed_by = user_ref()
    decision_number = models.CharField("số quyết định thu hồi", max_length=100, blank=True)
    decided_on = models.DateField("ngày quyết định thu hồi", null=True, blank=True)
    signer = models.CharField("người ký", max_length=150, blank=True)
    decided_by = user_ref("người ghi nhận quyết định")
    cancel_reason = models.TextField("lý do hủy đề nghị", blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "thu hồi giấy chứng nhận"
        ordering = ["-conclusion_on", "-id"]

    def __str__(self) -> str:
        return f"Thu hồi {self.certificate}"

    @property
    def ground_info(self) -> legal.Ground:
        return legal.revocation_ground(self.ground)

    def is_overdue(self, on) -> bool:
        if self.status == self.Status.PROPOSED:
            return on > self.deadline
        if self.status == self.Status.DECIDED and self.decided_on:
            return self.decided_on > self.deadline
        return False



def issued_document_path(instance, filename: str) -> str:
    return random_name("van-ban-phat-hanh", filename)


class IssuedDocument(SampleFlagModel, CreatedByModel):
    """A document as the system issued it: the exact PDF (signed by the issuing body when a
    key is configured, ocop.core.signing) and its SHA-256, so anyone holding a copy can learn
    whether it is this one, unaltered (public verification, docs/signing.md).

    The file never changes after issue: a later revocation of the certificate is a state the
    verification page reads from the register, not an edit of the signed file.
    """

    class Kind(models.TextChoices):
        CERTIFICATE = "certificate", "Giấy chứng nhận sản phẩm OCOP"
        DECISION = "decision", "Quyết định công nhận sản phẩm OCOP"
        MINUTES = "minutes", "Biên bản họp Hội đồng đánh giá, phân hạng"

    kind = models.CharField("loại văn bản", max_length=16, choices=Kind.choices)
    # The issued record: a Certificate, a RecognitionDecision, or (minutes) a council
    # evaluation of the councils app, which sits above this one.
    object_id = models.PositiveBigIntegerField("mã bản ghi")
    certificate = models.ForeignKey(
        Certificate, verbose_name="giấy chứng nhận", null=True, blank=True, on_delete=models.PROTECT,
        related_name="issued_documents",
    )
    decision = models.ForeignKey(
        RecognitionDecision, verbose_name="quyết định", null=True, blank=True, on_delete=models.PROTECT,
        related_name="issued_documents",
    )
    title = models.CharField("tên văn bản", max_length=300)
    issuer = models.CharField("cơ quan ban hành", max_length=200, blank=True)
    file = private_file(issued_document_path, max_length=200)
    sha256 = models.CharField("SHA-256", max_length=64, unique=True)
    size = models.PositiveIntegerField("dung lượng (byte)")
    signed = models.BooleanField("có chữ ký số", default=False)
    signer = models.CharField("chứng thư ký", max_length=300, blank=True)
    signer_organisation = models.CharField("tổ chức trong chứng thư", max_length=300, blank=True)
    demo_key = models.BooleanField("khóa thử nghiệm", default=False)
    timestamped = models.BooleanField("có dấu thời gian", default=False)
    issued_at = models.DateTimeField("thời điểm phát hành", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "văn bản đã phát hành"
        constraints = [unique("kind", "object_id", name="issued_document_once")]

    def __str__(self) -> str:
        return self.title


audit(RecognitionDecision, Certificate, Revocation, exclude=("number_key",))
