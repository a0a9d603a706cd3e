"""The plan and the reports as documents: DOCX in the administrative format, XLSX."""

import io
import re
from pathlib import Path

import pytest
from django.conf import settings
from openpyxl import load_workbook

from ocop.core.documents import NATIONAL_MOTTO, docx_text
from ocop.planning import documents
from ocop.planning.models import PeriodicReport, Responsibility

SEED = Path(settings.OCOP_REFERENCE_DIR) / "ke-hoach-ocop-2024-kon-ray.txt"


def seed_headings() -> list[str]:
    """Headings read straight from the seed text (not through our parser): the Roman
    sections and the numbered items, each up to its colon when the text follows inline."""
    if not SEED.is_file():
        pytest.skip("Tệp kế hoạch gốc không có trong OCOP_REFERENCE_DIR.")
    headings = []
    for line in SEED.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if re.match(r"^[IVX]+\.\s", line) or re.match(r"^\d+\.\s", line):
            headings.append(line.split(":")[0] if ":" in line[:150] else line)
    return headings


def _in_order(needles: list[str], paragraphs: list[str]) -> list[str]:
    """The needles not found, in order, each at the start of a later paragraph."""
    missing, position = [], 0
    for needle in needles:
        for index in range(position, len(paragraphs)):
            if paragraphs[index].startswith(needle):
                position = index + 1
                break
        else:
            missing.append(needle)
    return missing


@pytest.mark.django_db
def test_it_renders_the_2024_plan_following_the_seeds_headings(plan2024):
    paragraphs = [p.strip() for p in docx_text(documents.plan_docx(plan2024)).splitlines()]
    headings = seed_headings()
    assert len(headings) == 4 + 2 + 2 + 5 + 7  # I–IV, I.1–2, II.1–2, III.1–5, IV.1–7
    assert _in_order(headings, paragraphs) == []
    text = "\n".join(paragraphs)
    assert NATIONAL_MOTTO in text and "KẾ HOẠCH" in text and "ỦY BAN NHÂN DÂN" in text
    assert "Số:       /KH-UBND" in text  # the copy we hold has no number
    assert "Kon Rẫy, ngày" in text
    assert "Nơi nhận:" in text and "Nguyễn Văn Thủy" in text and "PHÓ CHỦ TỊCH" in text
    assert all(basis.text in text for basis in plan2024.bases.all())


@pytest.mark.django_db
def test_every_agency_of_section_iv_appears_with_its_tasks(plan2024):
    paragraphs = [p.strip() for p in docx_text(documents.plan_docx(plan2024)).splitlines()]
    body = paragraphs[: paragraphs.index("PHỤ LỤC")]
    responsibilities = Responsibility.objects.filter(plan=plan2024).prefetch_related("tasks").order_by("position")
    assert responsibilities.count() == 7
    for responsibility in responsibilities:
        heading = f"{responsibility.position}. {responsibility.heading}"
        start = next(i for i, p in enumerate(body) if p.startswith(heading))
        following = body[start : start + 1 + responsibility.tasks.count()]
        for task in responsibility.tasks.all():
            assert any(task.content in p for p in following), (heading, task.content[:60])


@pytest.mark.django_db
def test_the_annex_names_the_lead_and_coordinating_holders_and_deadlines(plan2024):
    text = docx_text(documents.plan_docx(plan2024))
    annex = text[text.index("PHỤ LỤC") :]
    assert "PHÂN CÔNG NHIỆM VỤ VÀ THỜI HẠN THỰC HIỆN" in annex
    # IV.4.2 "Chủ trì, phối hợp với Phòng Nông nghiệp và Phát triển nông thôn…": lead and coordinator.
    row = annex[annex.index("\n4.2\n") :].splitlines()[2:6]
    assert row[1] == "Phòng Tài chính - Kế hoạch huyện Kon Rẫy"
    assert row[2] == "Phòng Nông nghiệp và Phát triển nông thôn huyện Kon Rẫy"
    assert row[3] == "30/06/2024"
    assert "6 tháng một lần (kỳ cuối: 05/01/2025)" in annex


@pytest.mark.django_db
def test_the_compiled_report_has_tables_charts_and_completeness_in_docx_and_xlsx(plan2024):
    report = PeriodicReport.objects.get(period__plan=plan2024, period__label="6 tháng đầu năm 2024", is_aggregate=True)
    data = documents.report_docx(report)
    text = docx_text(data)
    assert "BÁO CÁO" in text and "6 tháng đầu năm 2024" in text
    assert "I. KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU" in text and "IV. TÌNH HÌNH NỘP BÁO CÁO" in text
    assert "Xã Tân Lập\nNộp muộn" in text
    assert "Ý tưởng/sản phẩm tham gia đánh giá, phân hạng" in text
    from docx import Document

    pictures = Document(io.BytesIO(data)).inline_shapes
    assert len(pictures) == 2  # the figures by commune and the completeness chart
    workbook = load_workbook(io.BytesIO(documents.report_xlsx(report)))
    assert workbook.sheetnames == ["Chỉ tiêu", "Nhiệm vụ", "Đánh giá chung", "Theo xã", "Nộp báo cáo"]
    communes = [row[0].value for row in workbook["Theo xã"].iter_rows(min_row=2) if row[0].value]
    assert len(communes) == 7 and "Xã Tân Lập" in communes
    assert len(workbook["Theo xã"]._images) == 1 and len(workbook["Nộp báo cáo"]._images) == 1


@pytest.mark.django_db
def test_a_communes_report_document_carries_its_own_figures_and_tasks(plan2026):
    report = PeriodicReport.objects.get(period__plan=plan2026, unit__name="Xã Đăk Kôi", period__label="Quý III/2026")
    text = docx_text(documents.report_docx(report))
    assert "XÃ ĐĂK KÔI" in text and "TM. ỦY BAN NHÂN DÂN" in text
    assert "II. TIẾN ĐỘ THỰC HIỆN NHIỆM VỤ ĐƯỢC GIAO" in text
    assert "Phân công công chức theo dõi Chương trình OCOP" in text
    assert "Sở Công Thương" not in text  # another holder's tasks stay out
