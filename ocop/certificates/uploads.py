"""Register files to import (XLSX or CSV), judged by content; documents (PDF or images)
are checked by `ocop.core.uploads.check_document_upload`."""

from __future__ import annotations

import io
import zipfile

from django.conf import settings
from django.core.exceptions import ValidationError

from ocop.core.uploads import _megabytes

# An XLSX is a zip; refuse ones that would inflate to more than this (zip bombs).
MAX_XLSX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024


def register_file_kind(name: str, data: bytes) -> str:
    """"xlsx" or "csv" for a register file, judged by content; ValidationError otherwise."""
    if len(data) > settings.MAX_DOCUMENT_UPLOAD_BYTES:
        raise ValidationError(
            f"Tệp “{name}” quá lớn ({_megabytes(len(data))}); dung lượng tối đa là "
            f"{_megabytes(settings.MAX_DOCUMENT_UPLOAD_BYTES)}."
        )
    if not data.strip():
        raise ValidationError(f"Tệp “{name}” rỗng.")
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise ValidationError(
            f"Tệp “{name}” là tệp Excel 97–2003 (.xls), không được hỗ trợ. Hãy mở bằng Excel và "
            "lưu lại dưới dạng “Excel Workbook (.xlsx)” hoặc “CSV UTF-8”."
        )
    if data[:4] == b"PK\x03\x04":
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                names = set(archive.namelist())
                inflated = sum(info.file_size for info in archive.infolist())
        except zipfile.BadZipFile as exc:
            raise ValidationError(f"Tệp “{name}” bị hỏng (không mở được như tệp .xlsx).") from exc
        if "xl/workbook.xml" not in names or "[Content_Types].xml" not in names:
            raise ValidationError(
                f"Tệp “{name}” là tệp nén nhưng không phải bảng tính Excel (.xlsx)."
            )
        if inflated > MAX_XLSX_UNCOMPRESSED_BYTES:
            raise ValidationError(f"Tệp “{name}” giải nén ra quá lớn; hãy chia nhỏ danh sách.")
        return "xlsx"
    if b"\x00" in data:
        raise ValidationError(
            f"Tệp “{name}” không phải bảng tính .xlsx hay tệp CSV văn bản. Chỉ nhận .xlsx hoặc CSV (UTF-8)."
        )
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ValidationError(
            f"Tệp “{name}” không phải văn bản UTF-8. Trong Excel hãy chọn “Lưu dưới dạng” → "
            "“CSV UTF-8 (Comma delimited)”, hoặc lưu thành .xlsx."
        ) from exc
    return "csv"
