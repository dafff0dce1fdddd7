"""A small confederation to reason about by hand.

Elm Park (1 seat) and Oak Row (1 seat) → East Testbury District Council; Birch Lane (1 seat)
→ West Testbury District Council; East (2 seats) and West (1 seat) → Testbury City Council.
Each seat has a delegate (DelegateTerm rows made directly: elections are another module's).
"""

import datetime
from types import SimpleNamespace

import pytest
from django.test import Client
from django.utils import timezone

from conftest import make_person
from folkmoot.assemblies.models import Assembly, Membership, Role
from folkmoot.attendance.models import Attendance, Residency
from folkmoot.councils.errors import CouncilError
from folkmoot.councils.models import Council, CouncilMember, Level
from folkmoot.councils.questions import raise_question, refer
from folkmoot.councils.seat_votes import (
    cast_seat_vote,
    close_voting,
    open_voting,
    withdraw_open_votes,
)
from folkmoot.decisions import proposals, results, voting
from folkmoot.decisions.models import Proposal
from folkmoot.delegation.models import DelegateTerm
from folkmoot.meetings.models import Meeting
from folkmoot.places.models import Area

# Everyone the permission tests try, by fixture name ("anonymous" is nobody signed in).
WHO = [
    "anonymous",
    "member",
    "other_organiser",
    "organiser",
    "delegate",
    "convener",
    "network_organiser",
]


def make_term(member: CouncilMember, person, *, substitute: bool = False) -> DelegateTerm:
    today = timezone.localdate()
    return DelegateTerm.objects.create(
        member=member,
        person=person,
        substitute=substitute,
        starts_on=today - datetime.timedelta(days=30),
        ends_on=today + datetime.timedelta(days=335),
    )


