"""Files the upload tests send, and what the stores hold (shared by the apps' upload tests)."""

import io
from pathlib import Path

from PIL import Image

from ocop.core.storage import private_root

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
EXECUTABLE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 64 + b"This program cannot be run in DOS mode."


def png_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (16, 16), (30, 120, 60)).save(buffer, format="PNG")
    return buffer.getvalue()


def stored_files(settings) -> list:
    # Attachments go to the private store; nothing may land in the public media folder either.
    roots = [Path(settings.MEDIA_ROOT), private_root()]
    return [p for root in roots if root.exists() for p in root.rglob("*") if p.is_file()]
