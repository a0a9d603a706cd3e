"""`manage.py ocop_national_data`: fill the database with a synthetic national register for
the benchmark (`make bench-national`, docs/performance.md). Run after `ocop_demo`; idempotent
(see ocop/national/__init__.py). Never on a production database: everything it writes is sample
data mixed into the real register."""

import time

from django.core.management.base import BaseCommand, CommandError

from ocop import national

# The sizes the national trial used (docs/performance.md): 20,020 producers, 40,040
# products, ~30,000 certificates, ~10,000 dossiers.
DEFAULT_PRODUCERS = 20020


class Command(BaseCommand):
    help = "Tạo dữ liệu mô phỏng toàn quốc (34 tỉnh) để đo hiệu năng; chạy lại không tạo trùng."

    def add_arguments(self, parser):
        parser.add_argument("--producers", type=int, default=DEFAULT_PRODUCERS,
                            help=f"Số chủ thể (mặc định {DEFAULT_PRODUCERS}); mỗi chủ thể 2 sản phẩm.")
        parser.add_argument("--scale", type=float, default=1.0,
                            help="Nhân số chủ thể với hệ số này (2 = gấp đôi dữ liệu).")
        parser.add_argument("--seed", type=int, default=1, help="Hạt giống ngẫu nhiên (mặc định 1).")
        parser.add_argument("--batch", type=int, default=500, help="Số chủ thể mỗi giao dịch.")
        # Photos live in this installation's media folder, the register in a database that
        # several checkouts may share: a benchmark run that reuses the data still needs them.
        parser.add_argument("--photos-only", action="store_true",
                            help="Chỉ ghi ảnh mẫu vào thư mục media của bản cài này (dữ liệu đã có trong CSDL).")

    def handle(self, *args, producers, scale, seed, batch, photos_only, **options):
        if photos_only:
            from ocop.national.context import ensure_photos

            self.stdout.write(f"Ảnh mẫu: {len(ensure_photos())} tệp.")
            return
        total = int(round(producers * scale))
        if total < 1 or batch < 1:
            raise CommandError("--producers, --scale và --batch phải dương.")
        start = time.perf_counter()
        counts = national.build(producers=total, seed=seed, batch=batch, log=self.stdout.write)
        if counts:
            summary = ", ".join(f"{key} {value}" for key, value in counts.items())
            self.stdout.write(f"Đã thêm: {summary} ({time.perf_counter() - start:.1f} s)")
