"""Request bodies larger than OCOP_MAX_REQUEST_BYTES are refused before anything reads them.

Django reads a multipart body whole (to memory or temporary files) as soon as a view or
the CSRF middleware touches `request.POST`; only then did the form say the file was too
big. This middleware looks at the declared Content-Length first and answers 413 at once,
in Vietnamese, without reading a byte of the body. A body without Content-Length (chunked)
is not read by Django at all. The proxy in front has the same limit (nginx
`client_max_body_size`, docs/operations.md §5).
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.utils.html import escape

from ocop.core.faults import wants_json
from ocop.core.uploads import human_size


def too_large_message(declared: int, limit: int) -> str:
    return (
        f"Dữ liệu gửi lên quá lớn ({human_size(declared)}); mỗi lần gửi tối đa {human_size(limit)}. "
        "Hãy chọn tệp nhỏ hơn (nén hoặc giảm độ phân giải) hoặc gửi từng tệp một."
    )


class RequestSizeMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        limit = settings.OCOP_MAX_REQUEST_BYTES
        try:
            declared = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            declared = 0  # Django itself treats an unreadable length as an empty body
        if limit and declared > limit:
            return self.refuse(request, declared, limit)
        return self.get_response(request)

    def refuse(self, request, declared: int, limit: int):
        message = too_large_message(declared, limit)
        if wants_json(request):
            return JsonResponse({"error": "request_too_large", "detail": message}, status=413)
        page = (
            '<!doctype html><html lang="vi"><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            "<title>Dữ liệu quá lớn – Hệ thống quản lý OCOP</title></head><body>"
            f'<h1>Dữ liệu gửi lên quá lớn</h1><p id="ly-do">{escape(message)}</p>'
            "<p>Không có dữ liệu nào được lưu. Hãy quay lại trang trước và thử lại.</p>"
            '<p><a href="/">Về trang chủ</a></p></body></html>'
        )
        return HttpResponse(page, status=413)
