from django.core.management.base import BaseCommand

from folkmoot.network.demo import DEMO_ACCOUNTS, DEMO_PASSWORD, build_demo


class Command(BaseCommand):
    help = "Build the demo network (Fellbridge). Running it again gives the same data."

    def handle(self, *args, **options) -> None:
        counts = build_demo()
        summary = ", ".join(f"{number} {what}" for what, number in counts.items())
        self.stdout.write(self.style.SUCCESS(f"Demo network ready: {summary}."))
        self.stdout.write(f"Sign in with any of these (password: {DEMO_PASSWORD}):")
        for account in DEMO_ACCOUNTS:
            self.stdout.write(f"  {account.email:34} {account.what}")
