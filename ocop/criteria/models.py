"""Stored self-assessments (Mẫu 02 Phần III: the producer's own scores per criterion).

The criteria themselves are data files (`data/`), not tables; a stored sheet records the
criteria version it was scored against, its points per leaf criterion, and the engine's
result at the time, so later data changes never rewrite history.
"""

from django.db import models

from ocop.core.keys import product_fk
from ocop.core.models import RecordModel


class SelfAssessment(RecordModel):
    product = product_fk(related_name="self_assessments", on_delete=models.CASCADE)
    criteria_version = models.CharField("phiên bản bộ tiêu chí", max_length=30)
    criteria_set = models.PositiveSmallIntegerField("bộ sản phẩm số")
    points = models.JSONField("điểm từng chỉ tiêu", default=dict)
    total = models.DecimalField("tổng điểm", max_digits=5, decimal_places=2)
    band_stars = models.PositiveSmallIntegerField("hạng theo điểm")
    stars = models.PositiveSmallIntegerField("hạng sao tự đánh giá")
    result = models.JSONField("kết quả chi tiết", default=dict)
    advice = models.JSONField("gợi ý nâng hạng", default=dict)

    class Meta:
        verbose_name = verbose_name_plural = "phiếu tự đánh giá"
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["product", "-created_at"])]

    def __str__(self) -> str:
        return f"Tự đánh giá {self.product} ({self.total} điểm)"
