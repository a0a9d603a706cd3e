"""Consistent backup and restore of the database and the file store (docs/operations.md §6).

A backup is one folder:

    ocop-backup-YYYYMMDD-HHMMSS/
      database.dump      PostgreSQL: `pg_dump --format=custom` (or database.sqlite3: SQLite's backup API)
      files.tar          MEDIA_ROOT as media/, the private store as private/
      manifest.json      rows per table, SHA-256 of every file and of the two archives

Consistency: on PostgreSQL the row counts are taken inside a REPEATABLE READ transaction whose
snapshot `pg_dump --snapshot` reuses, so the dump and the counts are the same instant; the
database is dumped before the files are read, and files are written before the rows that name
them, so every file a dumped row points at is in the archive (a file uploaded meanwhile may be
there too, unreferenced, which is harmless). SQLite's online backup API copies a consistent
page set while the application keeps running.

The restore refuses a database that already has tables and checks the result against the
manifest: rows per table and the checksum of every file.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import connection as default_connection
from django.utils import timezone

from ocop.core.storage import private_root

MANIFEST = "manifest.json"
FILES = "files.tar"
PG_DUMP = "database.dump"
SQLITE_COPY = "database.sqlite3"
# The file store's two roots, by their name inside the archive.
ROOTS = ("media", "private")


class BackupError(Exception):
    """A Vietnamese message saying what went wrong and what to do."""


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def store_roots() -> dict[str, Path]:
    return {"media": Path(settings.MEDIA_ROOT), "private": private_root()}


def file_checksums(roots: dict[str, Path]) -> dict[str, str]:
    """"media/products/a.jpg" → SHA-256, for every file under the roots."""
    sums = {}
    for name, root in roots.items():
        if not root.exists():
            continue
        for path in sorted(p for p in root.rglob("*") if p.is_file()):
            sums[f"{name}/{path.relative_to(root).as_posix()}"] = _sha256(path)
    return sums


# ------------------------------------------------------------------ PostgreSQL connection


@dataclass(frozen=True)
class PgTarget:
    """Where a PostgreSQL database is: for pg_dump / pg_restore / psycopg."""

    name: str
    host: str = ""
    port: str = ""
    user: str = ""
    password: str = ""

    @classmethod
    def from_settings(cls, settings_dict) -> PgTarget:
        return cls(
            name=settings_dict["NAME"], host=str(settings_dict.get("HOST") or ""), port=str(settings_dict.get("PORT") or ""),
            user=settings_dict.get("USER") or "", password=settings_dict.get("PASSWORD") or "",
        )

    @classmethod
    def from_url(cls, url: str) -> PgTarget:
        import dj_database_url

        return cls.from_settings(dj_database_url.parse(url))

    def args(self) -> list[str]:
        found = ["--dbname", self.name]
        if self.host:
            found += ["--host", self.host]
        if self.port:
            found += ["--port", self.port]
        if self.user:
            found += ["--username", self.user]
        return found

    def env(self) -> dict[str, str]:
        env = dict(os.environ)
        if self.password:
            env["PGPASSWORD"] = self.password
        return env

    def connect(self):
        import psycopg

        return psycopg.connect(
            dbname=self.name, host=self.host or None, port=self.port or None, user=self.user or None,
            password=self.password or None,
        )


def _pg_counts(cursor) -> dict[str, int]:
    cursor.execute(
        "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"
    )
    tables = [row[0] for row in cursor.fetchall()]
    counts = {}
    for table in tables:
        cursor.execute(f'SELECT COUNT(*) FROM "{table}"')
        counts[table] = cursor.fetchone()[0]
    return counts


def pg_table_counts(target: PgTarget) -> dict[str, int]:
    with target.connect() as conn, conn.cursor() as cursor:
        return _pg_counts(cursor)


def _run(command: list[str], env: dict[str, str], what: str) -> None:
    if shutil.which(command[0]) is None:
        raise BackupError(f"Không tìm thấy chương trình {command[0]} (gói postgresql-client) để {what}.")
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise BackupError(f"{what.capitalize()} không thành công: {result.stderr.strip() or result.stdout.strip()}")


def _dump_postgresql(target: PgTarget, into: Path) -> dict[str, int]:
    import psycopg

    with target.connect() as conn:
        conn.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ  # one snapshot for counts and dump
        with conn.cursor() as cursor:
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
            counts = _pg_counts(cursor)
            _run(
                ["pg_dump", "--format=custom", "--no-owner", "--no-privileges", f"--snapshot={snapshot}",
                 "--file", str(into), *target.args()],
                target.env(), "sao lưu CSDL bằng pg_dump",
            )
        conn.rollback()
    return counts


def _restore_postgresql(dump: Path, target: PgTarget) -> None:
    with target.connect() as conn, conn.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM pg_tables WHERE schemaname = 'public'")
        if cursor.fetchone()[0]:
            raise BackupError(
                f"CSDL “{target.name}” đã có bảng. Hãy phục hồi vào một CSDL trống (createdb) để không trộn dữ liệu."
            )
    _run(
        ["pg_restore", "--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction", *target.args(), str(dump)],
        target.env(), "phục hồi CSDL bằng pg_restore",
    )


# ------------------------------------------------------------------ SQLite


def _sqlite_counts(conn: sqlite3.Connection) -> dict[str, int]:
    tables = [row[0] for row in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
    )]
    return {table: conn.execute(f'SELECT COUNT(*) FROM "{table}"').fetchone()[0] for table in tables}


def _dump_sqlite(connection, into: Path) -> dict[str, int]:
    # Through Django's own connection: the same database whatever its name (a file, or the
    # shared in-memory database of the tests).
    connection.ensure_connection()
    with sqlite3.connect(into) as dst:
        connection.connection.backup(dst)
    with sqlite3.connect(into) as copy:
        return _sqlite_counts(copy)


def sqlite_table_counts(path: str | Path) -> dict[str, int]:
    with sqlite3.connect(path) as conn:
        return _sqlite_counts(conn)


def live_table_counts(connection=None) -> dict[str, int]:
    """Rows per table of the database Django is connected to (PostgreSQL or SQLite)."""
    connection = connection or default_connection
    if connection.vendor == "postgresql":
        return pg_table_counts(PgTarget.from_settings(connection.settings_dict))
    connection.ensure_connection()
    return _sqlite_counts(connection.connection)


# ------------------------------------------------------------------ backup and restore


def backup_create(*, destination: Path, connection=None) -> Path:
    """Write a backup folder under `destination`; returns its path."""
    connection = connection or default_connection
    stamp = timezone.now().strftime("%Y%m%d-%H%M%S-%f")
    folder = Path(destination) / f"ocop-backup-{stamp}"
    folder.mkdir(parents=True)
    vendor = connection.vendor
    if vendor == "postgresql":
        dump = folder / PG_DUMP
        counts = _dump_postgresql(PgTarget.from_settings(connection.settings_dict), dump)
    elif vendor == "sqlite":
        dump = folder / SQLITE_COPY
        counts = _dump_sqlite(connection, dump)
    else:
        raise BackupError(f"Chưa hỗ trợ sao lưu CSDL loại {vendor}.")
    roots = store_roots()
    files = file_checksums(roots)
    with tarfile.open(folder / FILES, "w") as archive:
        for name, root in roots.items():
            if root.exists():
                archive.add(root, arcname=name)
    manifest = {
        "created_at": timezone.now().isoformat(),
        "vendor": vendor,
        "database": {"file": dump.name, "sha256": _sha256(dump), "rows": counts},
        "files": {"archive": FILES, "sha256": _sha256(folder / FILES), "checksums": files},
    }
    (folder / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=2, sort_keys=True), encoding="utf-8")
    return folder


def read_manifest(folder: Path) -> dict:
    path = Path(folder) / MANIFEST
    if not path.exists():
        raise BackupError(f"Thư mục {folder} không phải bản sao lưu OCOP (thiếu {MANIFEST}).")
    manifest = json.loads(path.read_text(encoding="utf-8"))
    for item, key in ((manifest["database"]["file"], "database"), (manifest["files"]["archive"], "files")):
        if _sha256(Path(folder) / item) != manifest[key]["sha256"]:
            raise BackupError(f"Tệp {item} của bản sao lưu đã bị thay đổi hoặc hỏng (sai mã SHA-256).")
    return manifest


@dataclass
class RestoreReport:
    rows: dict[str, tuple[int, int]]  # table → (in the backup, after restore), only mismatches
    files: list[str]  # files missing or different after restore

    @property
    def ok(self) -> bool:
        return not self.rows and not self.files


def backup_restore(
    *, folder: Path, media_root: Path, private_root_: Path, database_url: str | None = None,
    sqlite_path: Path | None = None, connection=None,
) -> RestoreReport:
    """Restore a backup folder into an EMPTY database and EMPTY file folders, then compare."""
    connection = connection or default_connection
    folder = Path(folder)
    manifest = read_manifest(folder)
    for root in (media_root, private_root_):
        if Path(root).exists() and any(Path(root).iterdir()):
            raise BackupError(f"Thư mục {root} không trống; hãy phục hồi tệp vào thư mục trống.")
    dump = folder / manifest["database"]["file"]
    if manifest["vendor"] == "postgresql":
        target = PgTarget.from_url(database_url) if database_url else PgTarget.from_settings(connection.settings_dict)
        _restore_postgresql(dump, target)
        restored_counts = pg_table_counts(target)
    else:
        path = Path(sqlite_path or connection.settings_dict["NAME"])
        if path.exists() and path.stat().st_size:
            raise BackupError(f"Tệp CSDL {path} đã có; hãy phục hồi vào một đường dẫn mới.")
        with sqlite3.connect(dump) as src, sqlite3.connect(path) as dst:
            src.backup(dst)
        restored_counts = sqlite_table_counts(path)
    targets = {"media": Path(media_root), "private": Path(private_root_)}
    with tarfile.open(folder / manifest["files"]["archive"]) as archive:
        for name, root in targets.items():
            root.mkdir(parents=True, exist_ok=True)
            prefix = f"{name}/"
            members = []
            for member in archive.getmembers():
                if member.name.startswith(prefix):
                    member.name = member.name[len(prefix):]
                    members.append(member)
            archive.extractall(root, members=members, filter="data")
    expected_rows = manifest["database"]["rows"]
    rows = {
        table: (count, restored_counts.get(table, -1))
        for table, count in expected_rows.items()
        if restored_counts.get(table) != count
    }
    restored_files = file_checksums(targets)
    files = sorted(
        path for path, digest in manifest["files"]["checksums"].items() if restored_files.get(path) != digest
    )
    return RestoreReport(rows=rows, files=files)
