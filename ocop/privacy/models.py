"""Who looked at whose personal data, and what was done on a data subject's request.

Both tables are append-only journals (Nghị định 13/2023 Điều 27: the controller keeps a record
of processing; Điều 9: the subject may ask who processed their data). The subject is named by
model label and id, not by a foreign key, so a journal row outlives what it describes and this
low-layer app depends on no other app's models.
"""

from django.conf import settings
from django.db import models


class PersonalDataAccess(models.Model):
    """One view of a page or document that shows a representative's personal details."""

    viewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="người xem", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    viewed_at = models.DateTimeField("thời điểm", auto_now_add=True, db_index=True)
    subject_model = models.CharField("loại bản ghi", max_length=100)
    subject_id = models.PositiveBigIntegerField("mã bản ghi")
    subject_repr = models.CharField("bản ghi", max_length=255)
    purpose = models.CharField("trang, tài liệu", max_length=100)
    path = models.CharField("đường dẫn", max_length=500, blank=True)

    class Meta:
        verbose_name = "lượt xem dữ liệu cá nhân"
        verbose_name_plural = "nhật ký xem dữ liệu cá nhân"
        ordering = ["-viewed_at", "-id"]
        indexes = [models.Index(fields=["subject_model", "subject_id", "-viewed_at"], name="privacy_access_subject_idx")]

    def __str__(self) -> str:
        return f"{self.viewer} xem {self.subject_repr}"


class RequestKind(models.TextChoices):
    EXPORT = "export", "Xuất toàn bộ dữ liệu"
    ERASE = "erase", "Xóa, ẩn danh hóa"


class PersonalDataRequest(models.Model):
    """A data subject's request carried out: an export or an erasure (Nghị định 13/2023 Điều 9,
    14, 16), with who did it, why and what it touched."""

    kind = models.CharField("loại yêu cầu", max_length=10, choices=RequestKind.choices)
    subject_type = models.CharField("chủ thể dữ liệu", max_length=20)
    subject_id = models.PositiveBigIntegerField("mã")
    subject_repr = models.CharField("chủ thể dữ liệu (lúc thực hiện)", max_length=255)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="người thực hiện", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.CharField("căn cứ, lý do", max_length=500)
    done_at = models.DateTimeField("thời điểm", auto_now_add=True)
    summary = models.JSONField("kết quả", default=dict)

    class Meta:
        verbose_name = "yêu cầu về dữ liệu cá nhân"
        verbose_name_plural = "yêu cầu về dữ liệu cá nhân"
        ordering = ["-done_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.subject_repr}"
