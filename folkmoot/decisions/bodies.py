"""Whose votes and decisions they are: an assembly's, or a council's.

An assembly's members vote in its votes. A council holds votes too, on its own business (such as
electing its delegates to the council above): the people holding its seats now vote in them,
each once, as people; their votes on referred questions are a different thing (seat votes, bound
by mandates, in the councils app). A council's votes are online: council meetings have no
check-in and no tellers, and nobody's address matters when the voters are delegates.

Everything in the decisions app that depends on the body asks here, so an assembly's votes work
exactly as before.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _

from folkmoot.assemblies.models import Assembly, Membership, Role
from folkmoot.assemblies.services import has_role, is_member, is_teller
from folkmoot.councils.models import Council
from folkmoot.network.services import is_network_organiser

Body = Assembly | Council


def is_council(body: Body | None) -> bool:
    return isinstance(body, Council)


def owner(body: Body) -> dict:
    """The model fields naming the body, for creating and filtering votes and decisions."""
    return {"council": body} if is_council(body) else {"assembly": body}


# --- Who may do what ----------------------------------------------------------------------------


def can_manage(user, body: Body) -> bool:
    """Who sets up, opens and closes votes: an assembly's organisers and facilitators, a
    council's conveners; network organisers may always step in."""
    if is_council(body):
        from folkmoot.councils.questions import can_convene

        return can_convene(user, body)
    return has_role(user, body, Role.Kind.ORGANISER, Role.Kind.FACILITATOR) or (
        is_network_organiser(user)
    )


def only_managers(body: Body, action: str) -> str:
    """Why someone else may not set up ("set_up"), open ("open") or close ("close") a vote."""
    if is_council(body):
        return {
            "set_up": _("Only the council's conveners can set up its votes."),
            "open": _("Only the council's conveners can open its votes."),
            "close": _("Only the council's conveners can close its votes."),
        }[action]
    return {
        "set_up": _("Only organisers and facilitators can set up a vote."),
        "open": _("Only organisers and facilitators can open a vote."),
        "close": _("Only organisers and facilitators can close a vote."),
    }[action]


def can_count(user, body: Body) -> bool:
    """Tellers (and organisers, who may always do a teller's job) enter counts in the room. A
    council's votes are online only, so nobody counts in a room."""
    if is_council(body):
        return False
    return is_teller(user, body) or is_network_organiser(user)


def can_update_decisions(user, body: Body) -> bool:
    """Who writes how a decision is going: an assembly's organisers, a council's conveners,
    and network organisers."""
    if is_council(body):
        return can_manage(user, body)
    return has_role(user, body, Role.Kind.ORGANISER) or is_network_organiser(user)


def belongs(user, body: Body) -> bool:
    """A member of the assembly, or a delegate holding a seat on the council now."""
    if is_council(body):
        return holds_seat(user, body)
    return is_member(user, body)


# --- Who may vote -------------------------------------------------------------------------------


def seat_holders(council: Council) -> QuerySet:
    """The people holding a seat on the council now (not substitutes), each once, as ids."""
    from folkmoot.delegation.models import DelegateTerm

    return (
        DelegateTerm.objects.filter(member__council=council, ended_at__isnull=True)
        .filter(substitute=False)
        .order_by("person_id")
        .values_list("person_id", flat=True)
        .distinct()
    )


def holds_seat(person, council: Council) -> bool:
    from folkmoot.delegation.mandates import seat_of

    return seat_of(person, council) is not None


def members(assembly: Assembly) -> QuerySet[Membership]:
    return Membership.objects.filter(assembly=assembly, left_at__isnull=True)


# --- Pages --------------------------------------------------------------------------------------


def page_links(body: Body) -> dict:
    """What the vote and decision pages need to link back to the body, for their context."""
    name = "council_" if is_council(body) else ""
    return {
        "body": body,
        "council": body if is_council(body) else None,
        "assembly": None if is_council(body) else body,
        "votes_url": reverse(f"decisions:{name}vote_list", kwargs={"slug": body.slug}),
        "new_vote_url": reverse(f"decisions:{name}vote_new", kwargs={"slug": body.slug}),
        "decisions_url": reverse(f"decisions:{name}decision_log", kwargs={"slug": body.slug}),
    }
