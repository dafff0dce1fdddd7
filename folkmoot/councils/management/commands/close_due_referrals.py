from django.core.management.base import BaseCommand

from folkmoot.councils.questions import close_due_referrals


class Command(BaseCommand):
    help = (
        "Record every referral past its deadline as missed (its seats abstain) and settle the "
        "councils above (run it from cron)."
    )

    def handle(self, *args, **options) -> None:
        missed = close_due_referrals()
        self.stdout.write(self.style.SUCCESS(f"{missed} referral(s) missed their deadline."))
