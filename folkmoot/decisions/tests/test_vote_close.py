"""/votes/<pk>/close/: organisers close a vote; it is counted and the result stored."""

import pytest

from folkmoot.audit.models import Entry
from folkmoot.decisions import voting
from folkmoot.decisions.models import Vote

from . import vote_helpers as helpers
from .vote_helpers import WHO, client_for, open_vote

teller = helpers.teller


@pytest.mark.parametrize("who", WHO)
def test_only_managers_close(who, request, elm_park, organiser, member):
    vote = open_vote(elm_park, organiser)
    voting.cast_ballot(vote, member, {"answer": "for"})
    user = None if who == "anonymous" else request.getfixturevalue(who)
    response = client_for(user).post(f"/votes/{vote.pk}/close/")
    vote.refresh_from_db()
    if who == "organiser":
        assert response.status_code == 302
        assert response["Location"] == f"/votes/{vote.pk}/result/"
        assert vote.status == Vote.Status.CLOSED
        assert vote.result["outcome"] == "carried"
        assert Entry.objects.filter(kind="vote.closed").count() == 1
    else:
        assert response.status_code in (302, 403)
        assert vote.status == Vote.Status.OPEN
        assert vote.result is None


def test_get_asks_first_with_the_count_so_far(elm_park, organiser, member):
    vote = open_vote(elm_park, organiser)
    voting.cast_ballot(vote, member, {"answer": "for"})
    page = client_for(organiser).get(f"/votes/{vote.pk}/close/").content.decode()
    assert "1 person has voted online." in page
    vote.refresh_from_db()
    assert vote.status == Vote.Status.OPEN


def test_closing_a_vote_that_is_not_open(elm_park, organiser):
    from .vote_helpers import make_vote

    vote = make_vote(elm_park, organiser)
    response = client_for(organiser).post(f"/votes/{vote.pk}/close/", follow=True)
    assert "Only an open vote can be closed." in response.content.decode()
