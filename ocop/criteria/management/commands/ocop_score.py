"""Score OCOP sheets from the command line.

    python manage.py ocop_score --set 13 --template            # blank sheet description
    python manage.py ocop_score --set 13 sheet1.json [sheet2.json …]

A sheet is a JSON object {"<criterion code>": <points of the chosen option>, …} covering
every leaf criterion of the set. Output is JSON on stdout. An invalid sheet (unknown or
missing criterion, points that match no option) prints a Vietnamese message naming the
criterion on stderr, nothing on stdout, and exits with status 2.
"""

from __future__ import annotations

import json
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from ocop.criteria import catalog
from ocop.criteria.advisor import advise
from ocop.criteria.engine import (
    CouncilPolicy,
    InvalidSheet,
    MinimumPolicy,
    score_council,
    score_sheet,
)
from ocop.criteria.regimes import RegimeNotFound, get_regime

EXIT_INVALID = 2


class InvalidInput(Exception):
    pass


def template(cset) -> dict[str, Any]:
    return {
        "set": cset.number,
        "name": cset.name,
        "version": cset.version,
        "criteria": [
            {
                "code": leaf.code,
                "title": leaf.title,
                "part": leaf.part,
                "group": leaf.group,
                "max": leaf.best_points,
                "options": [
                    {"points": option.points, "stars": option.stars, "text": option.text}
                    for option in leaf.options
                ],
            }
            for leaf in cset.leaves
        ],
        "disqualifiers": [
            {"id": ground.id, "scope": ground.scope, "kind": ground.kind, "text": ground.text}
            for ground in cset.disqualifiers
        ],
    }


def read_sheet(path: Path) -> dict[str, Any]:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise InvalidInput(f"Không đọc được tệp phiếu «{path}»: {error.strerror}.") from error
    try:
        data = json.loads(text, parse_float=Decimal)
    except json.JSONDecodeError as error:
        raise InvalidInput(
            f"Tệp phiếu «{path.name}» không phải JSON hợp lệ (dòng {error.lineno}, "
            f"cột {error.colno})."
        ) from error
    if not isinstance(data, dict):
        raise InvalidInput(
            f'Tệp phiếu «{path.name}» phải là một đối tượng JSON {{"mã tiêu chí": điểm}}.'
        )
    return data


class Command(BaseCommand):
    # Pure data commands: run even when another app's system checks fail mid-development.
    requires_system_checks: list[str] = []
    help = "Chấm điểm phiếu đánh giá OCOP theo bộ tiêu chí (in kết quả dạng JSON)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("sheets", nargs="*", type=Path, help="Tệp phiếu JSON.")
        parser.add_argument("--set", dest="set_number", type=int, required=True, help="Số bộ.")
        parser.add_argument("--regime", default="qd26-2026", help="Chế độ (mặc định qd26-2026).")
        parser.add_argument(
            "--template", action="store_true", help="In mô tả phiếu trống của bộ tiêu chí."
        )
        parser.add_argument(
            "--flag",
            action="append",
            default=[],
            help="Căn cứ loại hồ sơ hội đồng đã xác định (mã trong «disqualifiers»), lặp lại được.",
        )
        parser.add_argument(
            "--policy",
            choices=[policy.value for policy in MinimumPolicy],
            default=MinimumPolicy.CRITERION_AVERAGE.value,
            help="Cách xét yêu cầu tối thiểu trên kết quả hội đồng.",
        )
        parser.add_argument(
            "--divergence-threshold",
            type=Decimal,
            default=Decimal(10),
            help="Chênh lệch tổng điểm tối đa giữa các thành viên (mặc định 10).",
        )

    def fail(self, message: str) -> None:
        self.stderr.write(message)
        sys.exit(EXIT_INVALID)

    def handle(self, *args, **options) -> None:
        try:
            output = self.run(options)
        except (InvalidInput, InvalidSheet, RegimeNotFound, catalog.CriteriaSetNotFound) as error:
            self.fail(str(error) if not isinstance(error, InvalidSheet) else self.describe(error))
            return
        self.stdout.write(json.dumps(output, ensure_ascii=False, indent=2))

    @staticmethod
    def describe(error: InvalidSheet) -> str:
        return "Phiếu không hợp lệ:\n" + "\n".join(f"- {p.message}" for p in error.problems)

    def run(self, options: dict[str, Any]) -> dict[str, Any]:
        regime = get_regime(options["regime"])
        if regime.criteria_version is None:
            raise InvalidInput(
                f"Chế độ {regime.key} chỉ lưu tổng điểm từng phần (A, B, C); "
                "không chấm theo phiếu chi tiết."
            )
        cset = catalog.get_set(options["set_number"], regime.criteria_version)
        if options["template"]:
            return template(cset)
        if not options["sheets"]:
            raise InvalidInput("Cần ít nhất một tệp phiếu (hoặc dùng --template).")
        sheets = [read_sheet(path) for path in options["sheets"]]
        flags = options["flag"]
        policy = CouncilPolicy(
            minimums=MinimumPolicy(options["policy"]),
            divergence_threshold=options["divergence_threshold"],
            bands=regime.bands,
        )
        council = score_council(cset, sheets, flags=flags, policy=policy)
        results = [score_sheet(cset, sheet, flags=flags, bands=regime.bands) for sheet in sheets]
        return {
            "set": cset.number,
            "name": cset.name,
            "regime": regime.key,
            "sheets": [result.to_dict() for result in results],
            "council": council.to_dict(),
            "advice": [
                advise(cset, sheet, flags=flags, bands=regime.bands).to_dict() for sheet in sheets
            ],
        }
