"""/assemblies/<slug>/decisions/<pk>/: one decision; organisers add dated updates."""

import pytest

from folkmoot.decisions import results, voting
from folkmoot.decisions.models import ProgressUpdate

from . import vote_helpers as helpers
from .vote_helpers import WHO, client_for, open_vote

teller = helpers.teller


@pytest.fixture
def decision(elm_park, organiser, member):
    vote = open_vote(elm_park, organiser, question="Run a food stall?")
    voting.cast_ballot(vote, member, {"answer": "for"})
    return results.close_vote(vote, organiser).decision


@pytest.mark.parametrize("who", WHO)
def test_only_organisers_add_updates(who, request, decision):
    user = None if who == "anonymous" else request.getfixturevalue(who)
    client = client_for(user)
    url = f"/assemblies/elm-park/decisions/{decision.pk}/"
    page = client.get(url).content.decode()
    assert "Run a food stall?: carried" in page
    assert ("Add an update" in page) == (who == "organiser")
    response = client.post(url, {"progress": "done", "note": "Stall is running"})
    decision.refresh_from_db()
    if who == "organiser":
        assert response.status_code == 302
        assert decision.progress == "done"
        assert ProgressUpdate.objects.get().note == "Stall is running"
    else:
        assert response.status_code == 403
        assert decision.progress == "not_started"
        assert not ProgressUpdate.objects.exists()


def test_an_empty_note_changes_nothing(decision, organiser):
    url = f"/assemblies/elm-park/decisions/{decision.pk}/"
    response = client_for(organiser).post(url, {"progress": "done", "note": ""})
    assert response.status_code == 400
    assert "Write what happened." in response.content.decode()
    decision.refresh_from_db()
    assert decision.progress == "not_started"


def test_decision_of_another_assembly_is_404(decision, oak_row, client):
    assert client.get(f"/assemblies/oak-row/decisions/{decision.pk}/").status_code == 404
