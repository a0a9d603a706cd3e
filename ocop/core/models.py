from django.db import models

from ocop.core.text import normalize_search


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField("thời điểm tạo", auto_now_add=True)
    updated_at = models.DateTimeField("thời điểm cập nhật", auto_now=True)

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
    uploaded_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField("thời điểm tải lên", auto_now_add=True)

    class Meta:
        abstract = True
        ordering = ["id"]

    def __str__(self) -> str:
        return self.original_name
