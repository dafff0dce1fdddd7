"""The referral behind an assembly's proposal, for the note on the proposal page."""

from django import template

from folkmoot.councils.models import Referral

register = template.Library()


@register.simple_tag
def referral_for(proposal):
    """The referral that put ``proposal`` on the agenda, or None: one query, with the council
    that referred it and the council above that (if the question came from further up)."""
    if proposal is None or getattr(proposal, "pk", None) is None:
        return None
    return (
        Referral.objects.select_related("question__council", "question__parent__council")
        .filter(proposal_id=proposal.pk)
        .first()
    )
