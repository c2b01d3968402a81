"""Backups: the PostgreSQL database (pg_dump custom format) and the uploaded files in one archive.

A restore never touches the current database until the new one is complete: the dump goes into
a scratch database, which then takes the current one's name (the old one is dropped). A broken
dump therefore leaves everything as it was.
"""

import json
import os
import shutil
import subprocess
import tarfile
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import connections
from django.utils import timezone

ARCHIVE_FORMAT = 1
DUMP_NAME = "database.dump"
MANIFEST_NAME = "manifest.json"
MEDIA_NAME = "media"


class BackupError(Exception):
    """A refusal or a failure, worded for the operator (Vietnamese / English)."""


@dataclass(frozen=True)
class Database:
    name: str
    host: str
    port: str
    user: str
    password: str

    @classmethod
    def from_settings(cls, alias: str = "default") -> "Database":
        config = settings.DATABASES[alias]
        if "postgresql" not in config["ENGINE"]:
            raise BackupError(
                "Sao lưu và phục hồi cần PostgreSQL; với SQLite, dừng hệ thống rồi chép thư mục "
                "GIAMNGHEO_DATA_DIR. / Backup and restore need PostgreSQL; with SQLite, stop the site "
                "and copy GIAMNGHEO_DATA_DIR."
            )
        return cls(
            name=config["NAME"],
            host=config.get("HOST") or "",
            port=str(config.get("PORT") or ""),
            user=config.get("USER") or "",
            password=config.get("PASSWORD") or "",
        )

    def env(self) -> dict[str, str]:
        values = {"PGHOST": self.host, "PGPORT": self.port, "PGUSER": self.user, "PGPASSWORD": self.password}
        return os.environ | {key: value for key, value in values.items() if value}

    def admin(self):
        """An autocommit connection to the server's maintenance database."""
        import psycopg

        return psycopg.connect(
            dbname="postgres", host=self.host or None, port=self.port or None, user=self.user or None,
            password=self.password or None, autocommit=True,
        )  # fmt: skip


def _run(command: list[str], database: Database) -> None:
    done = subprocess.run(command, env=database.env(), capture_output=True, text=True, check=False)
    if done.returncode != 0:
        detail = (done.stderr or done.stdout).strip().splitlines()
        raise BackupError(f"{command[0]}: {detail[-1] if detail else done.returncode}")


def backup(destination: Path, database: Database | None = None, media_root: Path | None = None) -> Path:
    """Write the archive (a tar of the dump, the uploaded files and a manifest) to `destination`."""
    database = database or Database.from_settings()
    media_root = Path(media_root or settings.MEDIA_ROOT)
    destination.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=destination.parent) as work:
        dump = Path(work) / DUMP_NAME
        _run(["pg_dump", "--format=custom", "--no-owner", "--no-privileges", f"--file={dump}", database.name],
             database)  # fmt: skip
        manifest = {
            "format": ARCHIVE_FORMAT,
            "created_at": timezone.now().isoformat(),
            "database": database.name,
        }
        (Path(work) / MANIFEST_NAME).write_text(json.dumps(manifest), encoding="utf-8")
        partial = destination.with_name(destination.name + ".partial")
        with tarfile.open(partial, "w") as archive:
            archive.add(Path(work) / MANIFEST_NAME, MANIFEST_NAME)
            archive.add(dump, DUMP_NAME)
            if media_root.is_dir():
                archive.add(media_root, MEDIA_NAME)
        partial.replace(destination)
    return destination


def restore(source: Path, *, force: bool = False, database: Database | None = None,
            media_root: Path | None = None) -> None:  # fmt: skip
    """Replace the database and the uploaded files with the archive's; refuses a non-empty
    database unless `force`. Stop the web server and the worker first."""
    database = database or Database.from_settings()
    media_root = Path(media_root or settings.MEDIA_ROOT)
    with tempfile.TemporaryDirectory(prefix="giamngheo-restore-") as work:
        dump, media = _unpack(source, Path(work))
        if not force and _has_tables(database):
            raise BackupError(
                f"Cơ sở dữ liệu {database.name} đã có dữ liệu: thêm --force để thay toàn bộ. / "
                f"Database {database.name} is not empty: add --force to replace it."
            )
        scratch = f"{database.name}_restore_{os.getpid()}"[:63]
        _restore_into_scratch(dump, scratch, database)
        _swap(scratch, database)
        if media is not None:
            _swap_media(media, media_root)


