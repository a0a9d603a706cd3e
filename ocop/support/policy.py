"""Programme rules this app applies, kept as data with their source (no ORM here).

A deployment may override a value in settings (named below) when a later plan changes it;
records that depend on a rule copy the value in force when they are made (a focus selection
stores its own range), so a new plan never rewrites an old selection.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings


@dataclass(frozen=True)
class FocusRange:
    minimum: int
    maximum: int
    source: str

    def describe(self) -> str:
        return f"từ {self.minimum} đến {self.maximum} ý tưởng/sản phẩm"


# Kế hoạch triển khai Chương trình OCOP năm 2024 của UBND huyện Kon Rẫy, mục III.3 ("Xác định,
# lựa chọn từ 3 đến 5 ý tưởng/sản phẩm để tập trung củng cố, hỗ trợ nâng cấp") and IV.1
# (task of Phòng NN&PTNT); the plan's number is not in the copy we hold.
DEFAULT_FOCUS_RANGE = FocusRange(
    minimum=3,
    maximum=5,
    source=(
        "Kế hoạch số …/KH-UBND năm 2024 của UBND huyện Kon Rẫy triển khai Chương trình OCOP, "
        "mục III.3 và IV.1: lựa chọn từ 3 đến 5 ý tưởng/sản phẩm để tập trung củng cố, hỗ trợ"
    ),
)


def focus_range() -> FocusRange:
    """The range in force: settings.OCOP_FOCUS_RANGE = (min, max, source) overrides the plan's."""
    override = getattr(settings, "OCOP_FOCUS_RANGE", None)
    if override:
        minimum, maximum, source = override
        return FocusRange(int(minimum), int(maximum), str(source))
    return DEFAULT_FOCUS_RANGE


# Funding sources that are state budgets: each needs a yearly allocation (dự toán) per
# budget unit, and support paid from it may not exceed that allocation. The producer's
# counterpart funds and other sources are recorded but not capped.
# Kế hoạch Kon Rẫy 2024 mục IV.4: the finance office "bố trí kế hoạch vốn thuộc Chương trình
# mục tiêu quốc gia xây dựng nông thôn mới hàng năm cho Chương trình OCOP".
ALLOCATED_SOURCES = frozenset({"ntm", "ngan_sach_tinh", "ngan_sach_huyen", "ngan_sach_xa"})
