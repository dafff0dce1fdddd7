"""/votes/<pk>/: the vote's page and casting a ballot, for each method, without JavaScript."""

import pytest

from folkmoot.decisions import voting
from folkmoot.decisions.models import Ballot, Participation, Vote

from . import vote_helpers as helpers
from .vote_helpers import WHO, client_for, make_vote, open_vote

teller = helpers.teller


@pytest.mark.parametrize("who", WHO)
def test_who_may_cast(who, request, elm_park, organiser):
    vote = open_vote(elm_park, organiser)
    user = None if who == "anonymous" else request.getfixturevalue(who)
    response = client_for(user).post(f"/votes/{vote.pk}/", {"answer": "for"})
    may = who in ("member", "teller")  # members of Elm Park (the organiser fixture is not one)
    if may:
        assert response.status_code == 302
        assert Participation.objects.filter(vote=vote, person=user).exists()
    else:
        assert response.status_code in (302, 403)
        assert not Ballot.objects.exists()


def test_the_ballot_shows_for_a_member(elm_park, organiser, member):
    vote = open_vote(elm_park, organiser, question="Open a food bank?")
    page = client_for(member).get(f"/votes/{vote.pk}/").content.decode()
    assert "Cast my vote" in page
    assert 'value="against"' in page


def test_not_open_yet(elm_park, organiser, member):
    vote = make_vote(elm_park, organiser)
    page = client_for(member).get(f"/votes/{vote.pk}/").content.decode()
    assert "not open yet" in page
    assert "Cast my vote" not in page


def test_voting_twice_is_refused_with_a_message(elm_park, organiser, member):
    vote = open_vote(elm_park, organiser)
    client = client_for(member)
    client.post(f"/votes/{vote.pk}/", {"answer": "for"})
    page = client.get(f"/votes/{vote.pk}/").content.decode()
    assert "You voted: For." in page
    assert "Cast my vote" not in page
    response = client.post(f"/votes/{vote.pk}/", {"answer": "against"})
    assert response.status_code == 409
    assert "You have already voted" in response.content.decode()
    assert Ballot.objects.get().content == {"answer": "for"}


def test_changing_a_vote(elm_park, organiser, member):
    vote = open_vote(elm_park, organiser, changeable=True)
    client = client_for(member)
    client.post(f"/votes/{vote.pk}/", {"answer": "for"})
    page = client.get(f"/votes/{vote.pk}/").content.decode()
    assert "Change my vote" in page
    response = client.post(f"/votes/{vote.pk}/", {"answer": "against"}, follow=True)
    assert "Your vote is changed" in response.content.decode()
    assert Ballot.objects.get().content == {"answer": "against"}


def test_secret_ballot_message(elm_park, organiser, member):
    vote = open_vote(elm_park, organiser, secret=True)
    response = client_for(member).post(f"/votes/{vote.pk}/", {"answer": "for"}, follow=True)
    page = response.content.decode()
    assert "It is secret" in page
    assert "You have voted. Your vote is secret." in page


def test_consensus_reason_needed(elm_park, organiser, member):
    vote = open_vote(elm_park, organiser, "consensus")
    response = client_for(member).post(f"/votes/{vote.pk}/", {"answer": "stand_aside"})
    assert response.status_code == 400
    assert "Say why you stand aside or block" in response.content.decode()
    assert not Ballot.objects.exists()


def test_approval_checkboxes(elm_park, organiser, member):
    vote = open_vote(elm_park, organiser, "approval", ["Park", "Pool"])
    park, pool = (str(o.pk) for o in vote.options.all())
    client = client_for(member)
    assert 'type="checkbox"' in client.get(f"/votes/{vote.pk}/").content.decode()
    response = client.post(f"/votes/{vote.pk}/", {})
    assert "Tick at least one option." in response.content.decode()
    client.post(f"/votes/{vote.pk}/", {"approved": [park, pool]})
    assert Ballot.objects.get().content == {"approved": [park, pool]}


def test_score_numbers(elm_park, organiser, member):
    vote = open_vote(elm_park, organiser, "score", ["Park", "Pool"], rules={"score_max": 3})
    park, pool = (o.pk for o in vote.options.all())
    client = client_for(member)
    response = client.post(f"/votes/{vote.pk}/", {f"option_{park}": "4", f"option_{pool}": ""})
    page = response.content.decode()
    assert "The highest score is 3." in page
    assert "Give Pool a score from 0 to 3." in page
    client.post(f"/votes/{vote.pk}/", {f"option_{park}": "3", f"option_{pool}": "0"})
    assert Ballot.objects.get().content == {"scores": {str(park): 3, str(pool): 0}}


@pytest.mark.parametrize(
    ("ranks", "message"),
    [
        ({}, "Put the number 1 next to your first choice."),
        ({"Ann": "1", "Bo": "1"}, "You gave number 1 to Ann and Bo."),
        ({"Ann": "1", "Cy": "3"}, "There is no number 2."),
        ({"Ann": "2"}, "There is no number 1."),
    ],
)
def test_ranked_ballots_are_checked(ranks, message, elm_park, organiser, member):
    vote = open_vote(elm_park, organiser, "irv", ["Ann", "Bo", "Cy"])
    ids = {o.label: o.pk for o in vote.options.all()}
    data = {f"rank_{ids[label]}": n for label, n in ranks.items()}
    response = client_for(member).post(f"/votes/{vote.pk}/", data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Ballot.objects.exists()


def test_a_ranked_ballot_is_stored_in_order(elm_park, organiser, member):
    vote = open_vote(elm_park, organiser, "irv", ["Ann", "Bo", "Cy"])
    ids = {o.label: o.pk for o in vote.options.all()}
    client = client_for(member)
    page = client.get(f"/votes/{vote.pk}/").content.decode()
    assert "Number your choices" in page
    client.post(f"/votes/{vote.pk}/", {f"rank_{ids['Cy']}": "1", f"rank_{ids['Ann']}": "2"})
    assert Ballot.objects.get().content == {"ranking": [str(ids["Cy"]), str(ids["Ann"])]}


def test_only_verified_residents_see_why_not(elm_park, organiser, member):
    vote = open_vote(elm_park, organiser, who=Vote.Who.VERIFIED)
    page = client_for(member).get(f"/votes/{vote.pk}/").content.decode()
    assert "Only members whose address has been checked" in page
    assert voting.voted_count(vote) == 0


def test_manager_links(elm_park, organiser, member):
    vote = make_vote(elm_park, organiser)
    assert "Open the vote" in client_for(organiser).get(f"/votes/{vote.pk}/").content.decode()
    assert "Open the vote" not in client_for(member).get(f"/votes/{vote.pk}/").content.decode()
