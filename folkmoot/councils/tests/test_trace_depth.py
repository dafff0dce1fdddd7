"""The trace reads the same number of queries however many levels of councils it goes
down through: a question raised four levels up costs what one raised two levels up does."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from conftest import make_person
from folkmoot.councils.models import Council, CouncilMember, Level, Question
from folkmoot.councils.questions import raise_question, refer
from folkmoot.councils.seat_votes import cast_seat_vote, close_voting, open_voting
from folkmoot.councils.trace import trace
from folkmoot.decisions.models import Proposal

from .conftest import attended_meeting, decide, in_a_week, make_term, vote_on


@pytest.fixture
def national_question(confed, decided, city_convener, organiser, other_organiser, birch_organiser):
    """Two levels more above the city: a regional council and a national one. A question
    raised on the national council goes down all four levels to the assemblies, is decided
    by each (Elm Park by a vote at a meeting), and comes back up to be voted and counted."""
    region = Council.objects.create(
        name="Testshire Regional Council",
        slug="testshire",
        level=Level.objects.create(name="Region", rank=3),
    )
    nation = Council.objects.create(
        name="National Council", slug="nation", level=Level.objects.create(name="Nation", rank=4)
    )
    nation.conveners.add(city_convener)
    CouncilMember.objects.create(council=region, member_council=confed.city, seats=1)
    seat = CouncilMember.objects.create(council=nation, member_council=region, seats=1)
    rhian = make_person("rhian@example.org", "Rhian")
    make_term(seat, rhian)
    question = raise_question(nation, city_convener, title="Lower the speed limit")
    refer(question, city_convener, in_a_week())
    referred = Proposal.objects.filter(referral__question__parent__parent__parent=question)
    elm = referred.get(assembly=confed.elm_park)
    elm.meeting = attended_meeting(confed.elm_park, 7)
    elm.save()
    vote_on(elm, organiser, [{"answer": "for"}, {"answer": "for"}, {"answer": "against"}])
    decide(referred.get(assembly=confed.oak_row), "carried", other_organiser)
    decide(referred.get(assembly=confed.birch_lane), "carried", birch_organiser)
    open_voting(question, city_convener)
    cast_seat_vote(question, rhian, answer="for")
    return close_voting(question, city_convener)


def _queries(question: Question) -> tuple[dict, int]:
    """The trace, read as the page and the API read it (the question comes with its
    council's level), and the number of queries it took."""
    question = Question.objects.select_related("council__level", "competence").get(pk=question.pk)
    with CaptureQueriesContext(connection) as queries:
        traced = trace(question)
    return traced, len(queries)


def test_four_levels_cost_what_two_do(decided, national_question):
    _, two_levels = _queries(decided)
    traced, four_levels = _queries(national_question)
    assert four_levels == two_levels

    # Every level is there, down to the assembly's decision and the meeting it was taken at.
    region = traced["bodies"][0]
    assert region["name"] == "Testshire Regional Council"
    assert [v["answer"] for v in region["votes"]] == ["for"]
    city = region["child"]["bodies"][0]
    assert city["name"] == "Testbury City Council"
    assert city["mandate"]["source_question"]["title"] == "Lower the speed limit"
    east, west = city["child"]["bodies"]
    assert east["child"]["council"]["name"] == "East Testbury District Council"
    elm = east["child"]["bodies"][0]
    assert elm["name"] == "Elm Park Assembly"
    decision = elm["mandate"]["decision"]
    assert decision["vote"]["counts"] == {"for": 2, "against": 1, "abstain": 0}
    assert decision["meeting"]["attendees"] == 7
    assert west["child"]["bodies"][0]["mandate"]["instruction"] == "for"
