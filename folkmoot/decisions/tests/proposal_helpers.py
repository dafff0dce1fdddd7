"""Fixtures and helpers for the proposal tests. Import the ones a test file uses."""

import datetime

import pytest
from django.utils import timezone

from conftest import make_person
from folkmoot.assemblies.models import Membership, Role
from folkmoot.decisions import proposals
from folkmoot.decisions.models import Proposal
from folkmoot.meetings.models import Meeting

# Everyone the permission tests try, by fixture name ("anonymous" is nobody signed in).
WHO = ["anonymous", "person", "member", "author", "facilitator", "organiser", "other_organiser"]


@pytest.fixture
def author(elm_park):
    """A member of Elm Park who writes the proposals."""
    user = make_person("ada@example.org", "Ada")
    Membership.objects.create(assembly=elm_park, person=user)
    return user


@pytest.fixture
def second_member(elm_park):
    user = make_person("bo@example.org", "Bo")
    Membership.objects.create(assembly=elm_park, person=user)
    return user


@pytest.fixture
def oak_member(oak_row):
    user = make_person("oz@example.org", "Oz")
    Membership.objects.create(assembly=oak_row, person=user)
    return user


@pytest.fixture
def facilitator(elm_park):
    user = make_person("fay@example.org", "Fay")
    Role.objects.create(
        assembly=elm_park,
        person=user,
        kind=Role.Kind.FACILITATOR,
        starts_on=datetime.date(2020, 1, 1),
    )
    return user


@pytest.fixture
def meeting(elm_park, organiser):
    start = timezone.now() + datetime.timedelta(days=7)
    return Meeting.objects.create(
        assembly=elm_park, title="June meeting", starts_at=start, venue="Hall", created_by=organiser
    )


def make_proposal(assembly, author, status=Proposal.Status.DRAFT, by=None, **fields):
    """A proposal brought to a state through the real rules (``by`` moves it: an organiser)."""
    fields.setdefault("title", "Plant fruit trees")
    fields.setdefault("body", "We plant ten apple trees on Elm Green.")
    proposal = proposals.submit_proposal(assembly, author, **fields)
    path = {
        Proposal.Status.DRAFT: [],
        Proposal.Status.DISCUSSION: ["discussion"],
        Proposal.Status.VOTING: ["discussion", "voting"],
        Proposal.Status.DECIDED: ["discussion", "voting", "decided"],
        Proposal.Status.WITHDRAWN: ["withdrawn"],
    }[status]
    for step in path:
        if step == "decided":
            proposals.record_outcome(proposal, Proposal.Outcome.CARRIED, by)
        elif step == "withdrawn":
            proposals.withdraw(proposal, author)
        else:
            proposals.move(proposal, step, by)
    return proposal


@pytest.fixture
def draft(elm_park, author):
    return make_proposal(elm_park, author)


def sign_in(client, request, who):
    """Sign in as the fixture named ``who`` (or nobody for "anonymous"); returns the person."""
    if who == "anonymous":
        return None
    person = request.getfixturevalue(who)
    client.force_login(person)
    return person
