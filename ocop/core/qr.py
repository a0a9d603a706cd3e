"""QR codes (segno, pure Python) as SVG for pages and PNG for documents."""

import io
from functools import lru_cache

import segno


# A QR code is a pure function of its text and takes a few milliseconds of Python to draw
# (segno tries eight masks): pages that show one (certificate verification, the QR pages)
# keep the latest ones. About 3 kB each.
@lru_cache(maxsize=512)
def qr_svg(payload: str, *, scale: int = 4) -> str:
    buffer = io.BytesIO()
    segno.make(payload, error="m").save(buffer, kind="svg", scale=scale, xmldecl=False, svgns=True)
    return buffer.getvalue().decode("utf-8")


def qr_png(payload: str, *, scale: int = 8) -> bytes:
    buffer = io.BytesIO()
    segno.make(payload, error="m").save(buffer, kind="png", scale=scale, border=2)
    return buffer.getvalue()
