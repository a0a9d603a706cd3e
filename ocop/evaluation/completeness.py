"""What a dossier still lacks before it can be submitted (QĐ 26/2026 Điều 6.1), listed in
Vietnamese. The service refuses submission while the list is not empty; the page shows it.
"""

from __future__ import annotations

from datetime import date

from django.utils import timezone

from ocop.criteria.regimes import get_regime, regime_label
from ocop.evaluation import legal
from ocop.evaluation.models import Dossier, DossierKind

MAU01_REQUIRED = [
    ("representative_name", "họ tên người đại diện pháp lý"),
    ("representative_title", "chức vụ người đại diện"),
    ("contact_address", "địa chỉ liên hệ"),
    ("phone", "số điện thoại"),
]
MAU02_PART_I_REQUIRED = [
    ("representative_gender", "giới tính người đại diện pháp luật"),
    ("representative_ethnicity", "dân tộc người đại diện pháp luật"),
    ("representative_residence", "địa chỉ thường trú của người đại diện pháp luật"),
    ("product_specification", "mô tả quy cách sản phẩm, tiêu chuẩn (mục 7)"),
    ("producer_history", "lịch sử hình thành của chủ thể (mục 8)"),
    ("organisation_structure", "cơ cấu tổ chức của chủ thể (mục 9)"),
]
MAU02_PART_II_REQUIRED = [
    ("results_production", "tổ chức vùng nguyên liệu, công nghệ sản xuất, chế biến, đóng gói"),
    ("results_quality", "sự thay đổi về chất lượng sản phẩm"),
    ("results_market", "thị trường phân phối sản phẩm"),
    ("results_business", "kết quả sản xuất, kinh doanh (doanh thu, lợi nhuận)"),
]


def self_assessment_problem(dossier: Dossier, assessment) -> str:
    """Why a stored self-assessment cannot serve as this dossier's Mẫu 02 Phần III."""
    regime = get_regime(dossier.regime_key)
    if assessment.product_id != dossier.product_id:
        return "Phiếu tự đánh giá không phải của sản phẩm này."
    if assessment.criteria_set != dossier.product.category.criteria_set:
        return (
            f"Phiếu tự đánh giá chấm theo bộ {assessment.criteria_set}, nhưng sản phẩm thuộc bộ "
            f"{dossier.product.category.criteria_set}."
        )
    if regime.criteria_version and assessment.criteria_version != regime.criteria_version:
        return (
            f"Phiếu tự đánh giá chấm theo bộ tiêu chí của {regime_label(assessment.criteria_version)}, không phải "
            f"của {regime.legal_name} là chế độ áp dụng cho hồ sơ."
        )
    return ""


def part_totals_problem(dossier: Dossier, totals: dict, *, partial: bool = False) -> str:
    """What is wrong with the self-assessed part totals (QĐ 148 regimes). `partial`: a draft
    may hold some parts only; each given value must still be a number within its part."""
    regime = get_regime(dossier.regime_key)
    for part in regime.parts:
        value = totals.get(part.code)
        if value in (None, ""):
            if partial:
                continue
            return f"chưa nhập điểm tự đánh giá phần {part.code} ({part.title})"
        try:
            number = float(value)
        except (TypeError, ValueError):
            return f"điểm phần {part.code} phải là một số"
        if not 0 <= number <= part.max:
            return f"điểm phần {part.code} phải từ 0 đến {part.max}"
    return ""


def dossier_missing(dossier: Dossier, *, statuses=None, today: date | None = None) -> list[str]:
    """Every problem that blocks submission, in Vietnamese; [] when complete."""
    from ocop.evaluation.selectors import dossier_evidence_status

    problems: list[str] = []
    for name, label in MAU01_REQUIRED:
        if not str(getattr(dossier, name) or "").strip():
            problems.append(f"Mẫu 01: chưa nhập {label}.")
    if dossier.samples_offered is None:
        problems.append("Mẫu 01: chưa nhập số lượng sản phẩm mẫu.")
    elif legal.samples_exempt(dossier.regime_key, dossier.product.category.criteria_set):
        if dossier.samples_offered:
            problems.append("Mẫu 01: sản phẩm dịch vụ du lịch (bộ 26) không gửi sản phẩm mẫu.")
    elif dossier.samples_offered == 0:
        problems.append("Mẫu 01: sản phẩm phải gửi kèm sản phẩm mẫu (QĐ 26/2026 Điều 6.2.d).")
    for name, label in MAU02_PART_I_REQUIRED:
        if not str(getattr(dossier, name) or "").strip():
            problems.append(f"Mẫu 02 Phần I: chưa nhập {label}.")
    for name, label in MAU02_PART_II_REQUIRED:
        if not str(getattr(dossier, name) or "").strip():
            problems.append(f"Mẫu 02 Phần II: chưa nhập {label}.")
    if dossier.kind in (DossierKind.UPGRADE, DossierKind.REEVALUATION) and not dossier.changes_summary.strip():
        problems.append(
            "Mẫu 02: chưa trình bày những thay đổi so với sản phẩm đã được công nhận "
            "(QĐ 26/2026 Điều 6.1.b, 6.1.c)."
        )
    regime = get_regime(dossier.regime_key)
    if regime.granularity == "options":
        if dossier.self_assessment_id is None:
            problems.append(
                "Mẫu 02 Phần III: chưa chọn phiếu tự đánh giá theo Bộ tiêu chí (lập phiếu tại mục "
                "«Tự đánh giá» của sản phẩm)."
            )
        else:
            problem = self_assessment_problem(dossier, dossier.self_assessment)
            if problem:
                problems.append(f"Mẫu 02 Phần III: {problem}")
    else:
        problem = part_totals_problem(dossier, dossier.self_part_totals or {})
        if problem:
            problems.append(f"Mẫu 02 Phần III: {problem}.")
    if not dossier.business_plan.strip():
        problems.append("Mẫu 02 Phần IV: chưa nhập kế hoạch sản xuất, kinh doanh.")
    statuses = statuses if statuses is not None else dossier_evidence_status(
        dossier=dossier, today=today or timezone.localdate()
    )
    for status in statuses:
        if status.missing:
            problems.append(f"Minh chứng – {status.problem}")
    return problems
