"""Check the audit record and every closed vote's result.

    python manage.py verify_audit

1. The hash chain: every entry links to the one before and still has the hash it was
   recorded with (``folkmoot.audit.services.verify_chain``).
2. Every closed vote is counted again from its stored ballots and room count, and compared
   with the stored result; the stored result must also be the one whose hash was recorded
   in the chain when the vote closed.

Prints each problem and exits with status 1 if there are any.
"""

from django.core.management.base import BaseCommand, CommandError

from folkmoot.audit.services import verify_chain
from folkmoot.decisions import results
from folkmoot.decisions.models import Vote


class Command(BaseCommand):
    help = "Re-check the audit chain and recount every closed vote from its stored ballots."

    def handle(self, *args, **options):
        problems: list[str] = []
        for problem in verify_chain():
            problems.append(f"Audit entry #{problem.sequence}: {problem.problem}")
        votes = Vote.objects.filter(status=Vote.Status.CLOSED)
        checked = 0
        for vote in votes.order_by("pk").iterator():
            checked += 1
            try:
                found = results.recount_problems(vote) + results.closed_hash_problems(vote)
            except Exception as error:  # a count that cannot even run is a problem to report
                found = [f"could not be counted again: {error}"]
            problems.extend(f"Vote {vote.pk} ({vote.question}): {text}" for text in found)
        for line in problems:
            self.stderr.write(line)
        if problems:
            raise CommandError(
                f"{len(problems)} problem(s) found; {checked} closed vote(s) checked."
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"The audit chain is intact and all {checked} closed vote(s) count the same again."
            )
        )
