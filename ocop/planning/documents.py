"""The plan and the periodic reports as documents: DOCX in the administrative format
(Nghị định 30/2020/NĐ-CP, via ocop.core.documents.OfficialDocument) and XLSX.

The plan follows its own text: căn cứ, I Mục đích – yêu cầu, II Mục tiêu (with the table of
measurable targets), III Nhiệm vụ và giải pháp, IV Tổ chức thực hiện (each agency with its
tasks, as written), closing, Nơi nhận and signature; an annex lists every task with its lead
and coordinating holders and its deadline or recurrence. Reports carry the figures, the
tasks, the narrative and — for the compiled report — the table per commune, the report
completeness and the same charts as the dashboard (PNG).
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from datetime import date

from django.utils import timezone
from docx.enum.text import WD_BREAK
from openpyxl import Workbook
from openpyxl.drawing.image import Image as XlsxImage
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from ocop.core.charts import OK_COLOUR, PALETTE, BarChart, RenderedChart, Series, render
from ocop.core.documents import OfficialDocument, Signature
from ocop.core.text import format_date_vn
from ocop.planning import actuals, recurrence, selectors
from ocop.planning.dashboards import format_value
from ocop.planning.models import PeriodicReport, Plan, TaskRole
from ocop.planning.reporting import CELL_LABELS, PeriodInfo, ReporterInfo
from ocop.planning.reporting import completeness as compute_completeness
from ocop.planning.workflow import ReportStatus

SECTION_TITLES = {
    "purposes": "I. MỤC ĐÍCH, YÊU CẦU",
    "objectives": "II. MỤC TIÊU",
    "solutions": "III. NHIỆM VỤ VÀ GIẢI PHÁP",
    "organisation": "IV. TỔ CHỨC THỰC HIỆN",
}
UNIT_PREFIX = re.compile(r"^(Ủy ban nhân dân|UBND)\s+", re.I)
RECURRENCE_LABELS = dict(recurrence.FREQUENCY_CHOICES)


def issuer_lines(name: str) -> tuple[str, str]:
    """'Ủy ban nhân dân huyện Kon Rẫy' → ('ỦY BAN NHÂN DÂN', 'HUYỆN KON RẪY')."""
    match = UNIT_PREFIX.match(name)
    if match:
        return "ỦY BAN NHÂN DÂN", name[match.end():].upper()
    return "", name.upper()


def _labelled(document: OfficialDocument, label: str, text: str):
    """'1. Mục tiêu chung: …' with the label in bold, the text plain."""
    paragraph = document.paragraph(label, bold=True)
    paragraph.add_run(f" {text}" if text else "")
    return paragraph


def _deadline_text(task) -> str:
    if task.recurrence:
        return f"{RECURRENCE_LABELS.get(task.recurrence, task.recurrence)} (kỳ cuối: {format_date_vn(task.deadline)})"
    return format_date_vn(task.deadline)


def _target_text(target) -> str:
    value = format_value(target.target_value, target.unit_label)
    if target.target_max is not None:
        value = f"từ {value} đến {format_value(target.target_max, target.unit_label)}"
    else:
        value = f"≥ {value}"
    suffix = "" if target.unit_label == "%" else f" {target.unit_label}"
    return f"{value}{suffix}" + (" mỗi xã" if target.per_commune else "")


def plan_docx(plan: Plan) -> bytes:
    bases, solutions, targets, responsibilities = selectors.plan_sections(plan)
    parent, issuer = issuer_lines(plan.issuer_name)
    document = OfficialDocument(
        issuer_parent=parent,
        issuer=issuer,
        number=plan.number_line,
        place=plan.place,
        day=plan.issued_on,
        doc_type=plan.doc_type,
        summary=plan.title,
    )
    for basis in bases:
        document.paragraph(basis.text, italic=True)
    if plan.preamble:
        document.paragraph(plan.preamble)

    document.heading(SECTION_TITLES["purposes"])
    document.heading("1. Mục đích", level=2)
    for line in plan.purpose_lines:
        document.paragraph(line)
    document.heading("2. Yêu cầu", level=2)
    for line in plan.requirement_lines:
        document.paragraph(line)

    document.heading(SECTION_TITLES["objectives"])
    _labelled(document, "1. Mục tiêu chung:", plan.general_objective)
    _labelled(document, "2. Mục tiêu cụ thể:", plan.specific_objective)
    if targets:
        document.paragraph("Các chỉ tiêu theo dõi:", italic=True)
        document.table(
            ["TT", "Chỉ tiêu", "Giá trị nền", "Phấn đấu", "Mục"],
            [
                [
                    index,
                    target.label,
                    format_value(target.baseline, target.unit_label) if target.baseline is not None else "—",
                    _target_text(target),
                    target.source,
                ]
                for index, target in enumerate(targets, start=1)
            ],
            widths_cm=[1, 8.5, 2, 3.5, 1.2],
        )

    document.heading(SECTION_TITLES["solutions"])
    for solution in solutions:
        if solution.inline:
            _labelled(document, f"{solution.position}. {solution.title}:", " ".join(solution.lines))
        else:
            document.heading(f"{solution.position}. {solution.title}", level=2)
            for line in solution.lines:
                document.paragraph(line)

    document.heading(SECTION_TITLES["organisation"])
    for responsibility in responsibilities:
        tasks = list(responsibility.tasks.all())
        if responsibility.inline and len(tasks) == 1:
            _labelled(document, f"{responsibility.position}. {responsibility.heading}:", tasks[0].content)
            continue
        document.heading(f"{responsibility.position}. {responsibility.heading}", level=2)
        for task in tasks:
            document.paragraph(f"- {task.content}")
    if plan.closing:
        document.paragraph(plan.closing)
    document.closing(
        plan.recipient_lines or ["Như trên", "Lưu: VT"],
        Signature(authority=plan.signer_authority, position=plan.signer_position, signer=plan.signer_name),
    )

    # Annex: who leads, who coordinates, by when (data the text itself does not hold).
    document.document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    document.centered("PHỤ LỤC", bold=True)
    document.centered("PHÂN CÔNG NHIỆM VỤ VÀ THỜI HẠN THỰC HIỆN", bold=True)
    reference = f"Kế hoạch số {plan.number}" if plan.number else "Kế hoạch"
    document.centered(f"(Kèm theo {reference} của {plan.issuer_name})", italic=True)
    rows = []
    for responsibility in responsibilities:
        for task in responsibility.tasks.all():
            assignments = list(task.assignments.all())
            leads = [a.holder_name for a in assignments if a.role == TaskRole.LEAD]
            coordinators = [a.holder_name for a in assignments if a.role == TaskRole.COORDINATE]
            rows.append(
                [
                    f"{responsibility.position}.{task.position}",
                    task.content,
                    "; ".join(leads) or "—",
                    "; ".join(coordinators) or "—",
                    _deadline_text(task),
                ]
            )
    document.table(["TT", "Nhiệm vụ", "Chủ trì", "Phối hợp", "Thời hạn"], rows, widths_cm=[1.1, 7.5, 3.4, 2.6, 2.4])
    return document.to_bytes()


def plan_filename(plan: Plan, extension: str) -> str:
    unit = re.sub(r"[^0-9A-Za-z]+", "-", plan.issuing_unit.search_text or "").strip("-")
    return f"ke-hoach-ocop-{plan.year}-{unit or plan.pk}.{extension}"


# -- periodic reports --------------------------------------------------------------------------


@dataclass
class ReportData:
    report: PeriodicReport
    plan: Plan
    figure_rows: list[list[str]]
    task_rows: list[list[str]]
    commune_headers: list[str] = field(default_factory=list)
    commune_rows: list[list[str]] = field(default_factory=list)
    completeness_rows: list[list[str]] = field(default_factory=list)
    charts: list[RenderedChart] = field(default_factory=list)


def _figure_cell(entry: dict | None, indicator: actuals.Indicator | None) -> str:
    if not entry:
        return "—"
    unit = indicator.unit_label if indicator else ""
    if "denominator" in entry:
        return f"{entry.get('numerator') or 0}/{entry.get('denominator') or 0} ({format_value(entry.get('value'), '%')})"
    return format_value(entry.get("value"), unit)


def report_data(report: PeriodicReport, *, today: date | None = None) -> ReportData:
    """Everything a report document shows, in a fixed number of queries."""
    plan = report.period.plan
    figure_rows = []
    for index, (key, entry) in enumerate(report.figures.items(), start=1):
        indicator = actuals.INDICATORS.get(key)
        figure_rows.append(
            [str(index), indicator.label if indicator else key, indicator.unit_label if indicator else "", _figure_cell(entry, indicator)]
        )
    assignments = plan.assignments.select_related("task", "task__responsibility", "plan", "agency", "commune")
    if not report.is_aggregate:
        assignments = assignments.filter(agency=report.agency) if report.agency_id else assignments.filter(commune=report.unit)
    states = selectors.with_states(assignments.order_by("task__responsibility__position", "task__position", "id"), today)
    task_rows = [
        [
            f"{a.task.responsibility.position}.{a.task.position}",
            a.holder_name if report.is_aggregate else a.get_role_display(),
            a.task.content,
            state.label,
            f"{a.progress}%",
        ]
        for a, state in states
    ]
    data = ReportData(report, plan, figure_rows, task_rows)
    if report.is_aggregate:
        sources = list(report.sources.select_related("agency", "unit").order_by("agency_id", "unit__search_text"))
        communes = [r for r in sources if r.unit_id]
        keys = list(report.figures.keys())
        indicators = [actuals.INDICATORS.get(key) for key in keys]
        data.commune_headers = ["Xã"] + [i.label if i else k for i, k in zip(indicators, keys, strict=True)]
        data.commune_rows = [
            [r.reporter_name] + [_figure_cell(r.figures.get(k), i) for k, i in zip(keys, indicators, strict=True)]
            for r in communes
        ]
        reporters = selectors.reporters_of(plan)
        period = report.period
        periods = [PeriodInfo(period.pk, period.label, period.due_on)]
        submitted = {
            (("agency", r.agency_id) if r.agency_id else ("unit", r.unit_id), period.pk): r.submitted_on
            for r in period.reports.filter(is_aggregate=False, status=ReportStatus.SUBMITTED)
        }
        as_of = report.submitted_on or today or timezone.localdate()
        matrix = compute_completeness(
            [ReporterInfo((kind, obj.pk), obj.name) for kind, obj in reporters], periods, submitted, as_of
        )
        for row in matrix.rows:
            _period, status, submitted_on = row.cells[0]
            data.completeness_rows.append([row.reporter.name, CELL_LABELS[status], format_date_vn(submitted_on) or "—"])
        rate = matrix.overall
        data.completeness_rows.append(
            [
                "Tổng cộng",
                f"Đầy đủ {format_value(rate.completeness, '%')}; đúng hạn {format_value(rate.timeliness, '%')}",
                f"{rate.submitted}/{rate.expected} báo cáo",
            ]
        )
        first = next((i for i in indicators if i is not None and i.kind != actuals.RATIO), None)
        if first is not None and communes:
            data.charts.append(
                render(
                    BarChart(
                        title=f"{first.label} theo xã ({report.period.label})",
                        categories=[r.reporter_name for r in communes],
                        series=[Series("Số liệu báo cáo", [(r.figures.get(first.key) or {}).get("value") or 0 for r in communes], colour=PALETTE[0])],
                        value_label=first.unit_label,
                        horizontal=len(communes) > 8,
                    )
                )
            )
        data.charts.append(
            render(
                BarChart(
                    title=f"Tình hình nộp báo cáo {report.period.label}",
                    categories=["Đầy đủ", "Đúng hạn"],
                    series=[Series("Tỷ lệ", [rate.completeness or 0, rate.timeliness or 0], colour=OK_COLOUR)],
                    percent=True,
                    value_label="%",
                )
            )
        )
    return data


def _report_issuer(report: PeriodicReport) -> tuple[str, str]:
    if report.is_aggregate:
        return issuer_lines(report.period.plan.issuer_name)
    if report.agency_id:
        unit = report.agency.unit
        return f"UBND {unit.name.upper()}", report.agency.name.upper()
    return "ỦY BAN NHÂN DÂN", report.unit.name.upper()


def report_title(report: PeriodicReport) -> str:
    plan = report.period.plan
    return f"Kết quả thực hiện Kế hoạch triển khai Chương trình OCOP năm {plan.year}, kỳ {report.period.label}"


def report_docx(report: PeriodicReport, *, today: date | None = None) -> bytes:
    data = report_data(report, today=today)
    plan = data.plan
    parent, issuer = _report_issuer(report)
    number = f"Số: {report.number}" if report.number else "Số:       /BC"
    place = plan.place if report.is_aggregate or report.agency_id else re.sub(r"^(Xã|Phường|Thị trấn)\s+", "", report.unit.name)
    document = OfficialDocument(
        issuer_parent=parent, issuer=issuer, number=number, place=place, day=report.submitted_on,
        doc_type="BÁO CÁO", summary=report_title(report),
    )
    reference = f"Kế hoạch số {plan.number}" if plan.number else "Kế hoạch"
    document.paragraph(
        f"Thực hiện {reference} của {plan.issuer_name} về {plan.title[:1].lower()}{plan.title[1:]}, "
        f"{report.reporter_name} báo cáo kết quả thực hiện {report.period.label} "
        f"(từ ngày {format_date_vn(report.period.starts_on)} đến ngày {format_date_vn(report.period.ends_on)}) như sau:"
    )
    document.heading("I. KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU")
    if data.figure_rows:
        document.table(["TT", "Chỉ tiêu", "Đơn vị tính", "Kết quả (lũy kế năm)"], data.figure_rows, widths_cm=[1, 9, 3, 3.5])
    else:
        document.paragraph("Đơn vị không có chỉ tiêu số liệu; kết quả thực hiện nhiệm vụ ở mục II.")
    if data.commune_rows:
        document.paragraph("Số liệu của các xã (theo báo cáo đã nộp):", italic=True)
        document.table(data.commune_headers, data.commune_rows)
    for chart in data.charts[:1] if data.commune_rows else []:
        document.picture(chart.png, width_cm=15)
    document.heading("II. TIẾN ĐỘ THỰC HIỆN NHIỆM VỤ ĐƯỢC GIAO")
    if data.task_rows:
        second = "Đơn vị" if report.is_aggregate else "Vai trò"
        document.table(["TT", second, "Nhiệm vụ", "Tình trạng", "Tiến độ"], data.task_rows, widths_cm=[1.1, 2.8, 8.6, 2.4, 1.6])
    else:
        document.paragraph("Không có nhiệm vụ.")
    document.heading("III. ĐÁNH GIÁ CHUNG, KHÓ KHĂN, VƯỚNG MẮC VÀ KIẾN NGHỊ")
    for paragraph in [p.strip() for p in report.narrative.split("\n") if p.strip()] or ["(Chưa có nội dung.)"]:
        document.paragraph(paragraph)
    if report.is_aggregate:
        document.heading("IV. TÌNH HÌNH NỘP BÁO CÁO CỦA CÁC CƠ QUAN, ĐƠN VỊ")
        document.table(["Cơ quan, đơn vị", "Tình trạng", "Ngày nộp"], data.completeness_rows, widths_cm=[7, 6, 3.5])
        document.picture(data.charts[-1].png, width_cm=11)
    recipients = [plan.report_recipient] if plan.report_recipient else []
    if not report.is_aggregate:
        recipients = [plan.lead_agency.name if plan.lead_agency_id else plan.issuer_name]
    document.closing(
        recipients + ["Lưu: VT"],
        Signature(
            authority=plan.signer_authority if report.is_aggregate else ("TM. ỦY BAN NHÂN DÂN" if report.unit_id else ""),
            position=plan.signer_position if report.is_aggregate else ("CHỦ TỊCH" if report.unit_id else "THỦ TRƯỞNG CƠ QUAN"),
        ),
    )
    return document.to_bytes()


def _sheet(workbook: Workbook, title: str, headers: list[str], rows: list[list], widths: list[int], *, first=False):
    sheet = workbook.active if first else workbook.create_sheet()
    sheet.title = title
    sheet.append(headers)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    for row in rows:
        sheet.append(row)
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(vertical="top", wrap_text=True)
    sheet.freeze_panes = "A2"
    return sheet


def report_xlsx(report: PeriodicReport, *, today: date | None = None) -> bytes:
    data = report_data(report, today=today)
    workbook = Workbook()
    figures = _sheet(workbook, "Chỉ tiêu", ["TT", "Chỉ tiêu", "Đơn vị tính", "Kết quả (lũy kế năm)"], data.figure_rows, [6, 60, 18, 24], first=True)
    figures.insert_rows(1, 2)
    figures["A1"] = f"{report.reporter_name} – {report_title(report)}"
    figures["A1"].font = Font(bold=True)
    figures["A2"] = f"Ngày nộp: {format_date_vn(report.submitted_on) or 'chưa nộp'}"
    figures.freeze_panes = "A4"
    _sheet(workbook, "Nhiệm vụ", ["TT", "Đơn vị" if report.is_aggregate else "Vai trò", "Nhiệm vụ", "Tình trạng", "Tiến độ"], data.task_rows, [8, 30, 80, 20, 10])
    narrative = workbook.create_sheet("Đánh giá chung")
    narrative.column_dimensions["A"].width = 120
    for paragraph in [p.strip() for p in report.narrative.split("\n") if p.strip()]:
        narrative.append([paragraph])
        narrative.cell(row=narrative.max_row, column=1).alignment = Alignment(wrap_text=True, vertical="top")
    if report.is_aggregate:
        by_commune = _sheet(workbook, "Theo xã", data.commune_headers, data.commune_rows, [28] + [22] * (len(data.commune_headers) - 1))
        if data.charts and data.commune_rows:
            image = XlsxImage(io.BytesIO(data.charts[0].png))
            image.width, image.height = 720, 370
            by_commune.add_image(image, f"A{len(data.commune_rows) + 4}")
        rates = _sheet(workbook, "Nộp báo cáo", ["Cơ quan, đơn vị", "Tình trạng", "Ngày nộp"], data.completeness_rows, [50, 40, 18])
        image = XlsxImage(io.BytesIO(data.charts[-1].png))
        image.width, image.height = 560, 290
        rates.add_image(image, "E2")
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def report_filename(report: PeriodicReport, extension: str) -> str:
    name = re.sub(r"[^0-9A-Za-z]+", "-", (report.reporter.search_text if report.reporter is not None else "") or "").strip("-")
    period = re.sub(r"[^0-9A-Za-z]+", "-", report.period.label.encode("ascii", "ignore").decode()).strip("-")
    kind = "tong-hop" if report.is_aggregate else "bao-cao"
    return f"{kind}-{name or report.pk}-{period or report.period_id}.{extension}"
