"""Listens to the decisions app: a referred proposal that is decided sets the mandate."""

from django.dispatch import receiver

from folkmoot.decisions.signals import proposal_decided

from .referrals import decide_from_proposal


@receiver(proposal_decided, dispatch_uid="councils.referral_decided")
def referral_decided(sender, proposal, decision, outcome, by, **kwargs) -> None:
    """Inside the decision's transaction: if the mandate cannot be issued, nothing is
    decided, and the person deciding sees why."""
    decide_from_proposal(proposal, decision, outcome, by)
