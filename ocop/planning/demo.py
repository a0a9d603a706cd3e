"""Sample plans: the Kon Rẫy 2024 plan loaded from the seed text, and a 2026 sample plan of
Quảng Ngãi, with progress updates and periodic reports (`manage.py ocop_demo`).

The plans' words come from `data/*.json`, written by `manage.py ocop_parse_plan` from the seed
text (`shared/reference/ke-hoach-ocop-2024-kon-ray.txt`) and from our sample text
(`data/ke-hoach-mau-2026-quang-ngai.txt`): nothing of the plans is retyped here. What the
texts do not say is added here and marked as sample data: which agency each heading of mục IV
means, deadlines, the frequency of "định kỳ" tasks, progress, reports. The 2024 plan's number
and date are not in the copy we hold, so they stay empty.

Reports: most are submitted on time; in 2024 Xã Tân Lập's half-year report is late and
Huyện đoàn's year report is missing; in 2026 Xã Kon Braih's third-quarter report is late and
Sở Y tế's is missing. Idempotent: a plan already loaded is left as it is.
"""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

from django.utils import timezone

from ocop.accounts.models import Agency, AgencyKind
from ocop.planning import parsing, recurrence, selectors, services
from ocop.planning import targets as target_progress
from ocop.planning.models import Plan, PlanStatus, TaskAssignment
from ocop.planning.workflow import ReportStatus, TaskStatus
from ocop.territory.demo import (
    CURRENT_COMMUNES,
    KON_RAY_DISTRICT,
    QUANG_NGAI,
    current_unit,
    legacy_unit,
)
from ocop.territory.models import UnitLevel

DATA_DIR = Path(__file__).resolve().parent / "data"
SEED_2024 = "ke-hoach-ocop-2024-kon-ray.json"
SAMPLE_2026 = "ke-hoach-mau-2026-quang-ngai.json"

# Agencies named in mục IV: (key, name, short name, kind, unit key, names the plan's text uses).
AGENCIES = [
    ("phongnn", "Phòng Nông nghiệp và Phát triển nông thôn huyện Kon Rẫy", "Phòng NN&PTNT", AgencyKind.OFFICE, "district",
     ["Phòng Nông nghiệp và Phát triển nông thôn", "Phòng Nông nghiệp và PTNT"]),
    ("phongkt", "Phòng Kinh tế và Hạ tầng huyện Kon Rẫy", "Phòng KT&HT", AgencyKind.OFFICE, "district",
     ["Phòng Kinh tế và Hạ tầng"]),
    ("vanphong", "Văn phòng HĐND và UBND huyện Kon Rẫy", "VP HĐND&UBND", AgencyKind.OFFICE, "district",
     ["Văn phòng HĐND&UBND", "Văn phòng HĐND và UBND"]),
    ("taichinh", "Phòng Tài chính - Kế hoạch huyện Kon Rẫy", "Phòng TC-KH", AgencyKind.OFFICE, "district",
     ["Phòng Tài chính - Kế hoạch", "Phòng Tài chính – Kế hoạch"]),
    ("vanhoa", "Phòng Văn hóa và Thông tin huyện Kon Rẫy", "Phòng VH-TT", AgencyKind.OFFICE, "district",
     ["Phòng Văn hoá-Thông tin", "Phòng Văn hóa và Thông tin"]),
    ("trungtam", "Trung tâm Văn hóa - Thể thao - Du lịch và Truyền thông huyện Kon Rẫy", "Trung tâm VH-TT-DL&TT",
     AgencyKind.OTHER, "district", ["Trung tâm VH-TT-DL&TT"]),
    ("mattran", "Ủy ban Mặt trận Tổ quốc Việt Nam huyện Kon Rẫy", "UBMTTQVN huyện", AgencyKind.MASS_ORGANISATION, "district",
     ["Mặt trận tổ quốc", "Mặt trận Tổ quốc"]),
    ("hoinongdan", "Hội Nông dân huyện Kon Rẫy", "Hội Nông dân", AgencyKind.MASS_ORGANISATION, "district", ["Hội Nông dân"]),
    ("hoiphunu", "Hội Liên hiệp Phụ nữ huyện Kon Rẫy", "Hội LHPN", AgencyKind.MASS_ORGANISATION, "district",
     ["Hội Liên hiệp phụ nữ", "Hội Liên hiệp Phụ nữ"]),
    ("huyendoan", "Huyện đoàn Kon Rẫy", "Huyện đoàn", AgencyKind.MASS_ORGANISATION, "district", ["Đoàn Thanh niên"]),
    ("sonn", "Sở Nông nghiệp và Môi trường tỉnh Quảng Ngãi", "Sở NN&MT", AgencyKind.DEPARTMENT, "province",
     ["Sở Nông nghiệp và Môi trường"]),
    ("congthuong", "Sở Công Thương tỉnh Quảng Ngãi", "Sở Công Thương", AgencyKind.DEPARTMENT, "province", ["Sở Công Thương"]),
    ("sotaichinh", "Sở Tài chính tỉnh Quảng Ngãi", "Sở Tài chính", AgencyKind.DEPARTMENT, "province", ["Sở Tài chính"]),
    ("sovanhoa", "Sở Văn hóa, Thể thao và Du lịch tỉnh Quảng Ngãi", "Sở VHTTDL", AgencyKind.DEPARTMENT, "province",
     ["Sở Văn hóa, Thể thao và Du lịch"]),
    ("soyte", "Sở Y tế tỉnh Quảng Ngãi", "Sở Y tế", AgencyKind.DEPARTMENT, "province", ["Sở Y tế"]),
]

