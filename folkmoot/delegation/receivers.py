"""Listens to the decisions app: elections fill seats, recall votes end terms.

Both run inside the transaction that closes the vote, so a failure rolls the close back and
nothing is half decided; both do nothing the second time.
"""

from django.dispatch import receiver

from folkmoot.decisions.signals import vote_closed

from .models import Election, RecallPetition


@receiver(vote_closed, dispatch_uid="delegation.vote_closed")
def on_vote_closed(sender, vote, by, **kwargs) -> None:
    election = Election.objects.filter(vote=vote, declared_at__isnull=True).first()
    if election is not None:
        from .elections import declare_election

        declare_election(election, by)
    petition = RecallPetition.objects.filter(vote=vote, status=RecallPetition.Status.VOTING).first()
    if petition is not None:
        from .recall import settle_recall

        settle_recall(petition, by)
