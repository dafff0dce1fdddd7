"""A small confederation for the delegation tests, made directly in the database.

Elm Park (2 seats) and Oak Row (1 seat) sit on East Testbury Council (a district); East
Testbury (1 seat) sits on Testbury City Council. Elm Park has four resident members besides
the root fixtures' member and organiser.
"""

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from conftest import make_person
from folkmoot.assemblies.models import Membership
from folkmoot.councils.models import Council, CouncilMeeting, CouncilMember, Level, Question
from folkmoot.decisions import results, voting
from folkmoot.decisions.models import Decision
from folkmoot.delegation.models import DelegateTerm

WHO = [
    "anonymous",
    "member",
    "other_organiser",
    "organiser",
    "delegate",
    "network_organiser",
]


def make_term(member, person, *, substitute=False, days_ago=30, seated=True) -> DelegateTerm:
    today = timezone.localdate()
    return DelegateTerm.objects.create(
        member=member,
        person=person,
        substitute=substitute,
        starts_on=today - datetime.timedelta(days=days_ago),
        ends_on=today + datetime.timedelta(days=300),
        seated_at=None
        if substitute or not seated
        else timezone.now() - datetime.timedelta(days=days_ago),
    )


def join(assembly, email, name, residency=Membership.Residency.SELF_DECLARED):
    person = make_person(email, name)
    Membership.objects.create(assembly=assembly, person=person, residency=residency)
    return person


def client_for(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def in_a_week() -> datetime.datetime:
    return timezone.now() + datetime.timedelta(days=7)


def cast_and_close(vote, by, ballots):
    """Open (if needed) the vote, cast ``ballots`` (voter → ballot; rankings by candidate
    label) and close it."""
    if vote.status == vote.Status.READY:
        vote = voting.open_vote(vote, by)
    labels = {o.label: str(o.pk) for o in vote.options.all()}
    for voter, ballot in ballots:
        if "ranking" in ballot:
            ballot = {"ranking": [labels[label] for label in ballot["ranking"]]}
        voting.cast_ballot(vote, voter, ballot)
    return results.close_vote(vote, by)


@pytest.fixture
def levels(db):
    return Level.objects.create(name="District", rank=1), Level.objects.create(name="City", rank=2)


@pytest.fixture
def east(levels):
    return Council.objects.create(
        name="East Testbury Council", slug="east-testbury", level=levels[0]
    )


@pytest.fixture
def city_council(levels):
    return Council.objects.create(name="Testbury City Council", slug="testbury", level=levels[1])


@pytest.fixture
def elm_seat(east, elm_park):
    return CouncilMember.objects.create(council=east, assembly=elm_park, seats=2)


@pytest.fixture
def oak_seat(east, oak_row):
    return CouncilMember.objects.create(council=east, assembly=oak_row, seats=1)


@pytest.fixture
def east_seat(city_council, east):
    return CouncilMember.objects.create(council=city_council, member_council=east, seats=1)


@pytest.fixture
def elm_people(elm_park):
    """Four more resident members of Elm Park: Ann, Bo, Cy, Di."""
    return [
        join(elm_park, f"{name.lower()}@example.org", name) for name in ("Ann", "Bo", "Cy", "Di")
    ]


@pytest.fixture
def delegate(elm_seat, elm_people):
    """Ann holds one of Elm Park's seats on East Testbury Council."""
    return elm_people[0]


@pytest.fixture
def ann_term(elm_seat, delegate):
    return make_term(elm_seat, delegate)


@pytest.fixture
def convener(east):
    person = make_person("cora@example.org", "Cora")
    east.conveners.add(person)
    return person


@pytest.fixture
def question(east, organiser):
    return Question.objects.create(
        council=east, title="Close Elm Road to cars?", raised_by=organiser
    )


@pytest.fixture
def ranking_question(east, organiser):
    return Question.objects.create(
        council=east,
        title="Which park first?",
        kind=Question.Kind.RANKING,
        options=["North", "South", "East"],
        raised_by=organiser,
    )


@pytest.fixture
def decision(elm_park):
    return Decision.objects.create(
        assembly=elm_park, summary="Close Elm Road: carried", decided_at=timezone.now()
    )


@pytest.fixture
def oak_decision(oak_row):
    return Decision.objects.create(
        assembly=oak_row, summary="Oak Row wants a bus", decided_at=timezone.now()
    )


@pytest.fixture
def past_meeting(east):
    return CouncilMeeting.objects.create(
        council=east, starts_at=timezone.now() - datetime.timedelta(days=3), place="Hall"
    )


@pytest.fixture
def who(request, member, other_organiser, organiser, delegate, network_organiser):
    """The person named by ``request.param`` (None for anonymous)."""
    people = {
        "anonymous": None,
        "member": member,
        "other_organiser": other_organiser,
        "organiser": organiser,
        "delegate": delegate,
        "network_organiser": network_organiser,
    }
    return people[request.param]
