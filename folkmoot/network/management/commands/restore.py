"""``manage.py restore FILE``: replace the database with a backup, then check the audit chain
and recount every vote from the restored ballots."""

from pathlib import Path

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from folkmoot.network import backups


class Command(BaseCommand):
    help = "Replace the whole database with a backup made by `manage.py backup`."

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", help="the backup file")
        parser.add_argument(
            "--yes", action="store_true", help="do not ask: everything now stored is replaced"
        )

    def handle(self, *args, **options) -> None:
        if (
            not options["yes"]
            and input("Everything now in the database will be replaced by the backup. Type 'yes': ")
            != "yes"
        ):
            raise CommandError("Nothing was restored.")
        try:
            backups.restore(Path(options["file"]))
        except backups.BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Restored {options['file']}. Checking it:")
        call_command("verify_audit", stdout=self.stdout, stderr=self.stderr)
