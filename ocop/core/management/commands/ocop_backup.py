"""Back up the database and the file store into one folder (docs/operations.md §6)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from ocop.core.backup import BackupError, backup_create


class Command(BaseCommand):
    help = "Sao lưu nhất quán CSDL (pg_dump hoặc SQLite backup) và các thư mục tệp vào một thư mục."

    def add_arguments(self, parser):
        parser.add_argument("destination", help="thư mục chứa các bản sao lưu (ví dụ /var/backups/ocop)")

    def handle(self, *args, destination, **options):
        try:
            folder = backup_create(destination=Path(destination))
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"Đã sao lưu vào {folder}")
