"""Restore a backup folder into an empty database and empty file folders, then check it."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from ocop.core.backup import BackupError, backup_restore
from ocop.core.storage import private_root


class Command(BaseCommand):
    help = "Phục hồi bản sao lưu vào CSDL trống và thư mục tệp trống, rồi đối chiếu số dòng và mã SHA-256 của tệp."

    def add_arguments(self, parser):
        parser.add_argument("folder", help="thư mục bản sao lưu (ocop-backup-…)")
        parser.add_argument("--database-url", help="CSDL PostgreSQL trống để phục hồi vào (mặc định: DATABASE_URL)")
        parser.add_argument("--sqlite-path", help="tệp SQLite mới để phục hồi vào (mặc định: CSDL đang cấu hình)")
        parser.add_argument("--media-root", help="thư mục tệp công khai (mặc định: MEDIA_ROOT)")
        parser.add_argument("--private-root", help="thư mục tệp không công khai (mặc định: OCOP_PRIVATE_MEDIA_ROOT)")

    def handle(self, *args, folder, database_url, sqlite_path, media_root, private_root, **options):
        try:
            report = backup_restore(
                folder=Path(folder),
                media_root=Path(media_root or settings.MEDIA_ROOT),
                private_root_=Path(private_root) if private_root else _private_root(),
                database_url=database_url,
                sqlite_path=Path(sqlite_path) if sqlite_path else None,
            )
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        for table, (expected, found) in sorted(report.rows.items()):
            self.stderr.write(f"Bảng {table}: bản sao lưu có {expected} dòng, sau phục hồi có {found}.")
        for path in report.files:
            self.stderr.write(f"Tệp {path} thiếu hoặc khác bản sao lưu.")
        if not report.ok:
            raise CommandError("Phục hồi không khớp với bản sao lưu (xem các dòng trên).")
        self.stdout.write("Đã phục hồi; số dòng mọi bảng và mã SHA-256 mọi tệp khớp với bản sao lưu.")


def _private_root() -> Path:
    return private_root()
