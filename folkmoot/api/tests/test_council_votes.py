"""A council's own votes in the API: GET /councils/{council}/votes, the council named on each
vote (its assembly empty), the delegates holding its seats as the electorate, and casting a
ballot by the same rules as the vote page."""

import json

from django.test import Client

from folkmoot.decisions import results, voting
from folkmoot.decisions.tests import council_helpers as helpers
from folkmoot.decisions.tests.council_helpers import council_vote

from .conftest import API

council = helpers.council
delegates = helpers.delegates
convener = helpers.convener

COUNCIL_VOTES = f"{API}/councils/{{council}}/votes"
VOTE = f"{API}/votes/{{vote_id}}"
RESULT = f"{API}/votes/{{vote_id}}/result"
BALLOTS = f"{API}/votes/{{vote_id}}/ballots"


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_a_councils_votes_by_id_or_short_name(
    client, council, delegates, convener, elm_park, organiser, check_schema
):
    first = council_vote(council, convener, question="Meet monthly?")
    second = council_vote(
        council,
        convener,
        method="scottish_stv",
        options=["Ann", "Bo", "Cy"],
        seats=2,
        secret=True,
        question="Who goes to the city?",
    )
    voting.create_vote(elm_park, organiser, voting.VoteSetup(question="Elm's", method="majority"))

    for ref in (council.slug, str(council.pk)):
        response = client.get(COUNCIL_VOTES.format(council=ref))
        assert response.status_code == 200
        check_schema("get", COUNCIL_VOTES, response)
        items = response.json()["items"]
        assert [i["id"] for i in items] == [second.pk, first.pk]
        assert all(i["council_id"] == council.pk and i["assembly_id"] is None for i in items)
    closed_only = client.get(COUNCIL_VOTES.format(council=council.slug), {"status": "closed"})
    assert closed_only.json()["items"] == []


def test_an_unknown_council(client, db):
    response = client.get(COUNCIL_VOTES.format(council="nowhere"))
    assert response.status_code == 404
    assert response.json() == {
        "errors": {"council": ["There is no council with that id or short name."]}
    }


def test_one_council_vote_and_its_result(client, council, delegates, convener, check_schema):
    vote = council_vote(council, convener)
    voting.cast_ballot(vote, delegates["ann"], {"answer": "for"})

    response = client.get(VOTE.format(vote_id=vote.pk))
    check_schema("get", VOTE, response)
    data = response.json()
    assert data["council_id"] == council.pk
    assert data["assembly_id"] is None
    assert data["who"] == "members"
    assert data["eligible"] == 3  # Ann, Bo and Cy hold its seats
    assert data["participants"] == 1

    results.close_vote(vote, convener)
    result = client.get(RESULT.format(vote_id=vote.pk))
    check_schema("get", RESULT, result)
    assert result.json()["turnout"]["eligible"] == 3
    assert result.json()["outcome"] == "carried"


def test_an_assemblys_vote_names_its_assembly(client, elm_park, organiser):
    vote = voting.create_vote(
        elm_park, organiser, voting.VoteSetup(question="Elm's", method="majority")
    )
    data = client.get(VOTE.format(vote_id=vote.pk)).json()
    assert data["assembly_id"] == elm_park.pk
    assert data["council_id"] is None


def test_a_delegate_casts_through_the_api_and_no_one_else(council, delegates, convener, member):
    vote = council_vote(council, convener)
    body = json.dumps({"answer": "for"})
    refused = signed_in(member).post(
        BALLOTS.format(vote_id=vote.pk), body, content_type="application/json"
    )
    assert refused.status_code == 403
    assert refused.json() == {
        "errors": {
            "__all__": [
                "Only the delegates who hold a seat on East Testbury Council can vote in its votes."
            ]
        }
    }
    cast = signed_in(delegates["bo"]).post(
        BALLOTS.format(vote_id=vote.pk), body, content_type="application/json"
    )
    assert cast.status_code == 201
    assert vote.participations.get().person == delegates["bo"]
