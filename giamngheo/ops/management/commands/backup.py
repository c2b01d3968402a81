"""`giamngheo backup [-o FILE]`: the database (pg_dump custom format) and uploaded files in one archive."""

import sys
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from giamngheo.core.commands import OfficerCommand
from giamngheo.ops.backup import BackupError, backup


class Command(OfficerCommand):
    help = "Back up the PostgreSQL database and the uploaded files into one archive (.tar)."

    def add_arguments(self, parser):
        parser.add_argument("-o", "--output", type=Path, help="archive path (default: DATA_DIR/backups/...)")

    def handle(self, *args, output: Path | None, **options):
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
        output = output or settings.DATA_DIR / "backups" / f"giamngheo-{stamp}.tar"
        try:
            path = backup(output)
        except BackupError as error:
            self.stderr.write(f"giamngheo backup: {error}")
            sys.exit(2)
        self.stdout.write(f"Đã sao lưu / backed up: {path} ({path.stat().st_size:,} bytes)")
