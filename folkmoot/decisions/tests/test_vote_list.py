"""GET /assemblies/<slug>/votes/: the assembly's votes; organisers see "Set up a vote"."""

import pytest

from . import vote_helpers as helpers
from .vote_helpers import WHO, client_for, make_vote

teller = helpers.teller


@pytest.mark.parametrize("who", WHO)
def test_everyone_sees_the_list_only_managers_the_button(who, request, elm_park, organiser):
    make_vote(elm_park, organiser, question="Open a food bank?")
    user = None if who == "anonymous" else request.getfixturevalue(who)
    response = client_for(user).get("/assemblies/elm-park/votes/")
    assert response.status_code == 200
    assert "Open a food bank?" in response.content.decode()
    assert ("Set up a vote" in response.content.decode()) == (who == "organiser")


def test_empty_list_is_friendly(client, elm_park):
    response = client.get("/assemblies/elm-park/votes/")
    assert "No votes yet." in response.content.decode()


def test_unknown_assembly_is_404(client, db):
    assert client.get("/assemblies/nowhere/votes/").status_code == 404