def client_for(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def in_a_week() -> datetime.datetime:
    return timezone.now() + datetime.timedelta(days=7)


def decide(proposal, outcome: str, by):
    """An organiser records the assembly's decision on a proposal by hand."""
    proposals.start_voting(proposal, by)
    return proposals.record_outcome(proposal, outcome, by)


def vote_on(proposal, by, ballots: list[dict], method: str = "majority", options=()):
    """The assembly decides the proposal by a vote: ``ballots`` are cast by new members."""
    setup = voting.VoteSetup(
        question=proposal.title, method=method, options=list(options), proposal=proposal
    )
    vote = voting.open_vote(voting.create_vote(proposal.assembly, by, setup), by)
    labels = {o.label: str(o.pk) for o in vote.options.all()}
    for number, ballot in enumerate(ballots):
        voter = make_person(f"voter{vote.pk}-{number}@example.org", f"Voter {number}")
        Membership.objects.create(assembly=proposal.assembly, person=voter)
        if "ranking" in ballot:
            ballot = {"ranking": [labels[label] for label in ballot["ranking"]]}
        voting.cast_ballot(vote, voter, ballot)
    return results.close_vote(vote, by)


@pytest.fixture
def birch_lane(city) -> Assembly:
    west = Area.objects.create(
        name="West Testbury",
        slug="west-testbury",
        kind=Area.Kind.DISTRICT,
        parent=Area.objects.get(slug="testbury"),
    )
    area = Area.objects.create(
        name="Birch Lane", slug="birch-lane", kind=Area.Kind.NEIGHBOURHOOD, parent=west
    )
    return Assembly.objects.create(name="Birch Lane Assembly", slug="birch-lane", area=area)


@pytest.fixture
def birch_organiser(birch_lane):
    user = make_person("bea@example.org", "Bea")
    Role.objects.create(
        assembly=birch_lane,
        person=user,
        kind=Role.Kind.ORGANISER,
        starts_on=datetime.date(2020, 1, 1),
    )
    return user


@pytest.fixture
def convener(db):
    return make_person("cora@example.org", "Cora")


@pytest.fixture
def city_convener(db):
    return make_person("cyd@example.org", "Cyd")


@pytest.fixture
def confed(elm_park, oak_row, birch_lane, convener, city_convener):
    district = Level.objects.create(name="District", rank=1)
    city_level = Level.objects.create(name="City", rank=2)
    east = Council.objects.create(
        name="East Testbury District Council", slug="east-testbury", level=district
    )
    west = Council.objects.create(
        name="West Testbury District Council", slug="west-testbury", level=district
    )
    city = Council.objects.create(name="Testbury City Council", slug="testbury", level=city_level)
    east.conveners.add(convener)
    west.conveners.add(convener)
    city.conveners.add(city_convener)
    seats = SimpleNamespace(
        elm=CouncilMember.objects.create(council=east, assembly=elm_park, seats=1),
        oak=CouncilMember.objects.create(council=east, assembly=oak_row, seats=1),
        birch=CouncilMember.objects.create(council=west, assembly=birch_lane, seats=1),
        east=CouncilMember.objects.create(council=city, member_council=east, seats=2),
        west=CouncilMember.objects.create(council=city, member_council=west, seats=1),
    )
    people = SimpleNamespace(
        dee=make_person("dee@example.org", "Dee"),
        ola=make_person("ola@example.org", "Ola"),
        bob=make_person("bob@example.org", "Bob"),
        eve=make_person("eve@example.org", "Eve"),
        eli=make_person("eli@example.org", "Eli"),
        wes=make_person("wes@example.org", "Wes"),
    )
    Membership.objects.create(assembly=elm_park, person=people.dee)
    terms = SimpleNamespace(
        dee=make_term(seats.elm, people.dee),
        ola=make_term(seats.oak, people.ola),
        bob=make_term(seats.birch, people.bob),
        eve=make_term(seats.east, people.eve),
        eli=make_term(seats.east, people.eli),
        wes=make_term(seats.west, people.wes),
    )
    return SimpleNamespace(
        district=district,
        city_level=city_level,
        east=east,
        west=west,
        city=city,
        seats=seats,
        people=people,
        terms=terms,
        elm_park=elm_park,
        oak_row=oak_row,
        birch_lane=birch_lane,
    )


@pytest.fixture
def delegate(confed):
    """Dee: Elm Park's delegate on the East Testbury District Council."""
    return confed.people.dee


def attended_meeting(assembly, people):
    meeting = Meeting.objects.create(
        assembly=assembly,
        title="June meeting",
        starts_at=timezone.now() - datetime.timedelta(hours=2),
    )
    Attendance.objects.bulk_create(
        Attendance(
            meeting=meeting,
            name=f"Walk-in {n}",
            identity=f"walkin:{n}|TB1 1AA",
            residency=Residency.VERIFIED,
            method=Attendance.Method.TELLER,
        )
        for n in range(people)
    )
    return meeting


@pytest.fixture
def decided(confed, city_convener, organiser, other_organiser, birch_organiser):
    """The city question, referred down and decided all the way, then voted and counted.

    Elm Park votes at a meeting of 12 people: 3 for, 1 against → carried → for.
    Oak Row records "carried" by hand → for. East: both for → its 2 seats for.
    Birch Lane: not carried → against. West: its seat against.
    City (bodies rule): East for, West against → a tie of bodies → not carried.
    """
    question = raise_question(confed.city, city_convener, title="Close Market Street to cars")
    refer(question, city_convener, in_a_week())
    elm = Proposal.objects.get(assembly=confed.elm_park)
    elm.meeting = attended_meeting(confed.elm_park, 12)
    elm.save()
    vote_on(
        elm,
        organiser,
        [{"answer": "for"}, {"answer": "for"}, {"answer": "for"}, {"answer": "against"}],
    )
    decide(Proposal.objects.get(assembly=confed.oak_row), "carried", other_organiser)
    decide(Proposal.objects.get(assembly=confed.birch_lane), "not_carried", birch_organiser)
    open_voting(question, city_convener)
    cast_seat_vote(question, confed.people.eve, answer="for")
    with pytest.raises(CouncilError, match="is to vote for"):
        cast_seat_vote(question, confed.people.eli, answer="against")
    cast_seat_vote(question, confed.people.eli, answer="for")
    cast_seat_vote(question, confed.people.wes, answer="against")
    withdraw_open_votes(confed.terms.eli, "Recalled by East Testbury District Council")
    close_voting(question, city_convener)
    question.refresh_from_db()
    return question
