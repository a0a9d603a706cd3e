"""Responses for generated files (DOCX, XLSX, PDF, CSV), and errors that explain themselves."""

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def file_download(data: bytes, *, content_type: str, filename: str, inline: bool = False) -> HttpResponse:
    """The file, saved under `filename` (ASCII, no quotes) or shown in the browser when inline."""
    response = HttpResponse(data, content_type=content_type)
    disposition = "inline" if inline else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    return response


class _Explained:
    """An error that says why, and where to go back to (a link to the record).

    The site's 403/404 handlers (ocop.core.views) render it in the layout with the menu:
    a person who followed a link to a document that does not exist yet reads the reason
    ("Biên bản có sau khi kết thúc chấm điểm.") and a way back, not a bare error page."""

    def __init__(self, reason: str, *, back_url: str = "", back_label: str = "", title: str = ""):
        super().__init__(reason)
        self.reason, self.back_url, self.title = reason, back_url, title
        self.back_label = back_label or "Quay lại"


class NotAvailable(_Explained, Http404):
    """404 with a reason and a way back: the thing does not exist (yet) for this reader."""


class NotAllowed(_Explained, PermissionDenied):
    """403 with a reason and a way back: visible, but not for this reader or not now."""


def not_available(reason: str, *, back_url: str = "", back_label: str = "", title: str = "") -> NotAvailable:
    """`raise not_available("…", back_url=…, back_label=…)`."""
    return NotAvailable(reason, back_url=back_url, back_label=back_label, title=title)


def not_allowed(reason: str, *, back_url: str = "", back_label: str = "", title: str = "") -> NotAllowed:
    return NotAllowed(reason, back_url=back_url, back_label=back_label, title=title)
