"""A council of delegates for the council-vote tests (``from .council_helpers import *``).

East Testbury Council (a district) has Elm Park (2 seats) and Oak Row (1 seat) as member
bodies. Ann and Bo hold Elm Park's seats, Cy holds Oak Row's and Di is Oak Row's substitute.
Cora convenes it. West Testbury Council is another district: Wes holds its one seat.
The root fixtures' ``member`` and ``organiser`` (Elm Park) hold no seat.
"""

import datetime

import pytest
from django.utils import timezone

from conftest import make_person
from folkmoot.assemblies.models import Membership
from folkmoot.councils.models import Council, CouncilMember, Level
from folkmoot.decisions import voting
from folkmoot.decisions.models import Vote
from folkmoot.delegation.models import DelegateTerm

__all__ = [
    "COUNCIL_WHO",
    "convener",
    "council",
    "council_member",
    "council_vote",
    "delegates",
    "sit",
    "substitute",
    "west_delegate",
]

# Everyone the council permission tests try ("anonymous" is nobody signed in).
COUNCIL_WHO = ["anonymous", "member", "organiser", "delegate", "convener", "network_organiser"]


def sit(member: CouncilMember, person, *, substitute: bool = False) -> DelegateTerm:
    today = timezone.localdate()
    return DelegateTerm.objects.create(
        member=member,
        person=person,
        substitute=substitute,
        starts_on=today - datetime.timedelta(days=30),
        ends_on=today + datetime.timedelta(days=300),
        seated_at=None if substitute else timezone.now(),
    )


def _join(assembly, email: str, name: str):
    person = make_person(email, name)
    Membership.objects.create(assembly=assembly, person=person)
    return person


@pytest.fixture
def council(db) -> Council:
    level = Level.objects.create(name="District", rank=1)
    return Council.objects.create(name="East Testbury Council", slug="east-testbury", level=level)


@pytest.fixture
def delegates(council, elm_park, oak_row) -> dict:
    """Ann and Bo (Elm Park) and Cy (Oak Row) hold East Testbury's seats."""
    elm = CouncilMember.objects.create(council=council, assembly=elm_park, seats=2)
    oak = CouncilMember.objects.create(council=council, assembly=oak_row, seats=1)
    people = {
        "ann": _join(elm_park, "ann@example.org", "Ann"),
        "bo": _join(elm_park, "bo@example.org", "Bo"),
        "cy": _join(oak_row, "cy@example.org", "Cy"),
    }
    sit(elm, people["ann"])
    sit(elm, people["bo"])
    sit(oak, people["cy"])
    return people


@pytest.fixture
def substitute(delegates, council, oak_row):
    """Di is Oak Row's substitute on the council: she holds no seat."""
    di = _join(oak_row, "di@example.org", "Di")
    sit(CouncilMember.objects.get(council=council, assembly=oak_row), di, substitute=True)
    return di


@pytest.fixture
def convener(council):
    person = make_person("cora@example.org", "Cora")
    council.conveners.add(person)
    return person


@pytest.fixture
def west_delegate(council, testbury_health):
    """Wes holds a seat on West Testbury Council, another district council."""
    west = Council.objects.create(
        name="West Testbury Council", slug="west-testbury", level=council.level
    )
    wes = _join(testbury_health, "wes@example.org", "Wes")
    sit(CouncilMember.objects.create(council=west, assembly=testbury_health), wes)
    return wes


@pytest.fixture
def council_member(request, member, organiser, delegates, convener, network_organiser):
    """The person ``request.param`` names in COUNCIL_WHO (None for anonymous)."""
    return {
        "anonymous": None,
        "member": member,
        "organiser": organiser,
        "delegate": delegates["ann"],
        "convener": convener,
        "network_organiser": network_organiser,
    }[request.param]


def council_vote(council, by, method="majority", options=(), **kw) -> Vote:
    """A council's vote, set up and opened by ``by`` (a convener)."""
    setup = voting.VoteSetup(
        question=kw.pop("question", "Shall the council meet monthly?"),
        method=method,
        options=list(options),
        **kw,
    )
    return voting.open_vote(voting.create_vote(council, by, setup), by)
