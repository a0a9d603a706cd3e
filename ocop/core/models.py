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