# Item of mục IV → agency keys; "communes" → every commune the plan follows.
HOLDERS_2024 = {1: ["phongnn"], 2: ["phongkt"], 3: ["vanphong"], 4: ["taichinh"], 5: ["vanhoa", "trungtam"],
                6: "communes", 7: ["mattran", "hoinongdan", "hoiphunu", "huyendoan"]}
HOLDERS_2026 = {1: ["sonn"], 2: ["congthuong"], 3: ["sotaichinh"], 4: ["sovanhoa"], 5: ["soyte"], 6: "communes"}

# (item, task) → deadline; the others are due on 31/12 of the plan year.
DEADLINES_2024 = {
    (1, 1): date(2024, 11, 30), (1, 2): date(2024, 5, 31), (2, 2): date(2024, 10, 31),
    (3, 1): date(2024, 9, 30), (4, 2): date(2024, 6, 30), (6, 1): date(2024, 5, 31), (6, 2): date(2024, 6, 30),
}
DEADLINES_2026 = {
    (1, 1): date(2026, 12, 15), (1, 2): date(2026, 8, 31), (2, 1): date(2026, 12, 15), (3, 1): date(2026, 7, 31),
    (4, 1): date(2026, 9, 30), (5, 1): date(2026, 10, 31), (6, 1): date(2026, 7, 31), (6, 2): date(2026, 12, 15),
}
PLAN_2026 = {"number": "186/KH-UBND", "issued_on": date(2026, 6, 10)}

NARRATIVES = [
    "Đã xây dựng kế hoạch chi tiết, phân công cán bộ theo dõi và triển khai đến các đơn vị liên quan.",
    "Đã phối hợp với các xã và chủ thể triển khai; một số nội dung đang hoàn thiện hồ sơ.",
    "Đã hoàn thành các nội dung được giao; kết quả đã tổng hợp gửi cơ quan thường trực.",
    "Đã tổ chức hướng dẫn, kiểm tra tại cơ sở; tiếp tục theo dõi, đôn đốc trong kỳ tới.",
]


def _load(name: str) -> parsing.ParsedPlan:
    return parsing.plan_from_data(json.loads((DATA_DIR / name).read_text(encoding="utf-8")))


def _source_note(name: str) -> str:
    data = json.loads((DATA_DIR / name).read_text(encoding="utf-8"))
    source = data["source"]
    return f"Đọc từ tệp {source['file']} (SHA-256 {source['sha256'][:12]}…) bằng lệnh ocop_parse_plan"


def _agencies() -> dict[str, tuple[Agency, list[str]]]:
    units = {
        "district": legacy_unit(UnitLevel.DISTRICT, KON_RAY_DISTRICT),
        "province": current_unit(UnitLevel.PROVINCE, QUANG_NGAI),
    }
    result = {}
    for key, name, short, kind, unit_key, aliases in AGENCIES:
        agency, _ = Agency.objects.get_or_create(
            name=name, defaults={"short_name": short, "kind": kind, "unit": units[unit_key], "is_sample": True}
        )
        if not agency.search_text:
            agency.refresh_search_text()
            agency.save(update_fields=["search_text"])
        result[key] = (agency, aliases)
    return result


def _holders(table: dict, agencies: dict) -> dict[int, services.HolderSpec]:
    specs = {}
    for number, keys in table.items():
        if keys == "communes":
            specs[number] = services.HolderSpec(all_communes=True)
        else:
            specs[number] = services.HolderSpec(agencies=[agencies[key] for key in keys])
    return specs


def _day(value: date) -> date:
    """Sample dates never lie in the future, whatever day the demo is loaded."""
    return min(value, timezone.localdate())


