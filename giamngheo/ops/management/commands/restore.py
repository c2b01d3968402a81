"""`giamngheo restore FILE [--force]`: put back a `giamngheo backup` archive."""

import sys
from pathlib import Path

from giamngheo.core.commands import OfficerCommand
from giamngheo.ops.backup import BackupError, restore


class Command(OfficerCommand):
    help = "Restore a backup archive (database and uploaded files); stop the web server and worker first."
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("archive", type=Path)
        parser.add_argument("--force", action="store_true", help="replace a database that already has data")

    def handle(self, *args, archive: Path, force: bool, **options):
        try:
            restore(archive, force=force)
        except BackupError as error:
            self.stderr.write(f"giamngheo restore: {error}")
            sys.exit(2)
        self.stdout.write(f"Đã phục hồi / restored: {archive}")