def _unpack(source: Path, work: Path) -> tuple[Path, Path | None]:
    try:
        with tarfile.open(source) as archive:
            archive.extractall(work, filter="data")
    except (OSError, tarfile.TarError) as error:
        raise BackupError(
            f"Không đọc được tệp sao lưu {source}. / Cannot read the backup {source}: {error}"
        ) from None
    dump = work / DUMP_NAME
    if not (work / MANIFEST_NAME).is_file() or not dump.is_file():
        raise BackupError(
            f"{source} không phải tệp sao lưu của giamngheo. / {source} is not a giamngheo backup."
        )
    media = work / MEDIA_NAME
    return dump, media if media.is_dir() else None


def _has_tables(database: Database) -> bool:
    with database.admin() as admin:
        exists = admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [database.name]).fetchone()
    if not exists:
        return False
    import psycopg

    with psycopg.connect(
        dbname=database.name, host=database.host or None, port=database.port or None,
        user=database.user or None, password=database.password or None,
    ) as target:  # fmt: skip
        count = target.execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'"
        ).fetchone()[0]
    return count > 0


def _restore_into_scratch(dump: Path, scratch: str, database: Database) -> None:
    from psycopg import sql

    with database.admin() as admin:
        admin.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(scratch)))
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(scratch)))
    try:
        _run(["pg_restore", "--exit-on-error", "--no-owner", "--no-privileges", f"--dbname={scratch}", str(dump)],
             database)  # fmt: skip
    except BackupError as error:
        with database.admin() as admin:
            admin.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(scratch)))
        raise BackupError(
            f"Tệp sao lưu hỏng; cơ sở dữ liệu hiện tại giữ nguyên. / The dump is broken; the current "
            f"database is untouched ({error})."
        ) from None


def _swap(scratch: str, database: Database) -> None:
    """Give the restored database the current one's name; drop the old one."""
    from psycopg import errors, sql

    for alias in connections:
        connections[alias].close()
    old = f"{database.name}_old_{os.getpid()}"[:63]
    with database.admin() as admin:
        exists = admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [database.name]).fetchone()
        for attempt in range(10):
            admin.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()",
                [database.name],
            )
            try:
                if exists:
                    admin.execute(
                        sql.SQL("ALTER DATABASE {} RENAME TO {}").format(
                            sql.Identifier(database.name), sql.Identifier(old)
                        )
                    )
                break
            except errors.ObjectInUse:
                if attempt == 9:
                    raise BackupError(
                        "Cơ sở dữ liệu đang được dùng: dừng máy chủ web và tiến trình nền rồi thử lại. / "
                        "The database is in use: stop the web server and the worker, then retry."
                    ) from None
                time.sleep(0.5)
        admin.execute(
            sql.SQL("ALTER DATABASE {} RENAME TO {}").format(
                sql.Identifier(scratch), sql.Identifier(database.name)
            )
        )
        if exists:
            admin.execute(sql.SQL("DROP DATABASE {}").format(sql.Identifier(old)))


def _swap_media(media: Path, media_root: Path) -> None:
    media_root.parent.mkdir(parents=True, exist_ok=True)
    incoming = media_root.with_name(f".{media_root.name}-restoring")
    shutil.rmtree(incoming, ignore_errors=True)
    shutil.copytree(media, incoming)
    previous = media_root.with_name(f".{media_root.name}-previous")
    shutil.rmtree(previous, ignore_errors=True)
    if media_root.exists():
        media_root.rename(previous)
    incoming.rename(media_root)
    shutil.rmtree(previous, ignore_errors=True)
