"""Backup and restore on PostgreSQL: a round trip, the refusal of a non-empty database, and a
broken dump that leaves the current database as it was."""

import dataclasses
import io
import tarfile

import psycopg
import pytest
from django.core.management import call_command
from django.db import connection
from psycopg import sql

from giamngheo.ops.backup import DUMP_NAME, BackupError, Database, backup, restore

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="pg_dump and pg_restore need PostgreSQL"),
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture
def target():
    """A database of its own to restore into, dropped afterwards."""
    source = Database.from_settings()
    database = dataclasses.replace(source, name=f"{source.name}_restored")
    drop(database)
    yield database
    drop(database)


def drop(database: Database) -> None:
    with database.admin() as admin:
        admin.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(database.name))
        )


def units_in(database: Database) -> list[str]:
    with psycopg.connect(dbname=database.name, host=database.host or None, port=database.port or None,
                         user=database.user or None) as conn:  # fmt: skip
        return [row[0] for row in conn.execute("SELECT code FROM areas_adminunit ORDER BY code")]


@pytest.fixture
def archive(geography, tmp_path):
    media = tmp_path / "media"
    (media / "tai-lieu").mkdir(parents=True)
    (media / "tai-lieu" / "quyet-dinh.pdf").write_bytes(b"%PDF-1.4 quyet dinh")
    return backup(tmp_path / "giamngheo.tar", media_root=media)


def test_round_trip_restores_database_and_files(archive, target, tmp_path):
    media = tmp_path / "restored-media"
    restore(archive, database=target, media_root=media)
    assert units_in(target) == ["02716", "15", "22333", "22402", "22402-01", "56"]
    assert (media / "tai-lieu" / "quyet-dinh.pdf").read_bytes() == b"%PDF-1.4 quyet dinh"


def test_non_empty_database_is_refused_unless_forced(archive, target, tmp_path):
    restore(archive, database=target, media_root=tmp_path / "m1")
    with pytest.raises(BackupError, match="đã có dữ liệu: thêm --force"):
        restore(archive, database=target, media_root=tmp_path / "m1")
    restore(archive, database=target, media_root=tmp_path / "m1", force=True)
    assert "22402" in units_in(target)


def test_broken_dump_leaves_the_current_database_untouched(archive, target, tmp_path):
    restore(archive, database=target, media_root=tmp_path / "m")
    with tarfile.open(archive) as whole:
        dump = whole.extractfile(DUMP_NAME).read()
        manifest = whole.extractfile("manifest.json").read()
    broken = tmp_path / "broken.tar"
    with tarfile.open(broken, "w") as out:
        for name, data in (("manifest.json", manifest), (DUMP_NAME, dump[: len(dump) * 2 // 3])):
            info = tarfile.TarInfo(name)
            info.size = len(data)

            out.addfile(info, io.BytesIO(data))
    with pytest.raises(BackupError, match="Tệp sao lưu hỏng; cơ sở dữ liệu hiện tại giữ nguyên"):
        restore(broken, database=target, media_root=tmp_path / "m", force=True)
    assert units_in(target) == ["02716", "15", "22333", "22402", "22402-01", "56"]
    assert (tmp_path / "m" / "tai-lieu" / "quyet-dinh.pdf").exists()


def test_not_an_archive_is_refused(target, tmp_path):
    junk = tmp_path / "junk.tar"
    junk.write_bytes(b"not a tar at all")
    with pytest.raises(BackupError, match="Không đọc được tệp sao lưu"):
        restore(junk, database=target, media_root=tmp_path / "m")


def test_backup_command_writes_an_archive(geography, tmp_path, capsys):
    call_command("backup", output=tmp_path / "b.tar")
    assert "Đã sao lưu" in capsys.readouterr().out
    with tarfile.open(tmp_path / "b.tar") as written:
        assert {"manifest.json", DUMP_NAME} <= set(written.getnames())
