"""Parse the criteria sets of QĐ 26/2026/QĐ-TTg (Phụ lục II) into the project's data files.

    python manage.py ocop_parse_criteria                 # (re)write data/qd26-2026/
    python manage.py ocop_parse_criteria --source FILE   # another copy of the decision
    python manage.py ocop_parse_criteria --check         # validate the committed files

Rerunnable: the output is deterministic, so rerunning on the same source rewrites
byte-identical files (git shows no change).
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from ocop.criteria import catalog
from ocop.criteria.parsing import (
    DEFAULT_SOURCE_NAME,
    VERSION,
    ParseError,
    load_errata,
    parse_source,
    render_files,
    write_data,
)
from ocop.criteria.validation import unrecorded_deviations


def default_source() -> Path:
    return Path(settings.OCOP_REFERENCE_DIR) / DEFAULT_SOURCE_NAME


class Command(BaseCommand):
    # Pure data commands: run even when another app's system checks fail mid-development.
    requires_system_checks: list[str] = []
    help = "Đọc Bộ tiêu chí (Phụ lục II, QĐ 26/2026/QĐ-TTg) từ HTML và ghi ra dữ liệu JSON."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--source",
            type=Path,
            help="Tệp HTML của quyết định (mặc định: OCOP_REFERENCE_DIR/qd-26-2026-qd-ttg.html).",
        )
        parser.add_argument(
            "--output",
            type=Path,
            help="Thư mục dữ liệu (mặc định: ocop/criteria/data/qd26-2026).",
        )
        parser.add_argument(
            "--errata",
            type=Path,
            help="Tệp đính chính (mặc định: <output>/errata.json).",
        )
        parser.add_argument(
            "--no-errata",
            action="store_true",
            help="Không áp dụng đính chính (để xem số liệu đúng như nguồn in).",
        )
        parser.add_argument(
            "--check",
            action="store_true",
            help="Không ghi gì: kiểm tra dữ liệu đã có (cấu trúc, độ lệch, trùng khớp với nguồn).",
        )

    def handle(self, *args, **options) -> None:
        output: Path = options["output"] or catalog.data_dir(VERSION)
        errata_path: Path = options["errata"] or output / "errata.json"
        source: Path = options["source"] or default_source()
        if options["check"]:
            self.check_data(output, source, errata_path, explicit_source=bool(options["source"]))
            return
        if not source.exists():
            raise CommandError(f"Không tìm thấy tệp nguồn: {source}")
        source_bytes = source.read_bytes()
        errata = [] if options["no_errata"] else load_errata(errata_path)
        errata_bytes = (
            None if options["no_errata"] or not errata_path.exists() else errata_path.read_bytes()
        )
        try:
            result = parse_source(source_bytes.decode("utf-8"), errata=errata)
        except ParseError as error:
            raise CommandError(f"Không đọc được bộ tiêu chí: {error}") from error
        files = render_files(
            result, source_name=source.name, source_bytes=source_bytes, errata_bytes=errata_bytes
        )
        changed = [
            name
            for name, content in files.items()
            if not (output / name).exists() or (output / name).read_bytes() != content.encode()
        ]
        write_data(files, output)
        catalog.clear_cache()
        for cset in result.sets:
            self.stdout.write(
                f"Bộ {cset.number:2d}: {cset.name} — {len(cset.leaves)} tiêu chí chấm điểm, "
                f"tối đa {cset.max_points} điểm, {len(cset.deviations)} độ lệch so với nguồn"
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"Đã ghi {len(files)} tệp vào {output.name}/ ({len(changed)} tệp thay đổi)."
            )
        )

    def check_data(self, output: Path, source: Path, errata_path: Path, *, explicit_source: bool):
        problems: list[str] = []
        try:
            sets = catalog.load_sets_from(output)
        except (OSError, ValueError, KeyError) as error:
            raise CommandError(f"Không đọc được dữ liệu trong {output}: {error}") from error
        if len(sets) != 26:
            problems.append(f"Có {len(sets)} bộ tiêu chí, cần 26.")
        for cset in sets:
            for deviation in unrecorded_deviations(cset):
                problems.append(
                    f"Bộ {cset.number}, {deviation.location}: {deviation.message} "
                    "(chưa ghi trong deviations)"
                )
        problems.extend(catalog.manifest_problems(output))
        if source.exists():
            source_bytes = source.read_bytes()
            try:
                result = parse_source(source_bytes.decode("utf-8"), errata=load_errata(errata_path))
            except ParseError as error:
                raise CommandError(f"Không đọc được bộ tiêu chí: {error}") from error
            errata_bytes = errata_path.read_bytes() if errata_path.exists() else None
            files = render_files(
                result,
                source_name=source.name,
                source_bytes=source_bytes,
                errata_bytes=errata_bytes,
            )
            for name, content in sorted(files.items()):
                path = output / name
                if not path.exists() or path.read_bytes() != content.encode("utf-8"):
                    problems.append(
                        f"{name} khác với kết quả đọc lại từ nguồn "
                        "(chạy lại ocop_parse_criteria rồi xem git diff)."
                    )
        elif explicit_source:
            raise CommandError(f"Không tìm thấy tệp nguồn: {source}")
        else:
            self.stdout.write(f"Không có tệp nguồn {source.name}: bỏ qua bước so khớp với nguồn.")
        if problems:
            for problem in problems:
                self.stderr.write(problem)
            raise CommandError(f"Dữ liệu bộ tiêu chí có {len(problems)} vấn đề.")
        deviations = sum(len(cset.deviations) for cset in sets)
        self.stdout.write(
            self.style.SUCCESS(
                f"Dữ liệu hợp lệ: {len(sets)} bộ tiêu chí; {deviations} độ lệch so với nguồn, "
                "tất cả đã được ghi nhận."
            )
        )
