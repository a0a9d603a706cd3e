"""Responses for generated files (DOCX, XLSX, PDF, CSV)."""

from django.http import HttpResponse

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def file_download(data: bytes, *, content_type: str, filename: str, inline: bool = False) -> HttpResponse:
    """The file, saved under `filename` (ASCII, no quotes) or shown in the browser when inline."""
    response = HttpResponse(data, content_type=content_type)
    disposition = "inline" if inline else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    return response
