from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from ocop.products.classification import DATA_FILE, SOURCE_NAME, write_classification


class Command(BaseCommand):
    help = "Đọc Phụ lục I của QĐ 26/2026/QĐ-TTg và ghi dữ liệu phân loại sản phẩm (classification.json)."

    def add_arguments(self, parser):
        parser.add_argument("--source", type=Path, default=None, help="Đường dẫn tệp HTML của quyết định")

    def handle(self, *args, source=None, **options):
        source = source or Path(settings.OCOP_REFERENCE_DIR) / SOURCE_NAME
        if not source.exists():
            raise CommandError(f"Không tìm thấy văn bản nguồn: {source}")
        try:
            data = write_classification(source)
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        leaves = sum(1 for node in data["nodes"] if "criteria_set" in node)
        self.stdout.write(f"Đã ghi {len(data['nodes'])} mục phân loại ({leaves} bộ sản phẩm) vào {DATA_FILE.name}.")
