"""/votes/<pk>/open/: organisers and facilitators open a vote (GET asks, POST opens)."""

import pytest

from folkmoot.audit.models import Entry
from folkmoot.decisions.models import Vote

from . import vote_helpers as helpers
from .vote_helpers import WHO, client_for, make_vote

teller = helpers.teller


@pytest.mark.parametrize("who", WHO)
def test_only_managers_open(who, request, elm_park, organiser):
    vote = make_vote(elm_park, organiser)
    user = None if who == "anonymous" else request.getfixturevalue(who)
    response = client_for(user).post(f"/votes/{vote.pk}/open/")
    vote.refresh_from_db()
    if who == "organiser":
        assert response.status_code == 302
        assert vote.status == Vote.Status.OPEN
        assert Entry.objects.filter(kind="vote.opened").count() == 1
    else:
        assert response.status_code in (302, 403)
        assert vote.status == Vote.Status.READY
        assert not Entry.objects.filter(kind="vote.opened").exists()


def test_get_asks_first(elm_park, organiser):
    vote = make_vote(elm_park, organiser)
    response = client_for(organiser).get(f"/votes/{vote.pk}/open/")
    assert "Open the vote?" in response.content.decode()
    vote.refresh_from_db()
    assert vote.status == Vote.Status.READY


def test_opening_twice_says_so(elm_park, organiser):
    vote = make_vote(elm_park, organiser)
    client = client_for(organiser)
    client.post(f"/votes/{vote.pk}/open/")
    response = client.post(f"/votes/{vote.pk}/open/", follow=True)
    assert "already been opened" in response.content.decode()
