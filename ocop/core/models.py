from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse

from ocop.core.keys import user_ref
from ocop.core.text import normalize_search
from ocop.core.validation import FieldErrors


class DetailPageMixin:
    """A record with a page of its own: `DETAIL_URL` names the URL pattern taking its id."""

    DETAIL_URL = ""

    def get_absolute_url(self) -> str:
        return reverse(self.DETAIL_URL, args=[self.pk])


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField("thời điểm tạo", auto_now_add=True)
    updated_at = models.DateTimeField("thời điểm cập nhật", auto_now=True)

    class Meta:
        abstract = True


class SampleFlagModel(models.Model):
    """A record the demo data may have made: `is_sample` lets the interface mark it and the
    demo loader find (and replace) its own rows without touching real ones."""

    is_sample = models.BooleanField("dữ liệu mẫu", default=False)

    class Meta:
        abstract = True


class CreatedByModel(models.Model):
    """A record that remembers the account that created it (kept when the account is deleted:
    the reference becomes empty, the record stays)."""

    created_by = user_ref()

    class Meta:
        abstract = True


class RecordModel(TimeStampedModel, SampleFlagModel, CreatedByModel):
    """The columns every register record carries: timestamps, the sample flag and its author.

    Subclasses declare their own Meta (ordering, verbose names); the abstract bases have none
    to inherit."""

    class Meta:
        abstract = True


class GeoPointModel(models.Model):
    """A place that can be shown on a map: latitude and longitude in decimal degrees, both
    empty when the place has not been located."""

    latitude = models.DecimalField(
        "vĩ độ", max_digits=9, decimal_places=6, null=True, blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    longitude = models.DecimalField(
        "kinh độ", max_digits=9, decimal_places=6, null=True, blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )

    class Meta:
        abstract = True

    def check_geo_point(self, errors: FieldErrors) -> None:
        """Both coordinates or neither: a point with one of them cannot be put on the map."""
        if (self.latitude is None) != (self.longitude is None):
            errors["longitude" if self.longitude is None else "latitude"] = (
                "Cần nhập đủ cả vĩ độ và kinh độ, hoặc để trống cả hai."
            )


class CheckedFileModel(models.Model):
    """A stored file with what `ocop.core.uploads.check_document_upload` learned of it: the
    name it was uploaded under (kept here, never used on disk), the type detected from its
    content, its size and its SHA-256. Subclasses add the `file` field with their own folder."""

    original_name = models.CharField("tên tệp gốc", max_length=255)
    content_type = models.CharField("kiểu nội dung", max_length=50)
    size = models.PositiveIntegerField("dung lượng (byte)")
    sha256 = models.CharField("mã băm SHA-256", max_length=64)

    class Meta:
        abstract = True


class SearchableModel(models.Model):
    """A model with a diacritics-free, lower-case copy of its searchable text.

    Subclasses list the fields to index in SEARCH_FIELDS (dotted paths allowed);
    services call refresh_search_text() before saving.
    """

    SEARCH_FIELDS: tuple[str, ...] = ()

    search_text = models.TextField(editable=False, default="", db_index=False)

    class Meta:
        abstract = True

    def refresh_search_text(self) -> None:
        parts = []
        for path in self.SEARCH_FIELDS:
            value = self
            for attr in path.split("."):
                value = getattr(value, attr, None) if value is not None else None
            if value:
                parts.append(str(value))
        self.search_text = normalize_search(" ".join(parts))


class Attachment(models.Model):
    """A PDF or image attached to a record (business plan, communication activity).

    Subclasses add the owner's foreign key and the `file` field (private storage, their own
    folder); the kind is the one `ocop.core.uploads.check_document_upload` detected."""

    original_name = models.CharField("tên tệp", max_length=255)
    kind = models.CharField("loại tệp", max_length=10)
    size = models.PositiveBigIntegerField("dung lượng (byte)")
    caption = models.CharField("mô tả", max_length=255, blank=True)
    uploaded_by = user_ref()
    created_at = models.DateTimeField("thời điểm tải lên", auto_now_add=True)

    class Meta:
        abstract = True
        ordering = ["id"]

    def __str__(self) -> str:
        return self.original_name
