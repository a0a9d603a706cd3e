from django.core.management.base import BaseCommand

from ocop.core.text import format_number_vn
from ocop.territory.services import unit_coverage_rebuild


class Command(BaseCommand):
    help = (
        "Tính lại bảng phạm vi địa bàn (UnitCoverage) từ đơn vị hành chính và quan hệ kế thừa. "
        "Chạy sau khi nạp đơn vị mới hoặc khi một đợt sắp xếp bắt đầu có hiệu lực."
    )

    def handle(self, *args, **options):
        rows = unit_coverage_rebuild()
        self.stdout.write(
            self.style.SUCCESS(f"Đã tính lại phạm vi địa bàn: {format_number_vn(rows)} dòng.")
        )