def _update(assignment: TaskAssignment, progress: int, day: date, index: int) -> None:
    if assignment.status == TaskStatus.DONE or day > timezone.localdate():
        return
    services.progress_update_create(
        actor=None, assignment=assignment, progress=progress, reported_on=day,
        narrative=NARRATIVES[index % len(NARRATIVES)],
    )
    assignment.refresh_from_db()


def _progress_2024(plan: Plan) -> None:
    """Most 2024 tasks were finished on time; a few remain open and are now overdue."""
    assignments = list(plan.assignments.select_related("task").order_by("task__responsibility__position", "task__position", "id"))
    for index, assignment in enumerate(assignments):
        task = assignment.task
        if task.recurrence:
            for number, occurrence in enumerate(recurrence.periods(task.recurrence, 2024, due_after_days=task.recurrence_due_days)):
                progress = 100 if number == 1 else 50
                _update(assignment, progress, occurrence.due_on - timedelta(days=3), index)
            continue
        if index % 9 == 4:
            _update(assignment, 60, task.deadline - timedelta(days=30), index)  # still open: overdue
        elif index % 13 == 7:
            continue  # never started: overdue
        else:
            _update(assignment, 50, task.deadline - timedelta(days=45), index)
            _update(assignment, 100, task.deadline - timedelta(days=3), index + 2)


# assignment (item, task, holder key or commune code) → [(progress, date)]
PROGRESS_2026 = {
    (1, 1, "sonn"): [(40, date(2026, 7, 20)), (70, date(2026, 10, 28))],
    (1, 2, "sonn"): [(100, date(2026, 8, 15))],
    (1, 3, "sonn"): [(25, date(2026, 7, 3)), (50, date(2026, 10, 2))],
    (2, 1, "congthuong"): [(40, date(2026, 9, 15))],
    (2, 1, "sonn"): [(30, date(2026, 9, 15))],
    (3, 1, "sotaichinh"): [(100, date(2026, 7, 25))],
    (3, 1, "sonn"): [(100, date(2026, 7, 25))],
    (3, 2, "sotaichinh"): [(50, date(2026, 10, 5))],
    (4, 1, "sovanhoa"): [(30, date(2026, 8, 20))],
    (6, 1, "23479"): [(100, date(2026, 7, 10))],
    (6, 1, "23485"): [(100, date(2026, 7, 15))],
    (6, 1, "23497"): [(100, date(2026, 7, 30))],
    (6, 2, "23479"): [(40, date(2026, 9, 20))],
    (6, 2, "23485"): [(60, date(2026, 10, 20))],
    (6, 3, "23479"): [(25, date(2026, 7, 3)), (50, date(2026, 10, 3))],
    (6, 3, "23485"): [(25, date(2026, 7, 4))],  # missed the third quarter: overdue
    (6, 3, "23497"): [(25, date(2026, 7, 4)), (50, date(2026, 10, 8))],  # late: after 05/10
}


def _progress_2026(plan: Plan, agencies: dict) -> None:
    keys = {agency.pk: key for key, (agency, _) in agencies.items()}
    assignments = plan.assignments.select_related("task", "task__responsibility", "commune")
    for index, assignment in enumerate(assignments.order_by("id")):
        holder = keys.get(assignment.agency_id) if assignment.agency_id else assignment.commune.code
        for progress, day in PROGRESS_2026.get((assignment.task.responsibility.position, assignment.task.position, holder), []):
            _update(assignment, progress, day, index)


def _reports(plan: Plan, *, late: set, missing: set, mode: str, aggregate_after_days: int = 6) -> None:
    """Every reporter reports every period already due: two days early, or as `late`/`missing`
    say ((reporter name, period label)); then the plan's compiled report."""
    today = timezone.localdate()
    progress = target_progress.plan_progress(
        plan, mode=mode, extra_indicators=services.report_indicators(plan)
    )
    reporters = selectors.reporters_of(plan)
    wanted = services.report_indicators(plan)
    for period in plan.periods.order_by("ends_on"):
        if period.due_on >= today:
            continue
        for kind, reporter in reporters:
            key = (reporter.name, period.label)
            if key in missing:
                continue
            figures = {}
            if kind == "unit":
                figures = target_progress.figures_for_unit(progress, reporter.pk)
                figures = {k: figures[k] for k in wanted if k in figures}
            report = services.report_prepare(
                actor=None, period=period, is_sample=True, figures=figures,
                **({"agency": reporter} if kind == "agency" else {"unit": reporter}),
            )
            if report.status == ReportStatus.SUBMITTED:
                continue
            services.report_save(
                actor=None, report=report, figures=None, number=f"{period.pk:02d}{reporter.pk % 100:02d}/BC",
                narrative=(
                    f"Trong kỳ {period.label}, {reporter.name} đã triển khai các nhiệm vụ được giao tại Kế hoạch; "
                    "phối hợp hướng dẫn chủ thể hoàn thiện hồ sơ, sản phẩm. Khó khăn: nguồn lực còn hạn chế. "
                    "Kiến nghị: tiếp tục bố trí kinh phí hỗ trợ."
                ),
            )
            submitted = period.due_on + timedelta(days=7) if key in late else period.due_on - timedelta(days=2)
            services.report_submit(actor=None, report=report, submitted_on=_day(submitted))
        aggregate = services.aggregate_prepare(actor=None, period=period, is_sample=True)
        if aggregate.status != ReportStatus.SUBMITTED:
            services.report_submit(actor=None, report=aggregate, submitted_on=_day(period.due_on + timedelta(days=aggregate_after_days)))


