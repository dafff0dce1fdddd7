from django.core.management.base import BaseCommand

from folkmoot.decisions.results import close_due_votes


class Command(BaseCommand):
    help = (
        "Close every vote whose closing time has passed and publish its result (run it from cron)."
    )

    def handle(self, *args, **options) -> None:
        closed = close_due_votes()
        for vote in closed:
            self.stdout.write(f"Closed vote {vote.pk}: {vote.question}")
        self.stdout.write(self.style.SUCCESS(f"{len(closed)} vote(s) closed."))
