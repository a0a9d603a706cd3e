"""Parse the seed plan (Kon Rẫy 2024) into the project's data file.

    python manage.py ocop_parse_plan             # (re)write ocop/planning/data/<name>.json
    python manage.py ocop_parse_plan --check     # the committed file matches the source
    python manage.py ocop_parse_plan --source F  # another plan in the same layout

Rerunnable: the output is deterministic, so rerunning on the same source rewrites a
byte-identical file (git shows no change).
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from ocop.planning.parsing import ParseError, parse_plan, plan_to_data, render_json

DEFAULT_SOURCE_NAME = "ke-hoach-ocop-2024-kon-ray.txt"
DATA_DIR = Path(__file__).resolve().parents[2] / "data"


def default_source() -> Path:
    return Path(settings.OCOP_REFERENCE_DIR) / DEFAULT_SOURCE_NAME


def data_path(source_name: str) -> Path:
    return DATA_DIR / f"{Path(source_name).stem}.json"


def render(source: Path) -> str:
    raw = source.read_bytes()
    try:
        parsed = parse_plan(raw.decode("utf-8"))
    except ParseError as error:
        raise CommandError(f"Không đọc được kế hoạch {source.name}: {error}") from error
    return render_json(plan_to_data(parsed, source_name=source.name, source_bytes=raw))


class Command(BaseCommand):
    requires_system_checks: list[str] = []
    help = "Đọc kế hoạch OCOP (văn bản thuần) thành dữ liệu JSON: căn cứ, mục tiêu, chỉ tiêu, nhiệm vụ."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--source", type=Path, help=f"Tệp kế hoạch (mặc định: OCOP_REFERENCE_DIR/{DEFAULT_SOURCE_NAME}).")
        parser.add_argument("--check", action="store_true", help="Không ghi gì: so dữ liệu đã có với kết quả đọc lại.")

    def handle(self, *args, **options) -> None:
        source: Path = options["source"] or default_source()
        if not source.exists():
            raise CommandError(f"Không tìm thấy tệp nguồn: {source}")
        content = render(source)
        target = data_path(source.name)
        if options["check"]:
            if not target.exists() or target.read_text(encoding="utf-8") != content:
                raise CommandError(f"{target.name} khác với kết quả đọc lại từ nguồn (chạy lại ocop_parse_plan).")
            self.stdout.write(self.style.SUCCESS(f"{target.name} khớp với nguồn {source.name}."))
            return
        target.parent.mkdir(parents=True, exist_ok=True)
        changed = not target.exists() or target.read_text(encoding="utf-8") != content
        target.write_text(content, encoding="utf-8")
        self.stdout.write(self.style.SUCCESS(f"Đã ghi {target.name} ({'có thay đổi' if changed else 'không đổi'})."))