def _load_sample_plan(
    context: dict, *, issuing_unit, year: int, seed, holders, lead_agency: str, progress, reports: dict,
    periods: dict, **details,
) -> None:
    """Import, issue and fill one sample plan (once: a plan already loaded is kept)."""
    plans = context.setdefault("plans", {})
    existing = Plan.objects.filter(is_sample=True, issuing_unit=issuing_unit, year=year).first()
    if existing is not None:
        plans[str(year)] = existing
        return
    agencies = _agencies()
    plan = services.plan_import(
        actor=None,
        parsed=_load(seed),
        issuing_unit=issuing_unit,
        year=year,
        holders=_holders(holders, agencies),
        lead_agency=agencies[lead_agency][0],
        source_note=_source_note(seed),
        is_sample=True,
        **details,
    )
    services.plan_update(actor=None, plan=plan, status=PlanStatus.ISSUED)
    services.report_periods_generate(
        actor=None, plan=plan, kinds=[recurrence.QUARTERLY, recurrence.HALF_YEARLY, recurrence.YEARLY],
        due_after_days=5, **periods,
    )
    progress(plan, agencies)
    _reports(plan, **reports)
    plans[str(year)] = plan


def load_plan_2024(context: dict) -> None:
    _load_sample_plan(
        context,
        issuing_unit=legacy_unit(UnitLevel.DISTRICT, KON_RAY_DISTRICT),
        year=2024,
        seed=SEED_2024,
        holders=HOLDERS_2024,
        lead_agency="phongnn",
        issuer_name="Ủy ban nhân dân huyện Kon Rẫy",
        place="Kon Rẫy",
        report_recipient="UBND tỉnh Kon Tum (qua Văn phòng Điều phối nông thôn mới tỉnh)",
        deadlines=DEADLINES_2024,
        periodic=recurrence.HALF_YEARLY,
        # Issued after QĐ 298 of 14/4/2024 which it cites: no first-quarter report.
        periods={"not_before": date(2024, 5, 1)},
        progress=lambda plan, agencies: _progress_2024(plan),
        reports={
            "late": {("Xã Tân Lập", "6 tháng đầu năm 2024")},
            "missing": {("Huyện đoàn Kon Rẫy", "Năm 2024")},
            "mode": target_progress.OLD,
        },
    )


def load_plan_2026(context: dict) -> None:
    _load_sample_plan(
        context,
        issuing_unit=current_unit(UnitLevel.PROVINCE, QUANG_NGAI),
        year=2026,
        seed=SAMPLE_2026,
        holders=HOLDERS_2026,
        lead_agency="sonn",
        issuer_name="Ủy ban nhân dân tỉnh Quảng Ngãi",
        place="Quảng Ngãi",
        number=PLAN_2026["number"],
        issued_on=PLAN_2026["issued_on"],
        report_recipient="Bộ Nông nghiệp và Môi trường (Văn phòng Điều phối nông thôn mới Trung ương)",
        deadlines=DEADLINES_2026,
        periodic=recurrence.QUARTERLY,
        # The sample follows the three communes of the former Kon Rẫy district only, so the
        # dashboard stays readable; a real provincial plan follows every commune (the default).
        communes=[current_unit(UnitLevel.COMMUNE, code) for code in CURRENT_COMMUNES.values()],
        periods={},
        progress=_progress_2026,
        reports={
            "late": {("Xã Kon Braih", "Quý III/2026")},
            "missing": {("Sở Y tế tỉnh Quảng Ngãi", "Quý III/2026")},
            "mode": target_progress.NEW,
        },
    )


DEMO_STEPS = [load_plan_2024, load_plan_2026]
