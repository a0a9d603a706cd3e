"""The restore drill (docs/operations.md §6): fill data and files, back up, restore into a
fresh database and fresh folders, and compare rows per table and every file's SHA-256.

Runs on the configured database: PostgreSQL in CI (pg_dump custom format, pg_restore into a
database created for the test), SQLite otherwise (the backup API)."""

import json
import os
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from ocop.core.backup import (
    PgTarget,
    file_checksums,
    live_table_counts,
    pg_table_counts,
    sqlite_table_counts,
    store_roots,
)
from ocop.core.storage import private_root


def _source_counts():
    return live_table_counts()


@pytest.fixture
def fresh_database(tmp_path):
    """An empty database to restore into: (option for ocop_restore, counts function)."""
    if connection.vendor == "postgresql":
        target = PgTarget.from_settings(connection.settings_dict)
        name = f"{target.name}_restore"[:63]
        admin = PgTarget(name="postgres", host=target.host, port=target.port, user=target.user, password=target.password)
        with admin.connect() as conn:
            conn.autocommit = True
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
            conn.execute(f'CREATE DATABASE "{name}"')
        fresh = PgTarget(name=name, host=target.host, port=target.port, user=target.user, password=target.password)
        url = f"postgres://{target.user}:{target.password}@{target.host or 'localhost'}:{target.port or 5432}/{name}"
        yield {"database_url": url}, lambda: pg_table_counts(fresh)
        with admin.connect() as conn:
            conn.autocommit = True
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    else:
        path = tmp_path / "restored.sqlite3"
        yield {"sqlite_path": str(path)}, lambda: sqlite_table_counts(path)


def _fill_files():
    """Files the app would store: a public photo and private evidence, with binary content."""
    roots = store_roots()
    (roots["media"] / "san-pham").mkdir(parents=True, exist_ok=True)
    (roots["media"] / "san-pham" / "anh-dac-san.jpg").write_bytes(os.urandom(4096))
    (roots["private"] / "minh-chung" / "2026").mkdir(parents=True, exist_ok=True)
    (roots["private"] / "minh-chung" / "2026" / "giay-phep.pdf").write_bytes(b"%PDF-1.7\n" + os.urandom(2048))


@pytest.mark.django_db(transaction=True)
def test_it_restores_every_row_and_file_into_a_fresh_database_and_folders(demo, tmp_path, fresh_database):
    _fill_files()
    source_files = file_checksums(store_roots())
    assert len(source_files) >= 2

    call_command("ocop_backup", str(tmp_path / "backups"))
    (folder,) = (tmp_path / "backups").iterdir()
    source_counts = _source_counts()
    assert source_counts["producers_producer"] > 0 and source_counts["evaluation_dossier"] > 0

    option, restored_counts = fresh_database
    media, private = tmp_path / "restored" / "media", tmp_path / "restored" / "private"
    call_command("ocop_restore", str(folder), media_root=str(media), private_root=str(private), **option)

    assert restored_counts() == source_counts
    assert file_checksums({"media": media, "private": private}) == source_files
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["database"]["rows"] == source_counts
    assert manifest["vendor"] == connection.vendor


@pytest.mark.django_db(transaction=True)
def test_it_refuses_a_backup_whose_archive_was_altered(demo, tmp_path, fresh_database):
    _fill_files()
    call_command("ocop_backup", str(tmp_path / "backups"))
    (folder,) = (tmp_path / "backups").iterdir()
    with (folder / "files.tar").open("ab") as handle:
        handle.write(b"\0")
    option, restored_counts = fresh_database
    with pytest.raises(CommandError, match="files.tar của bản sao lưu đã bị thay đổi"):
        call_command("ocop_restore", str(folder), media_root=str(tmp_path / "m"), private_root=str(tmp_path / "p"), **option)
    assert restored_counts() == {}


@pytest.mark.django_db(transaction=True)
def test_it_refuses_to_restore_over_a_database_that_has_tables(demo, tmp_path):
    call_command("ocop_backup", str(tmp_path / "backups"))
    (folder,) = (tmp_path / "backups").iterdir()
    option = {} if connection.vendor == "postgresql" else {"sqlite_path": str(_existing_sqlite(tmp_path))}
    with pytest.raises(CommandError, match="đã có"):
        call_command("ocop_restore", str(folder), media_root=str(tmp_path / "m"), private_root=str(tmp_path / "p"), **option)


def _existing_sqlite(tmp_path) -> Path:
    import sqlite3

    path = tmp_path / "in-use.sqlite3"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE t (x)")
    return path


def test_the_private_store_is_part_of_the_backup(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    assert store_roots() == {"media": tmp_path / "media", "private": private_root()}
