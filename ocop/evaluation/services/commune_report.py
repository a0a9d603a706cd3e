"""The commune's report on a dossier (Mẫu 03) and its proposal letter: writing them, and
what is still missing before the commune may issue the report or forward the dossier."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction

from ocop.core.registers import record_assign, record_save
from ocop.evaluation import legal
from ocop.evaluation.models import CommuneReport, Dossier

COMMUNE_REPORT_FIELDS = (
    "report_number",
    "report_date",
    "local_materials",
    "local_labour",
    "idea_origin",
    "local_identity",
    "meeting_held",
    "signer_name",
    "signer_title",
)
PROPOSAL_FIELDS = ("letter_number", "letter_date", "samples_count")


@transaction.atomic
def commune_report_save(*, actor, dossier: Dossier, **fields) -> CommuneReport:
    """Write the commune's assessment of the four local contents (Mẫu 03) while checking."""
    from ocop.evaluation.models import COMMUNE_REPORT_EDITABLE_STATES

    if dossier.state not in COMMUNE_REPORT_EDITABLE_STATES:
        raise ValidationError(
            f"Hồ sơ đang ở trạng thái «{dossier.get_state_display()}», không lập hoặc sửa Mẫu 03 được."
        )
    report, _ = CommuneReport.objects.get_or_create(dossier=dossier)
    record_assign(report, fields, COMMUNE_REPORT_FIELDS + PROPOSAL_FIELDS)
    report.updated_by = actor
    return record_save(report, actor=actor)


def commune_report_missing(dossier: Dossier) -> list[str]:
    report = getattr(dossier, "commune_report", None)
    if report is None:
        return ["Chưa lập báo cáo đánh giá một số nội dung của hồ sơ (Mẫu 03)."]
    problems = []
    for content in legal.commune_report_contents():
        if not getattr(report, content["key"]).strip():
            problems.append(f"Mẫu 03 mục II.{content['number']}: chưa nhập «{content['title']}».")
    return problems


def proposal_missing(dossier: Dossier) -> list[str]:
    report = getattr(dossier, "commune_report", None)
    if report is None:
        return ["Chưa lập báo cáo Mẫu 03."]
    problems = []
    if not report.letter_number.strip():
        problems.append("Chưa nhập số văn bản đề nghị của UBND xã (QĐ 26/2026 Điều 6.2.a).")
    if report.letter_date is None:
        problems.append("Chưa nhập ngày văn bản đề nghị.")
    criteria_set = dossier.product.category.criteria_set
    if report.samples_count is None:
        problems.append("Chưa ghi số sản phẩm mẫu gửi kèm (QĐ 26/2026 Điều 6.2.d).")
    elif legal.samples_exempt(dossier.regime_key, criteria_set):
        if report.samples_count:
            problems.append("Sản phẩm dịch vụ du lịch (bộ 26) không gửi sản phẩm mẫu.")
    elif report.samples_count == 0:
        problems.append("Phải gửi kèm sản phẩm mẫu (QĐ 26/2026 Điều 6.2.d: 05 sản phẩm mẫu).")
    return problems
