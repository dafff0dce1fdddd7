"""The trace: every seat's vote, the mandate behind it, and the assembly decision behind each
mandate (its tally and the meeting's attendance), down through every level."""

import json

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from conftest import make_person
from folkmoot.councils.models import CouncilMember
from folkmoot.councils.questions import raise_question
from folkmoot.councils.seat_votes import (
    cast_seat_vote,
    open_voting,
)
from folkmoot.councils.trace import trace

from .conftest import make_term


def test_the_result(decided):
    result = decided.result
    assert result["outcome"] == "not_carried"
    assert result["seats"] == {"for": 1, "against": 1, "abstain": 1}  # Eli's vote withdrawn
    assert result["bodies"] == {"for": 1, "against": 1, "abstain": 0}


def test_the_trace_from_the_city_down_to_the_meeting(confed, decided):
    traced = trace(decided)
    json.dumps(traced)  # JSON-ready as it is
    assert traced["question"]["title"] == "Close Market Street to cars"
    assert traced["council"]["name"] == "Testbury City Council"
    assert traced["result"]["outcome"] == "not_carried"
    east, west = traced["bodies"]
    assert (east["name"], east["kind"], east["seats"]) == (
        "East Testbury District Council",
        "council",
        2,
    )
    assert east["referral"]["status"] == "decided"
    assert east["mandate"]["instruction"] == "for"
    assert east["mandate"]["derived"] is True
    assert east["mandate"]["decision"] is None
    assert east["mandate"]["source_question"]["title"] == "Close Market Street to cars"
    votes = {v["delegate"]: v for v in east["votes"]}
    assert votes["Eve"]["answer"] == "for"
    assert votes["Eve"]["withdrawn"] is False
    assert votes["Eve"]["mandate"]["name"].startswith("East Testbury District Council's mandate of")
    assert votes["Eli"]["withdrawn"] is True
    assert votes["Eli"]["withdrawn_reason"] == "Recalled by East Testbury District Council"
    assert [v["answer"] for v in west["votes"]] == ["against"]

    # One level down: how East's members decided.
    child = east["child"]
    assert child["council"]["name"] == "East Testbury District Council"
    assert child["result"]["mandate"]["instruction"] == "for"
    elm, oak = child["bodies"]
    assert (elm["name"], elm["kind"]) == ("Elm Park Assembly", "assembly")
    assert elm["referral"]["proposal"]["url"].startswith("/proposals/")
    assert elm["votes"] == []  # the district does not vote on a question from above
    mandate = elm["mandate"]
    assert mandate["words"] == "Vote for"
    assert mandate["name"].startswith("Elm Park Assembly's mandate of")
    decision = mandate["decision"]
    assert decision["summary"] == "Close Market Street to cars: Carried"
    assert decision["proposal"]["url"] == elm["referral"]["proposal"]["url"]
    assert decision["vote"]["counts"] == {"for": 3, "against": 1, "abstain": 0}
    assert decision["vote"]["turnout"]["total"] == 4
    assert decision["meeting"]["attendees"] == 12
    assert decision["meeting"]["verified_residents"] == 12
    assert oak["mandate"]["decision"]["vote"] is None
    assert oak["mandate"]["decision"]["meeting"] is None
    assert west["child"]["bodies"][0]["mandate"]["instruction"] == "against"


def test_the_page_shows_the_trace(client, decided):
    html = client.get(decided.get_absolute_url()).content.decode()
    assert "How the members of East Testbury District Council decided" in html
    assert "withdrawn: Recalled by East Testbury District Council" in html
    assert "Close Market Street to cars: Carried" in html
    assert "12 people there, 12 local residents (12 verified)" in html
    assert "for 3, against 1, abstain 0" in html


def test_queries_do_not_grow_with_votes(confed, city_convener, db):
    """More seats and votes, the same number of queries: each level is loaded in one go."""
    from folkmoot.councils.models import Competence
    from folkmoot.decisions.models import Decision
    from folkmoot.delegation.mandates import issue_mandate

    competence = Competence.objects.create(council=confed.east, matter="Parties")
    standing = Decision.objects.create(
        assembly=confed.oak_row, summary="Standing orders", decided_at=timezone.now()
    )
    issue_mandate(confed.seats.oak, instruction="discretion", decision=standing)

    def count(seats):
        member = confed.seats.oak
        for n in range(seats):
            make_term(member, make_person(f"x{seats}-{n}@example.org", f"X{n}"))
        member.seats = 1 + seats * 2
        member.save()
        question = open_voting(
            raise_question(
                confed.east, confed.east.conveners.first(), title="Q", competence=competence
            ),
            confed.east.conveners.first(),
        )
        for term in member.delegate_terms.all():
            cast_seat_vote(question, term.person, answer="for")
        with CaptureQueriesContext(connection) as queries:
            trace(question)
        return len(queries)

    assert count(1) == count(4)


def test_a_member_council_with_no_referral_yet(confed, city_convener):
    question = raise_question(confed.city, city_convener, title="Draft")
    traced = trace(question)
    assert [b["referral"] for b in traced["bodies"]] == [None, None]
    assert traced["bodies"][0]["child"] is None
    assert CouncilMember.objects.count() == 5
