"""How the lines of the decision are recognised (see sets.py for the layout of the source):
the patterns of set headings, parts, criteria codes, cases, points, stars, bullets and
notes; the kind of a note; and `ParseError`, raised on anything not understood."""

from __future__ import annotations

import re
from dataclasses import dataclass


class ParseError(ValueError):
    pass


HEADING = re.compile(r"^(\d{1,2})\s*\.\s*(\S.*)$")
SET_PREFIX = re.compile(r"^bộ sản phẩm\s*:\s*", re.IGNORECASE)
CLASSIFICATION = re.compile(
    r"^\(\s*sản phẩm\s*:\s*(?P<sp>.*?)\s*(?:[.,;]\s*nhóm\s*:\s*(?P<nhom>.*?))?\s*[.]?\s*\)?$",
    re.IGNORECASE,
)
SET_DISQUALIFIER = re.compile(r"^(?:hồ sơ\s+)?bị loại khi\s*:\s*(?P<text>.+)$", re.IGNORECASE)
STAR_LEGEND = re.compile(r"^ghi chú\s*:\s*dấu sao", re.IGNORECASE)
PART = re.compile(r"^phần\s+(?P<code>[abc])\b\s*:?\s*(?P<rest>.*)$", re.IGNORECASE)
PART_LABEL_POINTS = re.compile(r"\(\s*(\d+)\s*điểm\s*\)", re.IGNORECASE)
CODE = re.compile(r"^(?P<code>\d+(?:\.\d+)*)\.?\s+(?P<title>\S.*)$")
CASE = re.compile(r"^(?P<key>[a-z])\.\s*(?P<label>trường hợp.*)$", re.IGNORECASE)
POINTS = re.compile(r"^\d+$")
STARS = re.compile(r"^(?P<text>.*?)\s*(?P<stars>(?:\*\s*){3,5})$")
# The source's option box is "□"; set 7 once prints "o" instead.
STANDARD_BULLET = "□"
OTHER_BULLETS = re.compile(r"^(?:[☐❑▢■•]|o(?=\s))\s*")
NOTE_START = re.compile(r"^(?:ghi chú|chú ý)\s*:", re.IGNORECASE)
ROMAN = re.compile(r"^[IVX]+$")


def classify_note(text: str) -> str:
    """Classify a note by its wording (see model.NOTE_KINDS)."""
    folded = text.casefold()
    if folded.startswith("yêu cầu"):
        return "requirement"
    if "bị loại" in folded:
        return "disqualifier"
    if "không đánh giá các bước tiếp theo" in folded or "không xem xét các chỉ tiêu khác" in folded:
        return "stop"
    if "không đánh giá những sản phẩm" in folded:
        return "not_evaluated"
    if "chỉ áp dụng khi" in folded or folded.startswith("áp dụng bắt buộc"):
        return "applicability"
    if folded.startswith("lựa chọn một trong"):
        return "choice"
    if folded.startswith("(") or folded.startswith("chất lượng"):
        return "description"
    if "phiếu kiểm nghiệm" in folded or "đánh giá dựa trên" in folded:
        return "evidence"
    return "note"


@dataclass(frozen=True)
class SetHeading:
    number: int
    heading: str
    title: str  # the heading without the number and "Bộ sản phẩm:"
    classification_line: str
    start: int  # block index of the heading paragraph
