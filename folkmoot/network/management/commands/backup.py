"""``manage.py backup [FILE]``: a full backup of the database (see network/backups.py)."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from folkmoot.network import backups


class Command(BaseCommand):
    help = "Back up the whole database (SQLite or PostgreSQL) to a file."

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", nargs="?", help="where to write it (default: var/backups/)")

    def handle(self, *args, **options) -> None:
        try:
            path = (
                Path(options["file"])
                if options["file"]
                else (
                    Path(settings.VAR_DIR)
                    / "backups"
                    / f"folkmoot-{timezone.now():%Y%m%d-%H%M%S}{backups.default_suffix()}"
                )
            )
            backups.backup(path)
        except backups.BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(str(path))
