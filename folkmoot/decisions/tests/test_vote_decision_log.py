"""/assemblies/<slug>/decisions/: every decision and how it is going."""

import pytest

from folkmoot.decisions import decision_log, results, voting

from . import vote_helpers as helpers
from .vote_helpers import WHO, client_for, open_vote

teller = helpers.teller


@pytest.mark.parametrize("who", WHO)
def test_everyone_can_read_the_log(who, request, elm_park, organiser, member):
    vote = open_vote(elm_park, organiser, question="Run a food stall?")
    voting.cast_ballot(vote, member, {"answer": "for"})
    decision = results.close_vote(vote, organiser).decision
    decision_log.add_progress_update(decision, organiser, "stuck", "No stall licence yet")
    user = None if who == "anonymous" else request.getfixturevalue(who)
    page = client_for(user).get("/assemblies/elm-park/decisions/").content.decode()
    assert "Run a food stall?: carried" in page
    assert "Stuck" in page
    assert "No stall licence yet" in page


def test_empty_log(client, elm_park):
    page = client.get("/assemblies/elm-park/decisions/").content.decode()
    assert "No decisions yet." in page


def test_only_this_assemblys_decisions(client, elm_park, oak_row, organiser, other_organiser):
    from folkmoot.assemblies.models import Membership

    Membership.objects.create(assembly=oak_row, person=other_organiser)
    vote = open_vote(oak_row, other_organiser, question="Oak question")
    voting.cast_ballot(vote, other_organiser, {"answer": "for"})
    results.close_vote(vote, other_organiser)
    assert "Oak question" not in client.get("/assemblies/elm-park/decisions/").content.decode()
    assert "Oak question" in client.get("/assemblies/oak-row/decisions/").content.decode()
