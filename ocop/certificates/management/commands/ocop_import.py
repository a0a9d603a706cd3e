"""Import existing registers from a file: `python manage.py ocop_import certificates FILE`.

All rows or none. Exit code 0 with a summary on stdout when imported; exit code 2 with one
line per problem on stderr (row as numbered in the file, column, problem) when rejected.
"""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from ocop.accounts.models import User
from ocop.certificates.importing import services as import_services

KINDS = ["certificates"]


class Command(BaseCommand):
    help = "Nhập danh sách có sẵn (hiện có: certificates – sổ giấy chứng nhận OCOP) từ tệp .xlsx hoặc .csv UTF-8."

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=KINDS, help="Loại danh sách: certificates.")
        parser.add_argument("file", help="Đường dẫn tệp .xlsx hoặc .csv (UTF-8).")
        parser.add_argument("--user", help="Tên đăng nhập người nhập (ghi vào lịch sử); mặc định để trống.")

    def handle(self, *args, **options):
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"Không tìm thấy tệp {path}.", returncode=2)
        actor = None
        if options["user"]:
            actor = User.objects.filter(username=options["user"]).first()
            if actor is None:
                raise CommandError(f"Không có người dùng “{options['user']}”.", returncode=2)
        try:
            batch, plan = import_services.certificate_import_file(actor=actor, filename=path.name, data=path.read_bytes())
        except ValidationError as exc:
            for message in exc.messages:
                self.stderr.write(message)
            raise CommandError("Không nhập được tệp; không có gì được ghi.", returncode=2) from exc
        if batch is None:
            for issue in plan.issues:
                where = f"Dòng {issue.row}" + (f", cột “{issue.column}”" if issue.column else "")
                value = f" (giá trị “{issue.value}”)" if issue.value else ""
                self.stderr.write(f"{where}: {issue.message}{value}")
            raise CommandError(
                f"Tệp có {len(plan.issues)} lỗi; không có dòng nào được nhập.", returncode=2
            )
        summary = batch.summary
        self.stdout.write(
            f"Đã nhập {summary['certificates_new']} giấy chứng nhận từ {path.name} "
            f"({summary['rows']} dòng; {summary['certificates_existing']} đã có trong sổ, bỏ qua)."
        )
        self.stdout.write(
            f"  Quyết định: {summary['decisions_new']} mới, {summary['decisions_matched']} đã có. "
            f"Chủ thể: {summary['producers_new']} mới, {summary['producers_matched']} đã có. "
            f"Sản phẩm: {summary['products_new']} mới, {summary['products_matched']} đã có."
        )
