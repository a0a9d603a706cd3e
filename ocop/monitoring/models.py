"""Post-recognition monitoring (hậu kiểm, QĐ 26/2026 Điều 9): inspection plans, inspection
records and label-use checks per product, and the time-limited compliance documents of
each product (quality declaration, food-safety certificate, periodic lab tests)."""


from django.db import models

from ocop.core.audit import audit
from ocop.core.fields import private_file
from ocop.core.keys import agency_fk, optional_fk, product_fk, unit_fk
from ocop.core.models import RecordModel
from ocop.core.storage import random_name
from ocop.core.validation import EXPIRY_AFTER_ISSUE, FieldErrors


class PlanKind(models.TextChoices):
    # Điều 9.2.a: post-check, periodic inspections combined with ad hoc ones when needed.
    PERIODIC = "dinh_ky", "Định kỳ"
    AD_HOC = "dot_xuat", "Đột xuất"


class InspectionPlan(RecordModel):
    title = models.CharField("tên kế hoạch", max_length=255)
    kind = models.CharField("hình thức", max_length=10, choices=PlanKind.choices)
    period_start = models.DateField("từ ngày")
    period_end = models.DateField("đến ngày")
    unit = unit_fk("địa bàn", related_name="inspection_plans")
    lead_agency = agency_fk("cơ quan chủ trì", related_name="inspection_plans")
    lead_agency_name = models.CharField(
        "cơ quan chủ trì (nếu không có trong danh sách)", max_length=255, blank=True
    )
    content = models.TextField("nội dung kiểm tra", blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "kế hoạch kiểm tra, giám sát"
        ordering = ["-period_start", "-id"]

    def __str__(self) -> str:
        return self.title

    @property
    def lead(self) -> str:
        return self.lead_agency.name if self.lead_agency_id else self.lead_agency_name

    def clean(self):
        errors = FieldErrors()
        errors.check_order(self.period_start, self.period_end, "period_end", "Ngày kết thúc phải sau ngày bắt đầu.")
        errors.check(
            not self.lead_agency_id and not self.lead_agency_name.strip(),
            "lead_agency",
            "Hãy chọn hoặc ghi cơ quan chủ trì.",
        )
        errors.raise_if_any()


class CheckResult(models.TextChoices):
    PASS = "dat", "Đạt"
    FAIL = "khong_dat", "Không đạt"
    NOT_CHECKED = "khong_kiem_tra", "Không kiểm tra"


class RecordKind(models.TextChoices):
    INSPECTION = "kiem_tra", "Kiểm tra, giám sát"
    LABEL_CHECK = "nhan_mac", "Kiểm tra sử dụng nhãn, dấu OCOP"


class InspectionRecord(RecordModel):
    """One inspection of one product (Điều 9.3: criteria maintained; OCOP mark, information
    and promotion used correctly). Commune officers record label-use checks."""

    kind = models.CharField("loại", max_length=10, choices=RecordKind.choices, default=RecordKind.INSPECTION)
    plan = optional_fk(InspectionPlan, "kế hoạch", on_delete=models.SET_NULL, related_name="records")
    product = product_fk(related_name="inspections")
    certificate = optional_fk(
        "certificates.Certificate", "giấy chứng nhận",
        on_delete=models.SET_NULL, related_name="inspections",
    )
    inspected_on = models.DateField("ngày kiểm tra")
    inspectors = models.CharField("người kiểm tra", max_length=500)
    criteria_maintained = models.CharField(
        "duy trì các tiêu chí theo hồ sơ đã được công nhận", max_length=15,
        choices=CheckResult.choices, default=CheckResult.NOT_CHECKED,
    )
    mark_use = models.CharField(
        "sử dụng nhãn hiệu, thông tin OCOP đúng quy định", max_length=15,
        choices=CheckResult.choices, default=CheckResult.NOT_CHECKED,
    )
    labels = models.CharField(
        "nhãn hàng hóa", max_length=15, choices=CheckResult.choices, default=CheckResult.NOT_CHECKED
    )
    food_safety = models.CharField(
        "an toàn thực phẩm", max_length=15, choices=CheckResult.choices, default=CheckResult.NOT_CHECKED
    )
    findings = models.TextField("kết quả, phát hiện", blank=True)
    follow_up = models.TextField("yêu cầu khắc phục", blank=True)
    follow_up_deadline = models.DateField("hạn khắc phục", null=True, blank=True)
    revocation = optional_fk(
        "certificates.Revocation", "đề nghị thu hồi",
        on_delete=models.SET_NULL, related_name="inspections",
    )

    class Meta:
        verbose_name = verbose_name_plural = "biên bản kiểm tra"
        ordering = ["-inspected_on", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.product} ngày {self.inspected_on:%d/%m/%Y}"

    @property
    def has_failure(self) -> bool:
        return CheckResult.FAIL in (self.criteria_maintained, self.mark_use, self.labels, self.food_safety)

    def clean(self):
        errors = FieldErrors()
        errors.check_order(
            self.inspected_on, self.follow_up_deadline, "follow_up_deadline", "Hạn khắc phục phải sau ngày kiểm tra."
        )
        errors.check(
            self.has_failure and not self.findings.strip(),
            "findings",
            "Có nội dung không đạt: hãy ghi kết quả, phát hiện.",
        )
        errors.raise_if_any()


class ComplianceKind(models.TextChoices):
    QUALITY_DECLARATION = "cong_bo", "Bản tự công bố / công bố chất lượng sản phẩm"
    FOOD_SAFETY = "attp", "Giấy chứng nhận cơ sở đủ điều kiện an toàn thực phẩm"
    LAB_TEST = "kiem_nghiem", "Phiếu kết quả kiểm nghiệm định kỳ"
    OTHER = "khac", "Giấy tờ khác"


def document_path(instance, filename: str) -> str:
    # Private store (ocop/core/storage.py): downloaded through a view that checks who asks.
    return random_name("monitoring/documents", filename)


class ComplianceDocument(RecordModel):
    """A time-limited legal paper of a product (QĐ 26/2026 Điều 6.1.c asks for them at
    re-evaluation; Điều 9.3.a: criteria maintained)."""

    product = product_fk(related_name="compliance_documents", on_delete=models.CASCADE)
    kind = models.CharField("loại giấy tờ", max_length=15, choices=ComplianceKind.choices)
    number = models.CharField("số", max_length=100)
    issuer = models.CharField("cơ quan cấp", max_length=255)
    issued_on = models.DateField("ngày cấp")
    expires_on = models.DateField("ngày hết hạn", null=True, blank=True, db_index=True)
    file = private_file(document_path, "tệp (PDF hoặc ảnh)", blank=True)
    file_name = models.CharField("tên tệp", max_length=255, blank=True)
    notes = models.TextField("ghi chú", blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "giấy tờ tuân thủ"
        ordering = ["expires_on", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} số {self.number}"

    def clean(self):
        errors = FieldErrors()
        errors.check_order(self.issued_on, self.expires_on, "expires_on", EXPIRY_AFTER_ISSUE, same_day=False)
        errors.raise_if_any()


audit(InspectionPlan, InspectionRecord, ComplianceDocument)
